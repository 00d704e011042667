/**
 * Reading values the way Helm does (sigs.k8s.io/yaml into `map[string]interface{}`): YAML 1.1 scalars,
 * only the first document, then a JSON round trip, so every number becomes a float64 (a JS number).
 */
import { parseYaml, YamlError } from "@gitops-kit/core";
import { isPlainObject, mapSet } from "@gitops-kit/template";
import { ValuesError } from "../errors.js";

/** A values tree: plain objects, arrays, strings, numbers, booleans and nulls. */
export type Values = Record<string, unknown>;

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** The text of the first YAML document (go-yaml's `Unmarshal` reads no further). */
export function firstYamlDocument(text: string): string {
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) {
    const before = text.slice(0, m.index);
    // A `---` preceded only by comments, blank lines and directives opens the first document.
    const opensFirst = m[0] === "---" && before.split("\n").every((l) => /^\s*(#.*|%.*)?$/.test(l));
    if (!opensFirst) return before;
  }
  return text;
}

/** JSON decoding into interface{}: integers become float64 (JS numbers). */
function jsonNumbers(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = jsonNumbers(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = jsonNumbers(o[k]);
    if (x !== o[k]) o[k] = x;
  }
  return v;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/**
 * Parse a values document (values.yaml or a `-f` file). An empty document gives `{}`. Errors are
 * {@link ValuesError}s worded like Helm's, prefixed with `context` (e.g. `failed to parse prod.yaml`).
 */
export function readValuesYaml(data: Uint8Array | string, file: string, context: string): Values {
  const text = typeof data === "string" ? data : new TextDecoder().decode(data);
  let doc: unknown;
  try {
    doc = parseYaml(firstYamlDocument(text), { file, dialect: "sigs-yaml" });
  } catch (err) {
    const reason = err instanceof YamlError ? `line ${err.line}: ${err.reason}` : (err as Error).message;
    throw new ValuesError(`${context}: error converting YAML to JSON: yaml: ${reason}`, {
      source: file,
      cause: err,
    });
  }
  if (doc === null) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new ValuesError(
      `${context}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type map[string]interface {}`,
      { source: file },
    );
  }
  return jsonNumbers(doc) as Values;
}

/**
 * Merge values left to right like `helm template -f a.yaml -f b.yaml` and helm-controller's `MergeMaps`:
 * maps merge recursively, any other value (lists, scalars, a map over a scalar and back) replaces what
 * was there. The inputs are not modified.
 */
export function mergeValueMaps(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const key of Object.keys(override)) {
    const v = override[key];
    const existing = out[key];
    if (isTable(v) && isTable(existing)) setKey(out, key, mergeValueMaps(existing, v));
    else setKey(out, key, v);
  }
  return out;
}

/** Whether a value is a values table (a plain map). */
export const isTable: (v: unknown) => v is Values = isPlainObject;

/** `m[key] = v`, safe for `__proto__`. */
export const setKey: (m: Values, key: string, v: unknown) => void = mapSet;
