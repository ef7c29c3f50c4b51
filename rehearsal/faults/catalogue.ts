// The fault catalogue (issue 12): every fault the double can inject, the suite and case that must
// catch it, and the failure class. `scripts/rehearse.sh --list-faults [--format json]` prints it;
// rehearse.ts refuses a `--fault` not listed here. Each entry's behaviour lives where it acts
// (`hasFault(name)` in that component) and is documented here.

export type FaultSuite =
  | "kube-proxy-replacement"
  | "lb-ipam"
  | "l2-announcements"
  | "gateway-api"
  | "hubble"
  | "connectivity"
  | "provisioning";

export interface Fault {
  name: string;
  suite: FaultSuite;
  /** The case (test name) that must go red. */
  case: string;
  class: "conformance" | "infrastructure";
  /** What the double does differently, and the upstream behaviour it breaks. */
  description: string;
}

export const FAULTS: readonly Fault[] = [
  {
    name: "kind-create-fails",
    suite: "provisioning",
    case: "Infrastructure/Provisioning",
    class: "infrastructure",
    description:
      "the fake kind's create cluster fails after starting the node containers (as kind does when kubeadm init fails), so `up` must collect diagnostics and clean up",
  },
];

export function findFault(name: string): Fault | undefined {
  return FAULTS.find((fault) => fault.name === name);
}
