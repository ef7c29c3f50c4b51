import { describe, expect, it } from "vitest";
import type { WireCondition } from "../../src/decisions/condition.ts";
import { gatewayProgrammed, type WireGateway } from "../../src/decisions/gateway-programmed.ts";

// Shaped like the Gateway status Cilium's operator writes (operator/pkg/gateway-api testdata).
function gateway(conditions: WireCondition[], address?: string, generation = 1): WireGateway {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "cc-gw", namespace: "cc-gateway", generation },
    spec: { gatewayClassName: "cilium" },
    status: {
      ...(address ? { addresses: [{ type: "IPAddress", value: address }] } : {}),
      conditions,
      listeners: [{ name: "http", attachedRoutes: 1, conditions: [] }],
    },
  };
}
const cond = (
  type: string,
  status: string,
  reason: string,
  message: string,
  observedGeneration = 1,
): WireCondition => ({
  lastTransitionTime: "2026-03-02T10:00:00Z",
  message,
  observedGeneration,
  reason,
  status,
  type,
});
const accepted = cond("Accepted", "True", "Accepted", "Gateway successfully scheduled");
const programmed = cond("Programmed", "True", "Programmed", "Gateway Programmed");
const waiting = cond("Programmed", "False", "AddressNotAssigned", "Gateway waiting for address");

describe("gatewayProgrammed", () => {
  it("is programmed with both conditions True and an address from the pool", () => {
    expect(gatewayProgrammed(gateway([accepted, programmed], "192.168.5.31"))).toEqual({
      ok: true,
      seen: "condition Accepted=True reason=Accepted, condition Programmed=True reason=Programmed, address 192.168.5.31",
      value: { addresses: ["192.168.5.31"] },
    });
  });

  it("waits while Cilium has no address for the gateway's Service (AddressNotAssigned)", () => {
    const verdict = gatewayProgrammed(gateway([accepted, waiting]));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe(
      "condition Accepted=True reason=Accepted, condition Programmed=False reason=AddressNotAssigned, no address",
    );
  });

  it("fails an invalid listener configuration (ListenersNotValid)", () => {
    const verdict = gatewayProgrammed(
      gateway([
        cond("Accepted", "False", "ListenersNotValid", "No Accepted Listeners"),
        cond("Programmed", "False", "ListenersNotValid", "No Accepted Listeners"),
      ]),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toContain("Accepted=False reason=ListenersNotValid");
  });

  it("does not trust conditions written for an older generation", () => {
    const verdict = gatewayProgrammed(gateway([accepted, programmed], "192.168.5.31", 2));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toMatch(/^Accepted is for generation 1, object is at 2/);
  });

  it("has nothing to say about a Gateway without status yet", () => {
    expect(gatewayProgrammed(gateway([])).seen).toBe(
      "no condition Accepted, no condition Programmed, no address",
    );
  });
});
