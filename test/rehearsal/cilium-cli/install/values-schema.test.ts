import { describe, expect, it } from "vitest";
import {
  schemaErrors,
  TYPED_KEYS,
  typedKeysFor,
} from "../../../../rehearsal/cilium-cli/install/values-schema.ts";
import { readSample } from "../../support/samples.ts";

const SCHEMA_VERSIONS = ["1.16.19", "1.17.5", "1.17.17", "1.18.11", "1.19.5"];

function schemaTypes(schema: Record<string, unknown>, key: string): string[] | undefined {
  let node = schema;
  for (const part of key.split(".")) {
    const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (!properties?.[part]) return undefined;
    node = properties[part];
  }
  const type = node.type;
  return type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [String(type)];
}

describe("the double's typed values keys", () => {
  for (const version of SCHEMA_VERSIONS) {
    it(`match the ${version} chart's values.schema.json, key by key`, () => {
      const schema = JSON.parse(readSample(`charts/${version}/values.schema.json`)) as Record<
        string,
        unknown
      >;
      const applying = new Set(typedKeysFor(version).map((entry) => entry.key));
      for (const entry of typedKeysFor(version)) {
        expect(schemaTypes(schema, entry.key)?.slice().sort(), `${entry.key} on ${version}`).toEqual(
          [...entry.types].sort(),
        );
      }
      for (const entry of TYPED_KEYS.filter((candidate) => !applying.has(candidate.key))) {
        expect(schemaTypes(schema, entry.key), `${entry.key} must be absent from ${version}`).toBeUndefined();
      }
    });
  }

  it("words a failure as jsonschema v6 does (got number for any number; want in its type order)", () => {
    expect(schemaErrors("1.18.11", { k8sServicePort: true, cluster: { id: 1.5 } })).toEqual([
      "at '/cluster/id': got number, want integer",
      "at '/k8sServicePort': got boolean, want integer or string",
    ]);
    expect(schemaErrors("1.18.11", { cluster: { id: 3 }, k8sServicePort: 6443 })).toEqual([]);
    expect(schemaErrors("1.15.19", { hubble: { relay: { enabled: "yes" } } })).toEqual([]);
  });
});
