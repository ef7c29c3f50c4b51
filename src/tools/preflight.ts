// Preflight: can this machine stand up a cluster at all? A pure evaluation over gathered facts
// (so every miss and its fix is unit-tested) and a gatherer that asks the machine. All misses are
// reported together: a person should fix everything in one go, not one error per attempt.

import { EnvironmentError, type EnvironmentErrorCode } from "../errors.ts";
import { outputExcerpt } from "../text/telling-line.ts";
import { isAtLeast, type ToolPin, toolPins } from "./pinned-tools.ts";

export type DockerReachability =
  | { state: "ok"; serverVersion: string; operatingSystem: string; cgroupVersion: string | undefined }
  | { state: "binary-missing"; searched: string[] }
  | { state: "permission-denied"; detail: string }
  | { state: "daemon-down"; detail: string };

export interface ToolFact {
  /** Absolute path, or undefined when not found. */
  path: string | undefined;
  searched: string[];
  /** Parsed version (`v0.31.0`), or undefined when it could not be read. */
  version: string | undefined;
  /** Raw output or error when the version could not be parsed. */
  versionOutput?: string;
}

export interface PreflightFacts {
  /** `process.platform`. */
  platform: string;
  docker: DockerReachability;
  /** `stat -fc %T /sys/fs/cgroup` on the host (`cgroup2fs` for cgroup v2), undefined when unreadable. */
  cgroupFs: string | undefined;
  kind: ToolFact;
  cilium: ToolFact;
}

export interface PreflightMiss {
  code: EnvironmentErrorCode;
  what: string;
  fix: string;
}

export const INSTALL_TOOLS = "scripts/install-tools.sh";

/** What the user told preflight to accept (`--allow-cgroup-v1`). */
export interface PreflightPolicy {
  allowCgroupV1?: boolean;
}

export function evaluatePreflight(
  facts: PreflightFacts,
  pins: { kind: ToolPin; cilium: ToolPin } = toolPins,
  policy: PreflightPolicy = {},
): PreflightMiss[] {
  const misses: PreflightMiss[] = [];
  if (facts.platform !== "linux") {
    misses.push({
      code: "CC_ENV_UNSUPPORTED_HOST",
      what: `this host runs ${facts.platform}, not Linux: with Docker Desktop the kind nodes live in a VM and the LoadBalancer IPs on the LAN bridge are unreachable from the host, so ARP and HTTP probes cannot work`,
      fix: "run on a Linux machine or CI runner (e.g. GitHub's ubuntu-24.04) with a native Docker engine",
    });
  }
  misses.push(...dockerMisses(facts.docker));
  if (facts.cgroupFs !== "cgroup2fs" && !policy.allowCgroupV1) {
    misses.push({
      code: "CC_ENV_UNSUPPORTED_HOST",
      what: `the host does not run cgroup v2 (\`stat -fc %T /sys/fs/cgroup\` says ${facts.cgroupFs ?? "nothing readable"}, expected cgroup2fs): Cilium's socket load-balancing on kind and the pinned kind node image need it`,
      fix: "use a host with the unified cgroup hierarchy (Ubuntu 22.04+, Debian 11+; or boot with systemd.unified_cgroup_hierarchy=1), or pass --allow-cgroup-v1 with a kind node image that still runs on cgroup v1",
    });
  }
  misses.push(...toolMisses("kind", facts.kind, pins.kind));
  misses.push(...toolMisses("cilium", facts.cilium, pins.cilium));
  return misses;
}

function dockerMisses(docker: DockerReachability): PreflightMiss[] {
  switch (docker.state) {
    case "ok":
      if (/docker desktop/i.test(docker.operatingSystem)) {
        return [
          {
            code: "CC_ENV_UNSUPPORTED_HOST",
            what: `the Docker engine is Docker Desktop (${docker.operatingSystem}): containers run in a VM and LoadBalancer IPs on the bridge network are unreachable from this host`,
            fix: "use a native Docker engine on Linux (Debian/Ubuntu: `sudo apt-get install docker.io`)",
          },
        ];
      }
      return [];
    case "binary-missing":
      return [
        {
          code: "CC_ENV_TOOL_MISSING",
          what: `the docker client was not found (looked in: ${docker.searched.join(", ")})`,
          fix: "install Docker (Debian/Ubuntu: `sudo apt-get install docker.io`, or `scripts/ensure-docker.sh` as root), or set CILIUM_CONFORMANCE_DOCKER_BIN to the client's path",
        },
      ];
    case "permission-denied":
      return [
        {
          code: "CC_ENV_DOCKER_UNREACHABLE",
          what: `this user may not talk to the Docker engine (${docker.detail})`,
          fix: 'add yourself to the docker group (`sudo usermod -aG docker "$USER"`, then log out and in) or run as root',
        },
      ];
    case "daemon-down":
      return [
        {
          code: "CC_ENV_DOCKER_UNREACHABLE",
          what: `the Docker engine does not answer (${docker.detail})`,
          fix: "start it: `sudo systemctl start docker` (or `sudo dockerd &`; `scripts/ensure-docker.sh` as root installs and starts Debian's docker.io)",
        },
      ];
  }
}

function toolMisses(name: "kind" | "cilium", fact: ToolFact, pin: ToolPin): PreflightMiss[] {
  const label = name === "kind" ? "kind" : "the cilium CLI";
  if (fact.path === undefined) {
    return [
      {
        code: "CC_ENV_TOOL_MISSING",
        what: `${label} was not found (looked in: ${fact.searched.join(", ")})`,
        fix: `run \`${INSTALL_TOOLS}\` (installs ${name} ${pin.pinned} into .tools/bin, checksum-verified)`,
      },
    ];
  }
  if (fact.version === undefined) {
    return [
      {
        code: "CC_ENV_TOOL_VERSION",
        what: `could not read the version of ${label} at ${fact.path}${fact.versionOutput ? ` (output: ${outputExcerpt(fact.versionOutput)})` : ""}`,
        fix: `run \`${INSTALL_TOOLS}\` to install ${name} ${pin.pinned}`,
      },
    ];
  }
  if (!isAtLeast(fact.version, pin.minimum)) {
    return [
      {
        code: "CC_ENV_TOOL_VERSION",
        what: `${label} at ${fact.path} is ${fact.version}, older than ${pin.minimum} (${pin.minimumReason})`,
        fix: `run \`${INSTALL_TOOLS}\` to install ${name} ${pin.pinned} into .tools/bin (it takes precedence over PATH)`,
      },
    ];
  }
  return [];
}

/** Every preflight miss at once; exit 3. */
export class PreflightError extends EnvironmentError {
  readonly misses: readonly PreflightMiss[];

  constructor(misses: readonly PreflightMiss[]) {
    const first = misses[0];
    const body = misses
      .map((miss, index) => `  ${index + 1}. ${miss.what}\n     fix: ${miss.fix}`)
      .join("\n");
    super(
      first?.code ?? "CC_ENV_TOOL_MISSING",
      `preflight: this machine cannot stand up the cluster (${misses.length} problem${misses.length === 1 ? "" : "s"}):\n${body}`,
      { hint: "fix the problems above, then run the command again" },
    );
    this.misses = misses;
  }
}

export function assertPreflight(facts: PreflightFacts, policy: PreflightPolicy = {}): void {
  const misses = evaluatePreflight(facts, toolPins, policy);
  if (misses.length > 0) throw new PreflightError(misses);
}
