/**
 * Helm's YAML functions, which go through sigs.k8s.io/yaml:
 *
 * - `toYaml` is `json.Marshal` → go-yaml v2 `Unmarshal` → go-yaml v2 `Marshal` with the trailing newline cut;
 *   a value JSON or the YAML printer refuses gives `""` (`mustToYaml` fails instead);
 * - `fromYaml` / `fromYamlArray` read the first YAML document with go-yaml v2 rules (YAML 1.1 booleans,
 *   stringified keys, last duplicate wins), go through JSON (every number becomes a float64) and report a
 *   failure inside the result: `{"Error": msg}` / `[msg]`, with Go's message shapes (`error converting YAML
 *   to JSON: ...`, `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value
 *   of type map[string]interface {}`).
 */
import { parseYaml, printYaml, YamlError, type YamlValue } from "@gitops-kit/core";
import {
  defineFunc,
  type FuncMap,
  MAP_STRING_ANY,
  mapSet,
  marshalGoJson,
  newMap,
  SLICE_ANY,
  T,
} from "@gitops-kit/template";
import { toYamlPretty } from "./yaml-pretty.js";

// --- toYaml -----------------------------------------------------------------------------------------------

/** Reads the JSON text `marshalGoJson` writes, keeping integers that a float64 cannot hold as bigints. */
class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  read(): unknown {
    const v = this.value();
    return v;
  }

  private value(): unknown {
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "t") return this.literal("true", true);
    if (c === "f") return this.literal("false", false);
    if (c === "n") return this.literal("null", null);
    return this.number();
  }

  private literal<V>(word: string, value: V): V {
    this.pos += word.length;
    return value;
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.string();
      this.pos++; // :
      const v = this.value();
      mapSet(out, key, v);
      if (this.text[this.pos++] === "}") return out; // , or }
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      if (this.text[this.pos++] === "]") return out;
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.text[this.pos++];
      if (c === "\\") this.pos++;
      else if (c === '"') break;
    }
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number | bigint {
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    const token = m ? m[0] : "";
    this.pos += token.length;
    if (m && !m[1] && !m[2]) {
      // go-yaml reads an integer literal as int64 / uint64 when it fits: keep every digit.
      const n = Number(token);
      return Number.isSafeInteger(n) ? n : BigInt(token);
    }
    return Number(token);
  }
}

/**
 * sigs.k8s.io/yaml `Marshal(v)`: the YAML Helm's `toYaml` prints (before the trailing newline is cut).
 * Throws when the value has no JSON form or the printer refuses it.
 */
export function marshalYaml(v: unknown): string {
  const json = marshalGoJson(v);
  return printYaml(new JsonReader(json).read());
}

/** Helm's `toYaml`: the YAML without its final newline, `""` on failure. */
export function toYaml(v: unknown): string {
  try {
    return trimNewline(marshalYaml(v));
  } catch {
    return "";
  }
}

function trimNewline(s: string): string {
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

// --- fromYaml ---------------------------------------------------------------------------------------------

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** The text of the first document of a YAML stream (go-yaml's `Unmarshal` reads no further). */
function firstDocument(text: string): string {
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) {
    const before = text.slice(0, m.index);
    // A `---` with only comments and blank lines before it opens the first document.
    const opensFirst = m[0] === "---" && before.split("\n").every((l) => /^\s*(#.*)?$/.test(l));
    if (!opensFirst) return before;
  }
  return text;
}

/** A YAML document as plain JSON-decoded data (numbers are float64), or Go's error text. */
function yamlToJson(text: string): { value: unknown } | { error: string } {
  let doc: YamlValue;
  try {
    doc = parseYaml(firstDocument(text), { dialect: "sigs-yaml" });
  } catch (err) {
    const reason =
      err instanceof YamlError ? `line ${err.line}: ${err.reason}` : String((err as Error).message);
    return { error: `error converting YAML to JSON: yaml: ${reason}` };
  }
  const unsupported = findNonFinite(doc);
  if (unsupported !== undefined) {
    return { error: `error converting YAML to JSON: json: unsupported value: ${unsupported}` };
  }
  return { value: toFloat64s(doc) };
}

function findNonFinite(v: YamlValue): string | undefined {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
    return undefined;
  }
  if (v === null || typeof v !== "object") return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const r = findNonFinite(x);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** JSON decoding into interface{}: every number is a float64. */
function toFloat64s(v: YamlValue): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toFloat64s);
  const out = newMap();
  for (const k of Object.keys(v)) {
    const x = toFloat64s(v[k]);
    mapSet(out, k, x);
  }
  return out;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return "string";
}

function decodeError(v: unknown, goType: string): string {
  return `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`;
}

/** Helm's `fromYaml`: the mapping, or `{"Error": "<message>"}`. */
export function fromYaml(text: string): Record<string, unknown> {
  const r = yamlToJson(text);
  if ("error" in r) return { Error: r.error };
  if (r.value === null) return newMap();
  if (typeof r.value !== "object" || Array.isArray(r.value)) {
    return { Error: decodeError(r.value, "map[string]interface {}") };
  }
  return r.value as Record<string, unknown>;
}

/** Helm's `fromYamlArray`: the list, or `["<message>"]`. */
export function fromYamlArray(text: string): unknown[] {
  const r = yamlToJson(text);
  if ("error" in r) return [r.error];
  if (r.value === null) return [];
  if (!Array.isArray(r.value)) return [decodeError(r.value, "[]interface {}")];
  return r.value;
}

/** `toYaml`, `mustToYaml`, `toYamlPretty`, `fromYaml`, `fromYamlArray`. */
export function yamlFuncs(): FuncMap {
  return {
    toYaml: defineFunc({ params: [T.any], result: T.string, fn: toYaml }),
    mustToYaml: defineFunc({ params: [T.any], result: T.string, fn: (v) => trimNewline(marshalYaml(v)) }),
    toYamlPretty: defineFunc({ params: [T.any], result: T.string, fn: toYamlPretty }),
    fromYaml: defineFunc({ params: [T.string], result: MAP_STRING_ANY, fn: fromYaml }),
    fromYamlArray: defineFunc({ params: [T.string], result: SLICE_ANY, fn: fromYamlArray }),
  };
}
