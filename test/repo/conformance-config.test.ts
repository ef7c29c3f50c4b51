import { describe, expect, it } from "vitest";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { fixtureWith, thrown, yaml } from "../support/temp-repo.ts";

const config = yaml`
  # Our LAN, as the router sees it.
  paths:
    scan: [infra, apps]
    pool: infra/configs/cilium/load-balancer-ip-pool.yaml
  lan:
    cidr: 192.168.5.0/24
    gateway: 192.168.5.1
    nics: [eno1, enp3s0]
    dhcpRange:
      start: 192.168.5.100
      stop: 192.168.5.199
  promises:
    hubbleUi: false
`;

describe(".cilium-conformance.yaml", () => {
  it("reads paths, LAN facts with their lines, and promises over the defaults", () => {
    const model = loadInfraRepo(fixtureWith({ ".cilium-conformance.yaml": config }));
    const file = ".cilium-conformance.yaml";
    expect(model.config.file).toBe(file);
    expect(model.config.paths.scan).toEqual(["infra", "apps"]);
    expect(model.config.paths.values).toBe("infra/controllers/cilium/values.yaml");
    expect(model.config.lan.cidr).toEqual({ value: "192.168.5.0/24", location: { file, line: 6 } });
    expect(model.config.lan.gateway).toEqual({ value: "192.168.5.1", location: { file, line: 7 } });
    expect(model.config.lan.nics).toEqual({ value: ["eno1", "enp3s0"], location: { file, line: 8 } });
    expect(model.config.lan.dhcpRange).toEqual({
      value: { start: "192.168.5.100", stop: "192.168.5.199" },
      location: { file, line: 9 },
    });
    expect(model.config.promises.hubbleUi).toBe(false);
    expect(model.config.promises.hubble).toBe(true);
    // Only the scanned folders are read: clusters/ is left out.
    expect(model.files.some((f) => f.startsWith("clusters/"))).toBe(false);
    expect(model.files).toContain(file);
  });

  it.each([
    ["a CIDR with host bits", "lan:\n  cidr: 192.168.5.1/24\n", 2, /not a network in CIDR form/],
    ["a gateway that is not an address", "lan:\n  gateway: router.lan\n", 2, /not an IP address/],
    [
      "a DHCP range backwards",
      "lan:\n  dhcpRange:\n    start: 192.168.5.200\n    stop: 192.168.5.100\n",
      2,
      /starts at 192\.168\.5\.200 after it stops/,
    ],
    [
      "a DHCP range mixing IPv4 and IPv6",
      'lan:\n  dhcpRange:\n    start: 192.168.5.100\n    stop: "fd00::1"\n',
      2,
      /lan\.dhcpRange mixes an IPv4 start \(192\.168\.5\.100\) with an IPv6 stop \(fd00::1\)/,
    ],
    ["a promise that is not a boolean", "promises:\n  gatewayApi: yes please\n", 2, /must be true or false/],
    ["an unknown promise", "promises:\n  bgp: true\n", 2, /unknown key "bgp" in promises\.$/],
    [
      "a mistyped promise, with the key it meant",
      "promises:\n  hubbelUi: false\n",
      2,
      /unknown key "hubbelUi" in promises\. Did you mean "hubbleUi"\?/,
    ],
    ["an unknown top-level key", "pools: []\n", 1, /unknown key "pools"/],
    ["nics that are not a list", "lan:\n  nics: eno1\n", 2, /lan\.nics must be a list/],
    ["a path outside the repo", "paths:\n  values: ../secrets/values.yaml\n", 2, /points outside the repo/],
    ["an empty scan list", "paths:\n  scan: []\n", 2, /paths\.scan is empty/],
  ])("rejects %s with its line", (_name, text, line, says) => {
    const error = thrown(() => loadInfraRepo(fixtureWith({ ".cilium-conformance.yaml": text })));
    expect(error.code).toBe("CC_REPO_CONFIG_INVALID");
    expect(error.file).toBe(".cilium-conformance.yaml");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(says);
    expect(error.hint).toBeTruthy();
  });

  it("reports every problem of the file at once, each with its line and fix", () => {
    const text = yaml`
      paths:
        pool: infra/pools.yaml
      lan:
        cidr: 192.168.5.1/24
        gatway: 192.168.5.1
        nics: eno1
      promises:
        gatewayApi: maybe
      pools: []
    `;
    const error = thrown(() => loadInfraRepo(fixtureWith({ ".cilium-conformance.yaml": text })));
    expect(error.code).toBe("CC_REPO_CONFIG_INVALID");
    expect(error.line).toBe(2);
    expect(
      error.problems?.map((p) => [p.line, p.message.replace(/^\.cilium-conformance\.yaml:\d+: /, "")]),
    ).toEqual([
      [2, "paths.pool names the file infra/pools.yaml, which is not in the repo"],
      [4, 'lan.cidr "192.168.5.1/24" is not a network in CIDR form'],
      [5, 'unknown key "gatway" in lan. Did you mean "gateway"?'],
      [6, "lan.nics must be a list"],
      [8, "promises.gatewayApi must be true or false"],
      [9, 'unknown key "pools" in .cilium-conformance.yaml.'],
    ]);
    expect(error.message).toMatch(
      /^\.cilium-conformance\.yaml has 6 problems:\n {2}1\. \.cilium-conformance\.yaml:2: paths\.pool/,
    );
    expect(error.message).toContain("     fix: write one `- item` per line");
  });

  it("accepts an empty config file as all defaults", () => {
    const model = loadInfraRepo(fixtureWith({ ".cilium-conformance.yaml": "# nothing to override\n" }));
    expect(model.config.file).toBe(".cilium-conformance.yaml");
    expect(model.config.paths.scan).toEqual(["."]);
  });
});
