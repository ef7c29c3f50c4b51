// The CNI configuration the agent writes once it is ready (write-cni-conf-when-ready,
// daemon/cmd/cni/config.go, chaining mode "none"): the kubelet finds a network plugin in
// /etc/cni/net.d, and the node turns Ready. With cni-exclusive the agent renames every other
// configuration in the folder to *.cilium_bak.

export function ciliumConflist(options: { debug: boolean; logFile: string }): string {
  return `${JSON.stringify(
    {
      cniVersion: "0.3.1",
      name: "cilium",
      plugins: [{ type: "cilium-cni", "enable-debug": options.debug, "log-file": options.logFile }],
    },
    null,
    2,
  )}\n`;
}

export const CNI_BACKUP_SUFFIX = ".cilium_bak";

/** The files cni-exclusive moves aside: other .conf/.conflist/.json files in the folder. */
export function foreignCniConfigs(files: readonly string[], own: string): string[] {
  return files.filter(
    (file) => file !== own && /\.(conf|conflist|json)$/.test(file) && !file.endsWith(CNI_BACKUP_SUFFIX),
  );
}
