// Contract 1 for the images the cilium-control parts play: each resolves to a program that exists.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { behaviourFor, IMAGE_BEHAVIOURS } from "../../../rehearsal/node/image-behaviours.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("Cilium images → the double's programs", () => {
  it("maps the operator, Envoy and the connectivity test's images, whatever the tag or digest", () => {
    expect(behaviourFor("quay.io/cilium/operator-generic:v1.18.11@sha256:1")?.run).toEqual({
      program: "rehearsal/cilium/operator/main.ts",
    });
    expect(
      behaviourFor("quay.io/cilium/cilium-envoy:v1.34.4-1754895458-68cffdfa568b6b226d70a7ef81fc65dda3b890bf")
        ?.run,
    ).toEqual({ program: "rehearsal/cilium/envoy/main.ts" });
    expect(behaviourFor("quay.io/cilium/alpine-curl:v1.10.0@sha256:913e")?.commands).toEqual({
      curl: "rehearsal/cilium-cli/connectivity/images/curl.ts",
    });
    expect(behaviourFor("quay.io/cilium/json-mock:v1.4.1")?.run).toEqual({
      program: "rehearsal/cilium-cli/connectivity/images/json-mock.ts",
    });
  });

  it("names only programs that exist", () => {
    for (const entry of IMAGE_BEHAVIOURS) {
      const programs = [
        ...("program" in entry.run ? [entry.run.program] : []),
        ...Object.values(entry.commands ?? {}),
      ];
      for (const program of programs) expect(existsSync(join(ROOT, program)), program).toBe(true);
    }
  });
});
