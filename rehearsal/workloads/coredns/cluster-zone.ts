// The answers of CoreDNS's kubernetes plugin for the cluster domain (coredns/coredns
// plugin/kubernetes; the DNS spec kubernetes/dns docs/specification.md): <svc>.<ns>.svc.<zone> A →
// the ClusterIP (headless: the ready endpoints' addresses), _<port>._<proto>.<svc>.<ns>.svc SRV,
// <a-b-c-d>.<ns>.pod.<zone> A (pods insecure), PTR for Service ClusterIPs in in-addr.arpa; any
// other name in the zone NXDOMAIN, a known name of another type NODATA, each with the zone's SOA
// in the authority section (ttl 30, as kubeadm's Corefile sets). Names outside it are not ours.

import { type Answer, RCODE, type ResourceRecord, TYPE } from "./dns-message.ts";

export interface ZoneService {
  name: string;
  namespace: string;
  clusterIP: string | undefined;
  headless: boolean;
  ports: { name: string; port: number; protocol: string }[];
}

export interface ZoneData {
  services: readonly ZoneService[];
  /** Ready endpoint addresses of headless services, by namespace/name. */
  endpoints: ReadonlyMap<string, string[]>;
  namespaces: ReadonlySet<string>;
}

const TTL = 30;

function soa(zone: string): ResourceRecord {
  return {
    name: zone,
    ttl: TTL,
    data: {
      type: TYPE.SOA,
      mname: `ns.dns.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: 1765000000,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: TTL,
    },
  };
}

export function inZone(name: string, zone: string): boolean {
  return (
    name === zone || name.endsWith(`.${zone}`) || name.endsWith(".in-addr.arpa") || name === "in-addr.arpa"
  );
}

export function answerCluster(name: string, type: number, zone: string, data: ZoneData): Answer | undefined {
  const authority = [soa(zone)];
  const nx: Answer = { rcode: RCODE.NXDOMAIN, authoritative: true, answers: [], authority };
  const nodata: Answer = { rcode: RCODE.NOERROR, authoritative: true, answers: [], authority };
  if (name.endsWith(".in-addr.arpa")) {
    const octets = name.slice(0, -".in-addr.arpa".length).split(".").reverse();
    const ip = octets.join(".");
    const service = data.services.find((svc) => svc.clusterIP === ip);
    if (!service || octets.length !== 4) return nx;
    if (type !== TYPE.PTR && type !== TYPE.ANY) return nodata;
    return {
      rcode: RCODE.NOERROR,
      authoritative: true,
      answers: [
        {
          name,
          ttl: TTL,
          data: { type: TYPE.PTR, target: `${service.name}.${service.namespace}.svc.${zone}` },
        },
      ],
      authority: [],
    };
  }
  if (!inZone(name, zone)) return undefined;
  const labels = name
    .slice(0, name.length - zone.length)
    .replace(/\.$/, "")
    .split(".")
    .filter(Boolean);
  if (labels.length === 0) return nodata;
  const kind = labels[labels.length - 1];
  if (kind === "pod" && labels.length === 3) {
    const [dashed = "", namespace = ""] = labels;
    const ip = dashed.replaceAll("-", ".");
    if (!data.namespaces.has(namespace) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return nx;
    if (type !== TYPE.A && type !== TYPE.ANY) return nodata;
    return {
      rcode: RCODE.NOERROR,
      authoritative: true,
      answers: [{ name, ttl: TTL, data: { type: TYPE.A, address: ip } }],
      authority: [],
    };
  }
  if (kind !== "svc") return nx;
  if (labels.length === 2) return data.namespaces.has(labels[0] ?? "") ? nodata : nx;
  if (labels.length === 3) {
    const [svcName = "", namespace = ""] = labels;
    const service = data.services.find((svc) => svc.name === svcName && svc.namespace === namespace);
    if (!service) return nx;
    if (type !== TYPE.A && type !== TYPE.ANY) return nodata;
    const addresses = service.headless
      ? (data.endpoints.get(`${namespace}/${svcName}`) ?? [])
      : service.clusterIP
        ? [service.clusterIP]
        : [];
    return {
      rcode: RCODE.NOERROR,
      authoritative: true,
      answers: addresses.map((address) => ({ name, ttl: TTL, data: { type: TYPE.A, address } })),
      authority: addresses.length ? [] : authority,
    };
  }
  if (labels.length === 5 && labels[0]?.startsWith("_") && labels[1]?.startsWith("_")) {
    const [portLabel = "", protoLabel = "", svcName = "", namespace = ""] = labels;
    const service = data.services.find((svc) => svc.name === svcName && svc.namespace === namespace);
    const port = service?.ports.find(
      (p) => `_${p.name}` === portLabel && `_${p.protocol.toLowerCase()}` === protoLabel,
    );
    if (!service || !port) return nx;
    if (type !== TYPE.SRV && type !== TYPE.ANY) return nodata;
    const target = `${svcName}.${namespace}.svc.${zone}`;
    return {
      rcode: RCODE.NOERROR,
      authoritative: true,
      answers: [
        { name, ttl: TTL, data: { type: TYPE.SRV, priority: 0, weight: 100, port: port.port, target } },
      ],
      authority: [],
    };
  }
  return nx;
}
