// What `run` on the seed repo (fixtures/homelab) must come to, wherever the project's own CI runs
// it (scripts/ci-rehearsal.sh against the cluster double, .github/workflows/live.yml on kind):
// its two real static errors — the pool ends on the LAN's broadcast address, and the Pi-hole pair
// shares 192.168.5.53 through two L2 Leases — and, live, exactly the repo-contracts cases of that
// pair, which confirm the second error on every run (src/conformance/repo-contracts/
// shared-ip-answer.ts). Anything else red, or one of these turning green, fails the job.
// test/report/seed-run-expectation.test.ts keeps it equal to what `check` finds in the seed.
import type { RunExpectation } from "../src/report/run-expectation.ts";

export const SEED_RUN_EXPECTATION: RunExpectation = {
  staticErrors: ["l2-shared-ip-leases", "pool-includes-broadcast-address"],
  live: "failed",
  failedCases: ["Service pihole/pihole-dns-udp (", "Service pihole/pihole-dns-tcp ("],
};
