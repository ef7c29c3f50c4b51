import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventsFor, formatEvents } from "../../src/k8s/object-events.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

describe("eventsFor", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["cc-gw"] });
  });
  afterEach(() => cluster.close());

  const event = (name: string, involved: string, kind: string, reason: string, time: string, count = 1) => ({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "cc-gw" },
    involvedObject: { kind, name: involved, namespace: "cc-gw" },
    type: reason.startsWith("Failed") ? "Warning" : "Normal",
    reason,
    message: `${reason} happened`,
    count,
    lastTimestamp: time,
    source: { component: "default-scheduler" },
  });

  it("lists the events of one object by field selector, oldest first", async () => {
    cluster.api.put(event("e2", "echo-1", "Pod", "FailedScheduling", "2026-03-02T10:00:05Z", 3));
    cluster.api.put(event("e1", "echo-1", "Pod", "Scheduled", "2026-03-02T10:00:01Z"));
    cluster.api.put(event("e3", "echo-2", "Pod", "Scheduled", "2026-03-02T10:00:02Z"));
    cluster.api.put(event("e4", "echo-1", "Service", "EnsuringLoadBalancer", "2026-03-02T10:00:03Z"));
    const events = await eventsFor(cluster.client, {
      apiVersion: "v1",
      kind: "Pod",
      namespace: "cc-gw",
      name: "echo-1",
    });
    expect(events.map((e) => e.reason)).toEqual(["Scheduled", "FailedScheduling"]);
    const request = cluster.api.requestsMatching("GET", "/api/v1/namespaces/cc-gw/events")[0];
    expect(request?.query.fieldSelector).toBe("involvedObject.name=echo-1,involvedObject.kind=Pod");
    expect(formatEvents(events)).toBe(
      "2026-03-02T10:00:01Z Normal Scheduled Scheduled happened\n" +
        "2026-03-02T10:00:05Z Warning FailedScheduling (x3) FailedScheduling happened",
    );
  });
});
