// The two sides of an upgrade: each chart version with its compat-table facts.

import type { CiliumVersion } from "../compat/cilium-version.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { InfraModel } from "../repo/infra-model.ts";

export interface VersionSide {
  version: CiliumVersion;
  compat: CiliumCompat;
}

export interface UpgradeSides {
  model: InfraModel;
  current: VersionSide;
  candidate: VersionSide;
}
