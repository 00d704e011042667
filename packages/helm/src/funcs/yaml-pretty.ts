/**
 * Helm's `toYamlPretty`: the value encoded directly by go-yaml v3 (`yaml.NewEncoder` with `SetIndent(2)`),
 * trailing newline cut, `""` on failure. Unlike `toYaml` the value does not go through JSON, which shows in
 * three places:
 *
 * - numbers keep their Go type: a float64 prints with `strconv.FormatFloat(f, 'g', -1, 64)` (`1e+06`,
 *   `.inf`, `.nan`), integers in decimal;
 * - sequences are indented under their mapping key (`key:\n  - a`), and nothing is folded (v3 has no line
 *   width);
 * - mapping keys are sorted in go-yaml v3's natural order, which differs from v2's where a letter meets a
 *   digit after a run of digits (`a1b` sorts before `ab`).
 *
 * Scalar styles (plain, quoted, literal blocks) follow the same libyaml rules as v2, so each scalar is
 * printed by core's go-yaml emitter and placed at the right indentation here.
 */
import { errorMessage, printYaml } from "@gitops-kit/core";
import {
  formatFloat,
  GoBoxed,
  GoFloat,
  GoInt,
  GoNil,
  GoPointer,
  goTimeOf,
  marshalGoJson,
  typeOf,
} from "@gitops-kit/template";

/** A value the encoder cannot write (a cycle, a function): Helm's `toYamlPretty` prints `""`. */
class PrettyYamlError extends Error {}

const MAX_DEPTH = 10_000;

/** `unicode.IsLetter` / `unicode.IsDigit` for one code point. */
const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

/** go-yaml v3's `keyList.Less` for two string keys: natural order with numeric runs compared by value. */
export function yamlV3KeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return digits ? al : bl;
    // Compare the numeric runs starting here; a leading zero inside a longer run counts as non-zero.
    let an = 0n;
    let bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + digitValue(ar[ai]));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + digitValue(br[bi]));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function digitValue(c: string): bigint {
  // Go subtracts '0' from the rune; for non-ASCII digits that is a large number, kept as is.
  return BigInt((c.codePointAt(0) ?? 48) - 48);
}

function compareKeys(a: string, b: string): number {
  if (yamlV3KeyLess(a, b)) return -1;
  if (yamlV3KeyLess(b, a)) return 1;
  return 0;
}

const spaces = (n: number): string => " ".repeat(n);

/** A plain value tree: what the encoder walks (`num` holds text written as is: numbers, timestamps). */
type Plain = null | boolean | string | { num: string } | Plain[] | { map: [string, Plain][] };

function isNumberText(v: Plain): v is { num: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "num" in v;
}

function isMapNode(v: Plain): v is { map: [string, Plain][] } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "map" in v;
}

function formatGoFloat64(x: number, bits: 32 | 64): string {
  if (Number.isNaN(x)) return ".nan";
  if (x === Number.POSITIVE_INFINITY) return ".inf";
  if (x === Number.NEGATIVE_INFINITY) return "-.inf";
  return formatFloat(x, "g", -1, bits);
}

/** Template value → plain tree, following what go-yaml v3's `marshal` does per Go type. */
function toPlain(v: unknown, depth: number, seen: Set<object>): Plain {
  if (depth > MAX_DEPTH) throw new PrettyYamlError("value nested too deeply");
  if (v === null || v === undefined || v instanceof GoNil) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return { num: formatGoFloat64(v, 64) };
  if (typeof v === "bigint") return { num: v.toString() };
  if (v instanceof GoInt) {
    // time.Duration is a Stringer go-yaml v3 writes as its text.
    if (v.type.name === "time.Duration") return stringOf(v) ?? { num: v.value.toString() };
    return { num: v.value.toString() };
  }
  if (v instanceof GoFloat) return { num: formatGoFloat64(v.value, v.type.kind === "float32" ? 32 : 64) };
  if (v instanceof GoPointer) return toPlain(v.target, depth + 1, seen);
  const time = goTimeOf(v);
  if (time !== undefined) {
    // go-yaml v3 writes a time.Time as a plain RFC 3339 scalar, never quoted.
    const text = methodText(v, "MarshalText");
    if (text !== undefined) return { num: text };
  }
  if (v instanceof Uint8Array) return Array.from(v, (b) => ({ num: String(b) }));
  if (typeof v !== "object" || v instanceof GoBoxed) return viaJson(v, depth, seen);
  if (seen.has(v)) throw new PrettyYamlError("value contains a cycle");
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1, seen));
    const kind = typeOf(v)?.kind;
    if (kind !== undefined && kind !== "map") return viaJson(v, depth, seen);
    const keys = Object.keys(v).sort(compareKeys);
    return { map: keys.map((k) => [k, toPlain((v as Record<string, unknown>)[k], depth + 1, seen)]) };
  } finally {
    seen.delete(v);
  }
}

/** Other Go values (structs, functions, ...) through their JSON form; a refusal is an encoding failure. */
function viaJson(v: unknown, depth: number, seen: Set<object>): Plain {
  let parsed: unknown;
  try {
    parsed = JSON.parse(marshalGoJson(v));
  } catch (err) {
    throw new PrettyYamlError(errorMessage(err));
  }
  return toPlain(parsed, depth + 1, seen);
}

function stringOf(v: unknown): string | undefined {
  return methodText(v, "String");
}

function methodText(v: unknown, name: string): string | undefined {
  const m = typeOf(v)?.methods?.get(name);
  if (m?.params.length !== 0) return undefined;
  const out = (m.fn as (recv: unknown) => unknown)(v);
  if (typeof out === "string") return out;
  if (out instanceof Uint8Array) return new TextDecoder().decode(out);
  return undefined;
}

/** One scalar as go-yaml writes it; block scalars get their content lines at `col + 2`. */
function scalar(v: Exclude<Plain, Plain[]>, col: number): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isNumberText(v)) return v.num;
  if (isMapNode(v)) return "{}";
  // A top-level scalar document: block scalar content sits at column 2 there.
  const text = printYaml(v, { width: Number.POSITIVE_INFINITY }).replace(/\n$/, "");
  if (col === 0 || !text.includes("\n")) return text;
  const pad = spaces(col);
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : pad + line))
    .join("\n");
}

/** A mapping key as go-yaml writes it (quoted when YAML would read it as another type). */
function keyText(key: string): string {
  const line = printYaml({ [key]: null }, { width: Number.POSITIVE_INFINITY });
  return line.slice(0, line.length - ": null\n".length);
}

function isEmptyCollection(v: Plain): boolean {
  return (Array.isArray(v) && v.length === 0) || (isMapNode(v) && v.map.length === 0);
}

/** A non-empty collection whose entries sit at `col`; the first entry is not indented (the caller placed it). */
function block(v: Plain[] | { map: [string, Plain][] }, col: number): string {
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (Array.isArray(item) || isMapNode(item)) {
        parts.push(
          isEmptyCollection(item) ? `- ${Array.isArray(item) ? "[]" : "{}"}` : `- ${block(item, col + 2)}`,
        );
      } else {
        parts.push(`- ${scalar(item, col)}`);
      }
    }
  } else {
    for (const [k, x] of v.map) {
      const key = `${keyText(k)}:`;
      if (Array.isArray(x) || isMapNode(x)) {
        if (isEmptyCollection(x)) parts.push(`${key} ${Array.isArray(x) ? "[]" : "{}"}`);
        else parts.push(`${key}\n${spaces(col + 2)}${block(x, col + 2)}`);
      } else {
        parts.push(`${key} ${scalar(x, col)}`);
      }
    }
  }
  return parts.join(`\n${spaces(col)}`);
}

/**
 * go-yaml v3's encoding of a template value with a 2-space indent, ending in a newline. Throws when the value
 * cannot be encoded (a cycle, a value without a YAML form).
 */
export function marshalYamlV3(v: unknown): string {
  const plain = toPlain(v, 0, new Set());
  if ((Array.isArray(plain) || isMapNode(plain)) && !isEmptyCollection(plain)) return `${block(plain, 0)}\n`;
  if (Array.isArray(plain)) return "[]\n";
  return `${scalar(plain, 0)}\n`;
}

/** Helm's `toYamlPretty`: the go-yaml v3 text without its final newline, `""` on failure. */
export function toYamlPretty(v: unknown): string {
  try {
    const text = marshalYamlV3(v);
    return text.endsWith("\n") ? text.slice(0, -1) : text;
  } catch {
    return "";
  }
}
