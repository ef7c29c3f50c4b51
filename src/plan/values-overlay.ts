// The values overlay: only what kind forces on the repo's Cilium values, each change a deviation
// with its reason. Everything else of the repo's values reaches the cluster unchanged.

import type { CiliumCompat } from "../compat/compat-types.ts";
import type { ValuesModel } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { type PinnedValue, pinCliDefaults } from "./cli-default-pins.ts";
import { deviceEntries, deviceSelectsKindNic, KIND_NIC } from "./device-names.ts";
import { type Deviation, type JsonObject, type JsonValue, PLACEHOLDERS } from "./run-plan.ts";

export const KIND_API_SERVER_PORT = 6443;

/** Values keys that name network interfaces (chart values.yaml of 1.15-1.19). */
const INTERFACE_KEYS: readonly { key: string; form: "device-list" | "name" }[] = [
  { key: "devices", form: "device-list" },
  { key: "egressMasqueradeInterfaces", form: "device-list" },
  { key: "l2podAnnouncements.interface", form: "name" },
  { key: "encryption.ipsec.interface", form: "name" },
  { key: "encryption.interface", form: "name" },
];

export interface ValuesOverlay {
  overlay: JsonObject;
  deviations: Deviation[];
  /** Values pinned so `cilium install` cannot change them on kind (cli-default-pins.ts). */
  pins: PinnedValue[];
}

export function planValuesOverlay(values: ValuesModel, compat: CiliumCompat): ValuesOverlay {
  const overlay: JsonObject = {};
  const deviations: Deviation[] = [];
  const change = (path: readonly string[], kindValue: JsonValue, reason: string): void => {
    const key = path.join(".");
    const repoValue = valueAt(values.merged, path);
    // Already what kind needs: not a deviation, and not in the overlay.
    if (JSON.stringify(repoValue) === JSON.stringify(kindValue)) return;
    setPath(overlay, path, kindValue);
    deviations.push({
      key,
      target: "values",
      repoValue: repoValue === undefined ? null : (repoValue as JsonValue),
      kindValue,
      reason,
      ...(repoValue === undefined ? {} : { source: values.locate(key) }),
    });
  };

  change(
    ["k8sServiceHost"],
    PLACEHOLDERS.controlPlaneIp,
    "without kube-proxy Cilium reaches the API server directly: on kind that is the control-plane container's LAN IP, known once `kind create` has run",
  );
  change(
    ["k8sServicePort"],
    KIND_API_SERVER_PORT,
    "the kind API server listens on 6443 inside the node network",
  );
  if (compat.k8sServiceHostRef.value && isRecord(values.get("k8sServiceHostRef"))) {
    const ref = values.get("k8sServiceHostRef") as Record<string, unknown>;
    if (ref.name !== undefined && ref.name !== null && ref.name !== "") {
      change(
        ["k8sServiceHostRef", "name"],
        null,
        "k8sServiceHostRef and k8sServiceHost are mutually exclusive; the repo's ConfigMap points at the homelab's API server",
      );
    }
  }

  for (const { key, form } of INTERFACE_KEYS) {
    const path = key.split(".");
    const value = valueAt(values.merged, path);
    const adjusted = form === "device-list" ? adjustDeviceList(value) : adjustInterfaceName(value);
    if (adjusted !== undefined) {
      change(
        path,
        adjusted,
        `names a NIC the kind nodes do not have; their only LAN interface is ${KIND_NIC} (entries that select ${KIND_NIC} are kept)`,
      );
    }
  }

  for (const path of pullPolicyPaths(values.merged, [])) {
    change(
      path,
      "IfNotPresent",
      "kind nodes get Cilium's images pre-loaded (`kind load`); Always would force a registry pull",
    );
  }

  const pinned = pinCliDefaults(values, compat);
  for (const pin of pinned.pins) setPath(overlay, pin.key.split("."), pin.value);
  return { overlay, deviations: [...deviations, ...pinned.deviations], pins: pinned.pins };
}

/** The kind value for a device list, or undefined when the repo's value already works on kind. */
function adjustDeviceList(value: unknown): JsonValue | undefined {
  const entries = deviceEntries(value);
  if (!entries || entries.length === 0) return undefined;
  const kept = entries.filter(deviceSelectsKindNic);
  if (kept.length === entries.length) return undefined;
  const result = kept.length > 0 ? kept : [KIND_NIC];
  return typeof value === "string" ? result.join(" ") : result;
}

function adjustInterfaceName(value: unknown): JsonValue | undefined {
  if (typeof value !== "string" || value === "" || value === KIND_NIC) return undefined;
  return KIND_NIC;
}

function pullPolicyPaths(node: unknown, path: string[]): string[][] {
  if (!isRecord(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    if ((key === "pullPolicy" || key === "imagePullPolicy") && value === "Always") return [[...path, key]];
    return pullPolicyPaths(value, [...path, key]);
  });
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function setPath(root: JsonObject, path: readonly string[], value: JsonValue): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[path.at(-1)!] = value;
}
