import { describe, expect, it } from "vitest";
import { ConformanceFailedError, ExitCode } from "../../src/errors.ts";
import { convergeHttp } from "../../src/probes/http-converge.ts";
import { createHttpProbe } from "../../src/probes/http-probe.ts";
import { sampleWeightedSplit } from "../../src/probes/http-weighted-split.ts";
import { outsideProbeNetworks } from "../../src/probes/probe-target-guard.ts";
import { manualClock } from "../../src/wait/clock.ts";

const LAN = ["192.168.5.0/24"];

describe("outsideProbeNetworks", () => {
  it("lets an address inside the run's LAN through", () => {
    expect(outsideProbeNetworks(new URL("http://192.168.5.30/"), LAN)).toBeUndefined();
    expect(outsideProbeNetworks(new URL("http://192.168.5.255:8080/x"), LAN)).toBeUndefined();
  });

  it("refuses the address just past the LAN, saying where a request would go", () => {
    // A fault rehearsal (lbipam-ip-outside-pool, 18:53) gave a Service 192.168.6.0; the suites'
    // requests to it left the machine through its default route.
    expect(outsideProbeNetworks(new URL("http://192.168.6.0/"), LAN)).toBe(
      "192.168.6.0 is outside the run's LAN (192.168.5.0/24), so it was not probed: no link of this machine reaches it, and a request would leave through the host's default route. LAN clients could not reach 192.168.6.0 either.",
    );
  });

  it("refuses names, which could resolve anywhere, and IPv6 outside the networks", () => {
    expect(outsideProbeNetworks(new URL("http://grafana.home.arpa/"), LAN)).toContain(
      "is a name, not an address",
    );
    expect(outsideProbeNetworks(new URL("http://[2001:db8::1]/"), LAN)).toContain("2001:db8::1 is outside");
    expect(outsideProbeNetworks(new URL("http://[fd00:5::7]/"), ["fd00:5::/64"])).toBeUndefined();
  });
});

describe("a probe limited to the run's LAN", () => {
  const probe = createHttpProbe({ onlyInside: () => LAN, requestTimeoutMs: 200 });

  it("refuses an outside target before any socket opens, as a conformance failure", async () => {
    expect(() => probe.assertTarget?.("http://10.0.0.1/")).toThrow(ConformanceFailedError);
    const sent = probe.send({ url: "http://10.0.0.1/" });
    await expect(sent).rejects.toMatchObject({ exitCode: ExitCode.conformanceFailed });
    await expect(sent).rejects.toThrow("10.0.0.1 is outside the run's LAN (192.168.5.0/24)");
  });

  it("fails a convergence wait at once instead of retrying until its budget", async () => {
    const clock = manualClock();
    const converging = convergeHttp(
      probe,
      { url: "http://192.168.6.0/" },
      { status: 200 },
      {
        name: "httpConsistency",
        budgetMs: 30_000,
        clock,
      },
    );
    await expect(converging).rejects.toThrow(ConformanceFailedError);
    expect(clock.now()).toBe(0);
  });

  it("refuses a weighted-split sample before its first request", async () => {
    await expect(sampleWeightedSplit(probe, { url: "http://172.17.0.2/" }, 10)).rejects.toThrow(
      "172.17.0.2 is outside",
    );
  });

  it("reads the networks per request: a suite's probe exists before the run's LAN is known", () => {
    let networks: string[] = [];
    const late = createHttpProbe({ onlyInside: () => networks });
    expect(() => late.assertTarget?.("http://192.168.5.30/")).toThrow("outside the run's LAN (no network)");
    networks = LAN;
    expect(() => late.assertTarget?.("http://192.168.5.30/")).not.toThrow();
  });

  it("an unlimited probe (`probe http`, aimed by the user) refuses nothing", () => {
    expect(() => createHttpProbe().assertTarget?.("http://10.0.0.1/")).not.toThrow();
  });
});
