import { describe, expect, it } from "vitest";
import {
  attributeOf,
  attributesOf,
  childrenNamed,
  readXml,
  XmlSyntaxError,
} from "../../src/report/tolerant-xml-reader.ts";

describe("readXml", () => {
  it("reads elements, attributes, text and entities", () => {
    const root = readXml(
      `<?xml version="1.0"?>\n<!-- c --><a x='1' y="a &amp; b &#34;q&#34; &#x41;"><b>t &lt;1&gt;</b><b/>tail</a>`,
    );
    expect(root.name).toBe("a");
    expect(attributeOf(root, "y")).toBe('a & b "q" A');
    expect(childrenNamed(root, "b")).toHaveLength(2);
    expect(childrenNamed(root, "b")[0]?.text).toBe("t <1>");
    expect(root.text).toBe("tail");
  });

  it("keeps repeated attributes in order in tolerant mode and rejects them in strict mode", () => {
    const xml = `<failure message="m" failureMessage="one" failureMessage="two">x</failure>`;
    expect(attributesOf(readXml(xml), "failureMessage")).toEqual(["one", "two"]);
    expect(() => readXml(xml, { strict: true })).toThrow(/duplicate attribute failureMessage/);
  });

  it("normalises literal newlines in attributes but keeps &#10;", () => {
    const root = readXml(`<a v="one\ntwo" w="three&#10;four"/>`);
    expect(attributeOf(root, "v")).toBe("one two");
    expect(attributeOf(root, "w")).toBe("three\nfour");
  });

  it("reads CDATA as text and ignores a BOM and DOCTYPE", () => {
    const root = readXml(`\uFEFF<!DOCTYPE a><a><![CDATA[<not> & markup]]></a>`);
    expect(root.text).toBe("<not> & markup");
  });

  it("says where a truncated document ends", () => {
    try {
      readXml("<a>\n  <b>text");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmlSyntaxError);
      expect((error as XmlSyntaxError).message).toMatch(/<b> \(line 2\) is never closed/);
    }
  });

  it("rejects mismatched closing tags and content after the root", () => {
    expect(() => readXml("<a><b></a></b>")).toThrow(/<\/a> closes <b>/);
    expect(() => readXml("<a/><b/>")).toThrow(/after the root element/);
    expect(() => readXml("")).toThrow(/expected the root element/);
  });

  it("keeps an unknown entity literally when tolerant, rejects it when strict", () => {
    expect(readXml("<a>&nbsp;</a>").text).toBe("&nbsp;");
    expect(() => readXml("<a>&nbsp;</a>", { strict: true })).toThrow(/unknown entity/);
  });
});
