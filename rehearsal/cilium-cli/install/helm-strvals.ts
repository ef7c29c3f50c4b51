// Helm's `--set` parser (helm.sh/helm/v4 pkg/strvals, as cilium-cli vendors it): `a.b=c,d=e`,
// list indexes `a[0]=x`, lists `a={x,y}`, `\` escapes, and the typing of typedVal: true/false
// (any case) → bool, null → nil, integers without a leading zero → int64, everything else a
// string (so `1.5` stays "1.5"). `--set-string` keeps every value a string.

export type HelmValue = null | boolean | number | string | HelmValue[] | { [key: string]: HelmValue };

export class StrvalsError extends Error {
  override readonly name = "StrvalsError";
}

/** Parses one `--set` argument into `into` (mutated). */
export function parseSetInto(text: string, into: Record<string, HelmValue>, stringsOnly = false): void {
  const parser = new Parser(text, stringsOnly);
  parser.parse(into);
}

class Parser {
  #text: string;
  #pos = 0;
  readonly #strings: boolean;

  constructor(text: string, strings: boolean) {
    this.#text = text;
    this.#strings = strings;
  }

  parse(into: Record<string, HelmValue>): void {
    while (this.#pos < this.#text.length) {
      this.#key(into);
    }
  }

  /** Reads until one of `stop` (escapes honoured); returns the text and the stop char (or ""). */
  #until(stop: string): [string, string] {
    let out = "";
    while (this.#pos < this.#text.length) {
      const char = this.#text[this.#pos++] as string;
      if (char === "\\" && this.#pos < this.#text.length) {
        out += this.#text[this.#pos++];
        continue;
      }
      if (stop.includes(char)) return [out, char];
      out += char;
    }
    return [out, ""];
  }

  #key(data: Record<string, HelmValue>): void {
    const [key, last] = this.#until("=[,.");
    switch (last) {
      case "":
        if (key === "") return;
        throw new StrvalsError(`key "${key}" has no value`);
      case ",":
        throw new StrvalsError(`key "${key}" has no value (cannot end with ,)`);
      case "=": {
        if (this.#text[this.#pos] === "{") {
          this.#pos++;
          data[key] = this.#list();
          this.#skipComma();
          return;
        }
        const [raw] = this.#until(",");
        const value = typedVal(raw, this.#strings);
        if (value === null) data[key] = null;
        else data[key] = value;
        return;
      }
      case ".": {
        const child = data[key];
        const next = child !== null && typeof child === "object" && !Array.isArray(child) ? child : {};
        data[key] = next;
        this.#key(next);
        return;
      }
      case "[": {
        const [indexText] = this.#until("]");
        const index = Number(indexText);
        if (!/^\d+$/.test(indexText)) throw new StrvalsError(`failed to parse index: ${indexText}`);
        const existing = Array.isArray(data[key]) ? (data[key] as HelmValue[]) : [];
        data[key] = existing;
        this.#listItem(existing, index);
        return;
      }
    }
  }

  #listItem(list: HelmValue[], index: number): void {
    const char = this.#text[this.#pos++];
    while (list.length <= index) list.push(null);
    if (char === "=") {
      if (this.#text[this.#pos] === "{") {
        this.#pos++;
        list[index] = this.#list();
        this.#skipComma();
        return;
      }
      const [raw] = this.#until(",");
      list[index] = typedVal(raw, this.#strings);
      return;
    }
    if (char === ".") {
      const child = list[index];
      const next = child !== null && typeof child === "object" && !Array.isArray(child) ? child : {};
      list[index] = next;
      this.#key(next);
      return;
    }
    if (char === "[") {
      const [indexText] = this.#until("]");
      const nested = Array.isArray(list[index]) ? (list[index] as HelmValue[]) : [];
      list[index] = nested;
      this.#listItem(nested, Number(indexText));
      return;
    }
    throw new StrvalsError(`parse error at ${this.#pos}: unexpected ${char ?? "end"}`);
  }

  #list(): HelmValue[] {
    const [raw] = this.#until("}");
    return raw === "" ? [] : raw.split(",").map((item) => typedVal(item, this.#strings));
  }

  #skipComma(): void {
    if (this.#text[this.#pos] === ",") this.#pos++;
  }
}

function typedVal(value: string, stringsOnly: boolean): HelmValue {
  if (stringsOnly) return value;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (value === "0") return 0;
  if (value !== "" && value[0] !== "0" && /^[-+]?\d+$/.test(value)) {
    const parsed = BigInt(value);
    if (parsed >= -(2n ** 63n) && parsed < 2n ** 63n) return Number(parsed);
  }
  return value;
}
