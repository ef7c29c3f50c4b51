// How a document was written, as both readers record it (the block subset is held to the full
// parser file by file in yaml-block-subset.test.ts).
import { describe, expect, it } from "vitest";
import { parseYamlDocuments, parseYamlDocumentsFully } from "../../src/repo/yaml-documents.ts";

describe("a document's syntax", () => {
  it("lists the plain scalars that may not be strings, keys apart, with their lines", () => {
    const text = "a: yes\nlist:\n  - 12\n  - name\n  - '0o17'\nversion: 1.2.3\n";
    for (const parse of [parseYamlDocuments, parseYamlDocumentsFully]) {
      const [document] = parse(text, "f.yaml");
      expect(document!.syntax?.()).toEqual({
        plains: [
          { text: "yes", key: false, line: 1 },
          { text: "12", key: false, line: 3 },
          { text: "1.2.3", key: false, line: 6 },
        ],
      });
    }
  });

  it("records a map key, the first anchor, alias or tag", () => {
    expect(parseYamlDocuments("on: 1\n", "f.yaml")[0]!.syntax?.().plains).toEqual([
      { text: "on", key: true, line: 1 },
      { text: "1", key: false, line: 1 },
    ]);
    expect(parseYamlDocuments("a: 1\nb: &x [1]\nc: *x\n", "f.yaml")[0]!.syntax?.().special).toEqual({
      what: "anchor",
      line: 2,
    });
    expect(parseYamlDocuments("a: !!str 12\n", "f.yaml")[0]!.syntax?.().special).toEqual({
      what: "tag",
      line: 1,
    });
  });
});
