import { describe, expect, it } from "vitest";
import { FakeObjectStore } from "../../../rehearsal/kube-api/object-store.ts";

describe("the watch window (maxHistory)", () => {
  it("replays only the last events and sends older resourceVersions to relist (410)", () => {
    const store = new FakeObjectStore();
    store.maxHistory = 3;
    const key = (name: string) => ({ group: "", plural: "configmaps", namespace: "default", name });
    for (const name of ["a", "b", "c", "d", "e"]) store.write(key(name), { metadata: { name } });
    const replay = store.eventsSince(0).map((event) => (event.object.metadata as { name: string }).name);
    expect(replay).toEqual(["c", "d", "e"]);
    expect(store.compactedBefore).toBe(store.currentVersion - 3);
  });
});
