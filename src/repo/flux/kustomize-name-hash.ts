// The suffix kustomize appends to a generated ConfigMap's name (kubernetes-sigs/kustomize
// api/hasher/hasher.go: encodeConfigMap marshals {"data", "kind", "name"} — keys sorted, `data`
// the empty string when absent — with Go's encoding/json; the SHA-256 of that text in hex; its
// first 10 characters with 0→g, 1→h, 3→k, a→m, e→t). `name` is always "": getNodeValues looks
// the name up as yaml.Lookup("metadata/name"), one field literally called `metadata/name`, which
// no object has (kubectl kustomize v5.5.0 agrees: test/repo/flux/kustomize-name-hash.test.ts). It is added once, at the end of the whole
// build, to the object as transformed (api/internal/target/kusttarget.go makeCustomizedResMap:
// addHashesToNames, then FixBackReferences).
import { createHash } from "node:crypto";

const SWAP: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };

/** `name-<hash>` for a generated ConfigMap with these data (string values). */
export function hashedConfigMapName(
  name: string,
  data: Readonly<Record<string, string>> | undefined,
): string {
  const encoded = `{"data":${data === undefined ? '""' : goJsonObject(data)},"kind":"ConfigMap","name":""}`;
  const hex = createHash("sha256").update(encoded, "utf8").digest("hex");
  return `${name}-${[...hex.slice(0, 10)].map((c) => SWAP[c] ?? c).join("")}`;
}

/** A string map as Go's json.Marshal writes a map[string]interface{}: keys in byte order. */
function goJsonObject(data: Readonly<Record<string, string>>): string {
  const keys = Object.keys(data).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((key) => `${goJsonString(key)}:${goJsonString(data[key]!)}`).join(",")}}`;
}

/**
 * A string as Go's encoding/json writes it (encode.go appendString with HTML escaping): `"` and `\`
 * escaped, \n \r \t by name, other control characters and <, >, &, U+2028, U+2029 as \u00XX / \u20XX.
 */
export function goJsonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (
      code < 0x20 ||
      char === "<" ||
      char === ">" ||
      char === "&" ||
      code === 0x2028 ||
      code === 0x2029
    )
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}
