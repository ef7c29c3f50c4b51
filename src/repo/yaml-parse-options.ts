// How the repo's YAML is read, shared by the full parser (yaml-documents.ts) and the fast block
// subset (yaml-block-subset.ts), so both resolve every scalar the same way. YAML 1.1 because Helm
// and kubectl read YAML with Go's yaml.v2, where `yes`, `on` and `off` are booleans: a value the
// cluster sees as `true` must be `true` here too.
import type { Tags } from "yaml";

// Go's yaml.v2 (what sigs.k8s.io/yaml, kubectl and Flux decode with) leaves a timestamp-looking
// scalar a string when decoding into interface{} (gopkg.in/yaml.v2 decode.go: "for backward
// compatibility reasons we set it as a string"): drop the 1.1 timestamp tag so `2024-01-01`
// stays the text the cluster sees, not a Date.
const withoutTimestamps = (tags: Tags): Tags =>
  tags.filter((tag) =>
    typeof tag === "string" ? tag !== "timestamp" : tag.tag !== "tag:yaml.org,2002:timestamp",
  );

export const PARSE_OPTIONS = {
  version: "1.1",
  prettyErrors: true,
  uniqueKeys: true,
  logLevel: "error",
  customTags: withoutTimestamps,
} as const;
