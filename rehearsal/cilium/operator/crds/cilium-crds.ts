// The CustomResourceDefinitions Cilium's operator registers at start (pkg/k8s/apis/cilium.io/client
// register.go CreateCustomResourceDefinitions: every CRD embedded from crds/v2 and crds/v2alpha1 at
// that version, labelled io.cilium.k8s.crd.schema.version). Names, scope, short names, categories
// and the versions each serves (served/storage/deprecated, a status subresource) were read from
// those YAML files at v1.16.15, v1.17.8, v1.18.3 and the v1.19 branch point; the schemas are not
// carried — the double registers each version with an open schema.
//
// The v1.16 table in full, then what each later minor changes. A row: plural, kind, scope, short
// names, categories, versions, where a version is its name, then after ":" its flags: "!" not
// served, "*" storage, "~" deprecated, "s" status subresource.

export type CrdRow = readonly [
  plural: string,
  kind: string,
  scope: "Cluster" | "Namespaced",
  shortNames: string,
  categories: string,
  versions: string,
];

/** pkg/k8s/apis/cilium.io/register.go CustomResourceDefinitionSchemaVersion. */
export const CRD_SCHEMA_VERSION: Readonly<Record<number, string>> = {
  16: "1.29.14",
  17: "1.30.8",
  18: "1.31.11",
  19: "1.32.5",
};

/**
 * One row of the table as a line: plural, kind, scope, short names ("-" for none), categories, then
 * the versions (which may hold spaces), columns apart by white space.
 */
function crdRow(line: string): CrdRow {
  const cells = line.trim().split(/\s+/);
  const [plural, kind, scope, shortNames, categories] = cells as [string, string, string, string, string];
  if (cells.length < 6 || (scope !== "Cluster" && scope !== "Namespaced")) {
    throw new Error(`cilium-crds: a row needs 6 columns and the scope Cluster or Namespaced: ${line}`);
  }
  return [plural, kind, scope, shortNames === "-" ? "" : shortNames, categories, cells.slice(5).join(" ")];
}

function crdRows(table: string): CrdRow[] {
  return table
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(crdRow);
}

/** The CRDs of v1.16, sorted by plural. */
const V1_16: readonly CrdRow[] = crdRows(`
  ciliumbgpadvertisements           CiliumBGPAdvertisement          Cluster     cbgpadvert                         cilium,ciliumbgp     v2alpha1:*
  ciliumbgpclusterconfigs           CiliumBGPClusterConfig          Cluster     cbgpcluster                        cilium,ciliumbgp     v2alpha1:*
  ciliumbgpnodeconfigoverrides      CiliumBGPNodeConfigOverride     Cluster     cbgpnodeoverride                   cilium,ciliumbgp     v2alpha1:*
  ciliumbgpnodeconfigs              CiliumBGPNodeConfig             Cluster     cbgpnode                           cilium,ciliumbgp     v2alpha1:*s
  ciliumbgppeerconfigs              CiliumBGPPeerConfig             Cluster     cbgppeer                           cilium,ciliumbgp     v2alpha1:*
  ciliumbgppeeringpolicies          CiliumBGPPeeringPolicy          Cluster     bgpp                               cilium,ciliumbgp     v2alpha1:*
  ciliumcidrgroups                  CiliumCIDRGroup                 Cluster     ccg                                cilium               v2alpha1:*
  ciliumclusterwideenvoyconfigs     CiliumClusterwideEnvoyConfig    Cluster     ccec                               cilium               v2:*
  ciliumclusterwidenetworkpolicies  CiliumClusterwideNetworkPolicy  Cluster     ccnp                               cilium,ciliumpolicy  v2:*s
  ciliumegressgatewaypolicies       CiliumEgressGatewayPolicy       Cluster     cegp                               cilium,ciliumpolicy  v2:*
  ciliumendpoints                   CiliumEndpoint                  Namespaced  cep,ciliumep                       cilium               v2:*
  ciliumendpointslices              CiliumEndpointSlice             Cluster     ces                                cilium               v2alpha1:*
  ciliumenvoyconfigs                CiliumEnvoyConfig               Namespaced  cec                                cilium               v2:*
  ciliumexternalworkloads           CiliumExternalWorkload          Cluster     cew                                cilium               v2:*s
  ciliumidentities                  CiliumIdentity                  Cluster     ciliumid                           cilium               v2:*s
  ciliuml2announcementpolicies      CiliumL2AnnouncementPolicy      Cluster     l2announcement                     cilium               v2alpha1:*s
  ciliumloadbalancerippools         CiliumLoadBalancerIPPool        Cluster     ippools,ippool,lbippool,lbippools  cilium               v2alpha1:*s
  ciliumlocalredirectpolicies       CiliumLocalRedirectPolicy       Namespaced  clrp                               cilium,ciliumpolicy  v2:*
  ciliumnetworkpolicies             CiliumNetworkPolicy             Namespaced  cnp,ciliumnp                       cilium,ciliumpolicy  v2:*s
  ciliumnodeconfigs                 CiliumNodeConfig                Namespaced  -                                  cilium               v2:* v2alpha1:~
  ciliumnodes                       CiliumNode                      Cluster     cn,ciliumn                         cilium               v2:*s
  ciliumpodippools                  CiliumPodIPPool                 Cluster     cpip                               cilium               v2alpha1:*
`);

/**
 * What each later minor changes against the one before, by plural: the served versions of a CRD
 * it keeps (a string), a CRD it adds (a row), or `null` for one it no longer ships.
 */
const CHANGES: Readonly<Record<number, Readonly<Record<string, string | CrdRow | null>>>> = {
  17: {
    ciliumbgpclusterconfigs: "v2alpha1:*s",
    ciliumbgppeerconfigs: "v2alpha1:*s",
  },
  18: {
    ciliumbgpadvertisements: "v2:* v2alpha1:~",
    ciliumbgpclusterconfigs: "v2:*s v2alpha1:~s",
    ciliumbgpnodeconfigoverrides: "v2:* v2alpha1:~",
    ciliumbgpnodeconfigs: "v2:*s v2alpha1:~s",
    ciliumbgppeerconfigs: "v2:*s v2alpha1:~s",
    ciliumbgppeeringpolicies: "v2alpha1:*~",
    ciliumcidrgroups: "v2:* v2alpha1:~",
    ciliumexternalworkloads: null,
    ciliumgatewayclassconfigs: crdRow(
      "ciliumgatewayclassconfigs CiliumGatewayClassConfig Namespaced cgcc cilium v2alpha1:*s",
    ),
    ciliumloadbalancerippools: "v2:*s v2alpha1:s",
  },
  19: {
    ciliumbgppeeringpolicies: null,
    ciliumloadbalancerippools: "v2:*s v2alpha1:~s",
  },
};

function withChanges(
  rows: readonly CrdRow[],
  changes: Readonly<Record<string, string | CrdRow | null>>,
): CrdRow[] {
  const byPlural = new Map(rows.map((row) => [row[0], row]));
  for (const [plural, change] of Object.entries(changes)) {
    const kept = byPlural.get(plural);
    if (change === null) byPlural.delete(plural);
    else if (typeof change !== "string") byPlural.set(plural, change);
    else if (kept) byPlural.set(plural, [kept[0], kept[1], kept[2], kept[3], kept[4], change]);
  }
  return [...byPlural.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export const CILIUM_CRDS: Readonly<Record<number, readonly CrdRow[]>> = (() => {
  const tables: Record<number, readonly CrdRow[]> = { 16: V1_16 };
  for (const minor of [17, 18, 19])
    tables[minor] = withChanges(tables[minor - 1] ?? [], CHANGES[minor] ?? {});
  return tables;
})();
