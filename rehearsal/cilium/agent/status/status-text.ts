// `cilium-dbg status` text: pkg/client/client.go FormatStatusResponse (the parts the double's
// StatusResponse carries, in Cilium's order and wording) through Go's tabwriter as
// cilium-dbg/cmd/status.go prints it, then "Cluster health:" (health probing disabled in the
// double). `--brief` is FormatStatusResponseBrief.

import { tabwrite } from "../../../go/tabwriter.ts";
import type { SimpleStatus, StatusResponse } from "./status-response.ts";

function unhealthy(status: SimpleStatus | undefined): boolean {
  return status !== undefined && status.state !== "Ok" && status.state !== "Disabled";
}

export function formatStatusBrief(sr: StatusResponse): string {
  let msg = "";
  if (unhealthy(sr.kvstore)) msg = `kvstore: ${sr.kvstore?.msg ?? ""}`;
  else if (sr.kubernetes && sr.kubernetes.state !== "Ok" && sr.kubernetes.state !== "Disabled") {
    msg = `kubernetes: ${sr.kubernetes.msg ?? ""}`;
  } else if (unhealthy(sr.cilium)) msg = `cilium: ${sr.cilium?.msg ?? ""}`;
  else if (unhealthy(sr.cluster?.ciliumHealth)) msg = `cilium-health: ${sr.cluster?.ciliumHealth?.msg ?? ""}`;
  if (msg === "") {
    const failing = (sr.controllers ?? []).find((c) => c.status["last-failure-msg"]);
    if (failing) msg = `controller ${failing.name}: ${failing.status["last-failure-msg"]}`;
  }
  return msg === "" ? "OK\n" : `error in ${msg}\n`;
}

/** The raw FormatStatusResponse output, before the tabwriter. */
export function formatStatusCells(sr: StatusResponse): string {
  let w = "";
  if (sr.kvstore) w += `KVStore:\t${sr.kvstore.state}\t${sr.kvstore.msg ?? ""}\n`;
  if (sr.kubernetes) {
    w += `Kubernetes:\t${sr.kubernetes.state}\t${sr.kubernetes.msg ?? ""}\n`;
    if (sr.kubernetes.state !== "Disabled") {
      const versions = [...sr.kubernetes["k8s-api-versions"]].sort();
      w += `Kubernetes APIs:\t["${versions.join('", "')}"]\n`;
    }
  }
  const kpr = sr["kube-proxy-replacement"];
  if (kpr) {
    let devices = "";
    if (kpr.mode !== "False") {
      let list = "";
      kpr.deviceList.forEach((dev, i) => {
        list += `${dev.name} ${dev.ip.join(" ")}`;
        if (dev.name === kpr.directRoutingDevice) list += " (Direct Routing)";
        if (i + 1 !== kpr.devices.length) list += ", ";
      });
      if (kpr.deviceList.length > 0) devices = `[${list}]`;
    }
    w += `KubeProxyReplacement:\t${kpr.mode}\t${devices}\n`;
  }
  if (sr["host-firewall"]) {
    const hf = sr["host-firewall"];
    w += `Host firewall:\t${hf.mode}${hf.mode !== "Disabled" ? `\t[${hf.devices.join(", ")}]` : ""}\n`;
  }
  if (sr["cni-chaining"]) w += `CNI Chaining:\t${sr["cni-chaining"].mode}\n`;
  if (sr["cni-file"]) w += `CNI Config file:\t${sr["cni-file"].msg}\n`;
  if (sr.cilium) w += `Cilium:\t${sr.cilium.state}   ${sr.cilium.msg ?? ""}\n`;
  const nm = sr.nodeMonitor;
  w += nm
    ? `NodeMonitor:\tListening for events on ${nm.cpus} CPUs with ${nm.npages}x${nm.pagesize} of shared memory\n`
    : "NodeMonitor:\tDisabled\n";
  if (sr.cluster?.ciliumHealth) {
    w += `Cilium health daemon:\t${sr.cluster.ciliumHealth.state}\t${sr.cluster.ciliumHealth.msg ?? ""}\n`;
  }
  if (sr.ipam) w += `IPAM:\t${sr.ipam.status}\n`;
  const bwm = sr["bandwidth-manager"];
  if (bwm)
    w += `BandwidthManager:\t${bwm.enabled ? `EDT with BPF [CUBIC] [${bwm.devices.join(", ")}]` : "Disabled"}\n`;
  if (sr.routing) {
    let status = `Network: ${sr.routing["inter-host-routing-mode"]}`;
    if (sr.routing["inter-host-routing-mode"] === "Tunnel")
      status += ` [${sr.routing["tunnel-protocol"] ?? ""}]`;
    w += `Routing:\t${status}\tHost: ${sr.routing["intra-host-routing-mode"]}\n`;
  }
  if (sr["attach-mode"]) w += `Attach Mode:\t${sr["attach-mode"] === "tcx" ? "TCX" : "Legacy TC"}\n`;
  if (sr["datapath-mode"])
    w += `Device Mode:\t${sr["datapath-mode"] === "veth" ? "veth" : sr["datapath-mode"]}\n`;
  const masq = sr.masquerading;
  if (masq) {
    const on = (b: boolean | undefined) => (b ? "Enabled" : "Disabled");
    let status: string;
    if (!masq.enabledProtocols) status = on(masq.enabled);
    else if (!masq.enabledProtocols.ipv4 && !masq.enabledProtocols.ipv6) status = on(false);
    else {
      status = masq.mode === "BPF" ? (masq["ip-masq-agent"] ? "BPF (ip-masq-agent)" : "BPF") : "IPTables";
      if (masq.mode === "BPF" && kpr) {
        status += `\t[${kpr.deviceList.map((d) => d.name).join(", ")}]\t${masq["snat-exclusion-cidr-v4"] ?? ""} ${masq["snat-exclusion-cidr-v6"] ?? ""}`;
      }
      status = `${status} [IPv4: ${on(masq.enabledProtocols.ipv4)}, IPv6: ${on(masq.enabledProtocols.ipv6)}]`;
    }
    w += `Masquerading:\t${status}\n`;
  }
  if (sr.controllers) {
    const failing = sr.controllers.filter((c) => (c.status["consecutive-failure-count"] ?? 0) > 0);
    w += `Controller Status:\t${sr.controllers.length - failing.length}/${sr.controllers.length} healthy\n`;
    if (failing.length > 0) {
      const rows = failing
        .map(
          (c) =>
            `  ${c.name}\t${c.status["last-success-timestamp"] ? "recently" : "never"}\trecently\t${c.status["consecutive-failure-count"]}\t${c.status["last-failure-msg"] ?? "no error"}\t\n`,
        )
        .sort();
      w += tabwrite(["  Name\tLast success\tLast error\tCount\tMessage\n", ...rows].sort().join(""), {
        minwidth: 0,
        padding: 3,
      });
    }
  }
  w += sr.proxy
    ? `Proxy Status:\tOK, ip ${sr.proxy.ip}, ${sr.proxy["total-redirects"] ?? 0} redirects active on ports ${sr.proxy["port-range"]}, Envoy: ${sr.proxy["envoy-deployment-mode"] ?? ""}\n`
    : "Proxy Status:\tNo managed proxy redirect\n";
  const range = sr["identity-range"];
  w += range
    ? `Global Identity Range:\tmin ${range["min-identity"]}, max ${range["max-identity"]}\n`
    : "Global Identity Range:\tUnknown\n";
  if (sr.hubble) {
    const fields = [sr.hubble.msg ? `${sr.hubble.state} ${sr.hubble.msg}` : sr.hubble.state];
    const o = sr.hubble.observer;
    if (o) {
      const observer: string[] = [];
      if ((o["max-flows"] ?? 0) > 0) {
        const current = o["current-flows"] ?? 0;
        const max = o["max-flows"] ?? 0;
        observer.push(`Current/Max Flows: ${current}/${max} (${((current / max) * 100).toFixed(2)}%)`);
      }
      if ((o.uptime ?? 0) > 0)
        observer.push(`Flows/s: ${((o["seen-flows"] ?? 0) / ((o.uptime ?? 1) / 1e9)).toFixed(2)}`);
      fields.push(observer.join(", "));
    }
    const metrics = sr["hubble-metrics"];
    if (metrics) fields.push(`Metrics: ${metrics.msg ? `${metrics.state} (${metrics.msg})` : metrics.state}`);
    w += `Hubble:\t${fields.join("\t")}\n`;
  }
  return w;
}

export function formatStatus(sr: StatusResponse): string {
  return tabwrite(`${formatStatusCells(sr)}Cluster health:\t\tProbe disabled\n`, { minwidth: 2, padding: 3 });
}
