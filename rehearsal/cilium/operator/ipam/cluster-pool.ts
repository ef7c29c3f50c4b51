// ipam "cluster-pool": the operator hands every CiliumNode a pod CIDR of cluster-pool-ipv4-mask-size
// bits from cluster-pool-ipv4-cidr (operator/pkg/ipam/allocator/clusterpool, whose CIDR sets are
// kubernetes' nodeipam cidrset: AllocateNext searches from the subnet after the last one given,
// wrapping, and Occupy marks the CIDRs nodes already hold). The agent creates its CiliumNode and
// waits for spec.ipam.podCIDRs (the cilium-node double does exactly that).

import { type Informer, kindInformer } from "../../../k8s/informer.ts";
import type { KubeObjects, Obj } from "../../../k8s/kube-objects.ts";
import { KubeApiError } from "../../../k8s/kube-rest-client.ts";
import type { Logger } from "../../log-line.ts";

export class CidrSet {
  readonly #base: number;
  readonly #baseBits: number;
  readonly #maskBits: number;
  readonly #count: number;
  readonly #used = new Set<number>();
  #next = 0;

  constructor(cidr: string, maskBits: number) {
    const [ip = "", bits = "32"] = cidr.split("/");
    this.#baseBits = Number(bits);
    this.#base = ipToInt(ip) & maskOf(this.#baseBits);
    this.#maskBits = maskBits;
    if (maskBits < this.#baseBits)
      throw new Error(`mask size ${maskBits} is smaller than the cluster CIDR ${cidr}`);
    this.#count = 2 ** (maskBits - this.#baseBits);
  }

  occupy(cidr: string): boolean {
    const [ip = "", bits = ""] = cidr.split("/");
    if (Number(bits) !== this.#maskBits) return false;
    const index = (ipToInt(ip) - this.#base) / 2 ** (32 - this.#maskBits);
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) return false;
    this.#used.add(index);
    return true;
  }

  release(cidr: string): void {
    const [ip = ""] = cidr.split("/");
    this.#used.delete((ipToInt(ip) - this.#base) / 2 ** (32 - this.#maskBits));
  }

  allocateNext(): string | undefined {
    for (let i = 0; i < this.#count; i += 1) {
      const candidate = (this.#next + i) % this.#count;
      if (this.#used.has(candidate)) continue;
      this.#used.add(candidate);
      this.#next = (candidate + 1) % this.#count;
      return `${intToIp(this.#base + candidate * 2 ** (32 - this.#maskBits))}/${this.#maskBits}`;
    }
    return undefined;
  }
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

interface CiliumNodeObj extends Obj {
  spec?: { ipam?: { podCIDRs?: string[] } };
}

export class ClusterPoolAllocator {
  readonly #objects: KubeObjects;
  readonly #log: Logger;
  readonly #sets: CidrSet[];
  readonly #informer: Informer<Obj>;
  #running: Promise<void> = Promise.resolve();

  constructor(objects: KubeObjects, cidrs: string[], maskBits: number, log: Logger) {
    this.#objects = objects;
    this.#log = log.with({ subsys: "ipam-allocator-clusterpool" });
    this.#sets = cidrs.filter((cidr) => !cidr.includes(":")).map((cidr) => new CidrSet(cidr, maskBits));
    this.#informer = kindInformer(
      objects,
      { apiVersion: "cilium.io/v2", kind: "CiliumNode" },
      { onError: (error) => this.#log.warn("Failed to watch", { error: String(error) }) },
    );
    this.#informer.on({
      upsert: (node) => this.#queue(node as CiliumNodeObj),
      delete: (node) => {
        for (const cidr of (node as CiliumNodeObj).spec?.ipam?.podCIDRs ?? [])
          for (const set of this.#sets) set.release(cidr);
      },
    });
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.synced;
  }

  async stop(): Promise<void> {
    await this.#informer.stop();
  }

  #queue(node: CiliumNodeObj): void {
    this.#running = this.#running
      .then(() => this.#handle(node))
      .catch((error: unknown) =>
        this.#log.warn("Failed to allocate a pod CIDR", { node: node.metadata.name, error: String(error) }),
      );
  }

  async #handle(node: CiliumNodeObj): Promise<void> {
    const existing = node.spec?.ipam?.podCIDRs ?? [];
    if (existing.length > 0) {
      for (const cidr of existing) this.#sets.some((set) => set.occupy(cidr));
      return;
    }
    let cidr: string | undefined;
    for (const set of this.#sets) {
      cidr = set.allocateNext();
      if (cidr) break;
    }
    if (!cidr) {
      this.#log.error("Unable to allocate a pod CIDR: the cluster pool is exhausted", {
        node: node.metadata.name,
      });
      return;
    }
    const latest = (await this.#objects.get({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNode",
      name: node.metadata.name,
    })) as CiliumNodeObj | undefined;
    if (!latest) return;
    try {
      await this.#objects.update({
        ...latest,
        spec: { ...(latest.spec ?? {}), ipam: { ...(latest.spec?.ipam ?? {}), podCIDRs: [cidr] } },
      });
      this.#log.info("Allocated pod CIDR", { node: node.metadata.name, cidr });
    } catch (error) {
      for (const set of this.#sets) set.release(cidr);
      if (!(error instanceof KubeApiError && error.code === 409)) throw error;
    }
  }
}
