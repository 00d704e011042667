/**
 * Go's `encoding/json` over template values: `marshalGoJson` is `json.Marshal` / `MarshalIndent` /
 * an `Encoder` with `SetEscapeHTML(false)` (sorted map keys, HTML escaping, Go's float formatting,
 * `[]byte` as base64, struct fields in order, `MarshalJSON` methods); `unmarshalGoJson` is `json.Unmarshal`
 * into `interface{}` (or a map / slice) with Go's syntax error texts. Behaviour follows Go 1.19, like the
 * reference corpus (`\b` and `\f` are written as `\u0008` and `\u000c`).
 */
import { formatFloat } from "../fmt/floatfmt.js";
import { compareGoStrings } from "../fmt/print.js";
import { quote } from "../fmt/quote.js";
import { decodeGoBytes, encodeGoString } from "../value/gostring.js";
import { type GoType, isIntKind, isUintKind, type StructField } from "../value/types.js";
import {
  GoComplex,
  GoFloat,
  GoFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPointer,
  goTypeName,
  mapSet,
  newMap,
  typeOf,
} from "../value/values.js";
import { base64Encode } from "./encoding.js";

/** A value `encoding/json` refuses (`json: unsupported type: func()`, `json: unsupported value: NaN`...). */
export class GoJsonError extends Error {}

/** Options for {@link marshalGoJson}. */
export interface MarshalOptions {
  /** Escape `<`, `>`, `&` as `\u003c`... (json.Marshal does; `toRawJson` does not). Default true. */
  escapeHTML?: boolean;
  /** Indent unit for `MarshalIndent(v, "", indent)`; none by default. */
  indent?: string;
}

const HEX = "0123456789abcdef";

/** A JSON string literal with Go's escaping. */
export function quoteJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)))
        continue;
      if (c === 0x22) esc = '\\"';
      else if (c === 0x5c) esc = "\\\\";
      else if (c === 0x0a) esc = "\\n";
      else if (c === 0x0d) esc = "\\r";
      else if (c === 0x09) esc = "\\t";
      else esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x2028 || c === 0x2029) {
      esc = `\\u${c.toString(16)}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      esc = "\\ufffd";
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A byte that is not valid UTF-8 (or an unpaired surrogate).
      esc = "\\ufffd";
    } else continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return `${out + s.slice(start)}"`;
}

/** Go's float encoding: shortest form, exponent only for very small or large magnitudes, `e-7` not `e-07`. */
export function formatJsonFloat(f: number, bits: 32 | 64 = 64): string {
  if (!Number.isFinite(f)) throw new GoJsonError(`json: unsupported value: ${formatFloat(f, "g", -1, bits)}`);
  const abs = Math.abs(f);
  let fmt = "f";
  if (abs !== 0) {
    const a = bits === 32 ? Math.fround(abs) : abs;
    if (a < 1e-6 || a >= 1e21) fmt = "e";
  }
  let s = formatFloat(f, fmt, -1, bits);
  if (fmt === "e") s = s.replace(/e-0(\d)$/, "e-$1");
  return s;
}

/** Nesting beyond which a container is checked for cycles (Go starts after 1000 pointer levels). */
const CYCLE_CHECK_DEPTH = 1000;

class Encoder {
  private depth = 0;
  private readonly active = new Set<object>();
  constructor(private readonly escapeHTML: boolean) {}

  encode(v: unknown): string {
    if (v === null || v === undefined) return "null";
    switch (typeof v) {
      case "string":
        return quoteJsonString(v, this.escapeHTML);
      case "boolean":
        return v ? "true" : "false";
      case "number":
        return formatJsonFloat(v, 64);
      case "bigint":
        return v.toString();
      default:
        break;
    }
    const t = typeOf(v);
    const marshal = t?.methods?.get("MarshalJSON");
    if (marshal && marshal.params.length === 0) return this.fromMarshaler(v, t!, marshal.fn);
    if (v instanceof GoInt) return v.value.toString();
    if (v instanceof GoFloat) return formatJsonFloat(v.value, 32);
    if (v instanceof GoComplex || v instanceof GoFunc)
      throw new GoJsonError(`json: unsupported type: ${goTypeName(v)}`);
    if (v instanceof GoNil) return "null";
    if (v instanceof GoPointer) return this.nested(v, () => this.encode(v.target));
    if (v instanceof Uint8Array) return `"${base64Encode(v)}"`;
    if (v instanceof GoMap) return this.nested(v, () => this.encodeGoMap(v));
    if (typeof v !== "object") throw new GoJsonError(`json: unsupported type: ${goTypeName(v)}`);
    if (Array.isArray(v)) return this.nested(v, () => `[${v.map((x) => this.encode(x)).join(",")}]`);
    if (t?.kind === "struct") {
      const parts: string[] = [];
      for (const field of jsonFields(t)) {
        let x: unknown = v;
        let reachable = true;
        for (let i = 0; i < field.path.length && reachable; i++) {
          while (x instanceof GoPointer) x = x.target;
          // A field behind a nil embedded pointer is left out.
          if (x instanceof GoNil) reachable = false;
          else x = (x as Record<string, unknown>)[field.path[i].name];
        }
        if (!reachable) continue;
        if (field.omitEmpty && isEmptyJsonValue(x)) continue;
        parts.push(`${quoteJsonString(field.name, this.escapeHTML)}:${this.encode(x)}`);
      }
      return `{${parts.join(",")}}`;
    }
    return this.nested(v, () => {
      const keys = Object.keys(v).sort(compareGoStrings);
      const m = v as Record<string, unknown>;
      return `{${keys.map((k) => `${quoteJsonString(k, this.escapeHTML)}:${this.encode(m[k])}`).join(",")}}`;
    });
  }

  /** A map with non-string keys: Go writes integer keys as their decimal text and refuses other kinds. */
  private encodeGoMap(m: GoMap): string {
    const keyType = m.type.key as GoType;
    if (!(keyType.kind === "string" || isIntKind(keyType.kind) || isUintKind(keyType.kind)))
      throw new GoJsonError(`json: unsupported type: ${m.type.name}`);
    const values = m.values();
    const entries = m
      .keys()
      .map((k, i) => [k instanceof GoInt ? k.value.toString() : String(k), values[i]] as const)
      .sort((a, b) => compareGoStrings(a[0], b[0]));
    return `{${entries.map(([k, x]) => `${quoteJsonString(k, this.escapeHTML)}:${this.encode(x)}`).join(",")}}`;
  }

  private nested(v: object, fn: () => string): string {
    this.depth++;
    const check = this.depth > CYCLE_CHECK_DEPTH;
    if (check) {
      if (this.active.has(v))
        throw new GoJsonError(`json: unsupported value: encountered a cycle via ${goTypeName(v)}`);
      this.active.add(v);
    }
    try {
      return fn();
    } finally {
      if (check) this.active.delete(v);
      this.depth--;
    }
  }

  private fromMarshaler(v: unknown, t: GoType, fn: (...a: unknown[]) => unknown): string {
    let raw: unknown;
    try {
      raw = fn(v);
    } catch (err) {
      throw new GoJsonError(`json: error calling MarshalJSON for type ${t.name}: ${(err as Error).message}`);
    }
    const text = raw instanceof Uint8Array ? decodeGoBytes(raw) : String(raw);
    // Go validates and compacts what MarshalJSON returned, escaping HTML on the way.
    return marshalGoJson(unmarshalGoJson(text).value, { escapeHTML: this.escapeHTML });
  }
}

/** One JSON object member of a struct type: its name and the fields leading to it. */
interface JsonField {
  name: string;
  path: StructField[];
  index: number[];
  tagged: boolean;
  omitEmpty: boolean;
}

const jsonFieldCache = new WeakMap<GoType, JsonField[]>();

const isExported = (name: string) => /^\p{Lu}/u.test(name);

/**
 * The members `encoding/json` writes for struct type `t`, in order: exported fields under their tag
 * name, fields of untagged embedded structs promoted in place, and among equal names the shallowest
 * (then the tagged) one, or none when that is ambiguous.
 */
function jsonFields(t: GoType): JsonField[] {
  const cached = jsonFieldCache.get(t);
  if (cached) return cached;
  const found: JsonField[] = [];
  const visited = new Set<GoType>();
  let level: { type: GoType; path: StructField[]; index: number[] }[] = [{ type: t, path: [], index: [] }];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { type, path, index } of level) {
      if (visited.has(type)) continue;
      visited.add(type);
      (type.fields ?? []).forEach((f, i) => {
        const inner = f.type.kind === "ptr" && f.type.elem ? f.type.elem : f.type;
        if (f.embedded ? !isExported(f.name) && inner.kind !== "struct" : !isExported(f.name)) return;
        const [tagName, ...options] = (f.jsonTag ?? "").split(",");
        if (f.jsonTag === "-") return;
        if (tagName === "" && f.embedded && inner.kind === "struct") {
          next.push({ type: inner, path: [...path, f], index: [...index, i] });
          return;
        }
        found.push({
          name: tagName || f.name,
          path: [...path, f],
          index: [...index, i],
          tagged: tagName !== "",
          omitEmpty: options.includes("omitempty"),
        });
      });
    }
    level = next;
  }
  const byName = new Map<string, JsonField[]>();
  for (const f of found) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const kept: JsonField[] = [];
  for (const group of byName.values()) {
    const depth = Math.min(...group.map((f) => f.path.length));
    const shallow = group.filter((f) => f.path.length === depth);
    const tagged = shallow.filter((f) => f.tagged);
    if (shallow.length === 1) kept.push(shallow[0]);
    else if (tagged.length === 1) kept.push(tagged[0]);
  }
  kept.sort((a, b) => {
    for (let i = 0; i < Math.min(a.index.length, b.index.length); i++)
      if (a.index[i] !== b.index[i]) return a.index[i] - b.index[i];
    return a.index.length - b.index.length;
  });
  jsonFieldCache.set(t, kept);
  return kept;
}

/** `omitempty`'s test: false, 0, "", nil, and empty slices and maps. */
function isEmptyJsonValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return true;
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat) return v.value === 0;
  if (v instanceof GoNil) return true;
  if (v instanceof GoMap) return v.size === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  const t = typeOf(v);
  if (t?.kind === "map" && typeof v === "object") return Object.keys(v).length === 0;
  return false;
}

/** Re-indent compact JSON the way `json.Indent(dst, src, "", indent)` does. */
function indentJson(compact: string, indent: string): string {
  let out = "";
  let level = 0;
  let inString = false;
  let needIndent = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i];
    if (inString) {
      out += c;
      if (c === "\\") out += compact[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (needIndent && c !== "]" && c !== "}") {
      out += `\n${indent.repeat(level)}`;
      needIndent = false;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case "{":
      case "[":
        out += c;
        level++;
        needIndent = true;
        break;
      case ",":
        out += `,\n${indent.repeat(level)}`;
        break;
      case ":":
        out += ": ";
        break;
      case "}":
      case "]":
        level--;
        if (needIndent) needIndent = false;
        else out += `\n${indent.repeat(level)}`;
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** `json.Marshal(v)` (or `MarshalIndent` with `indent`). Throws {@link GoJsonError}. */
export function marshalGoJson(v: unknown, options: MarshalOptions = {}): string {
  const compact = new Encoder(options.escapeHTML ?? true).encode(v);
  return options.indent ? indentJson(compact, options.indent) : compact;
}

/** What {@link unmarshalGoJson} decodes into: `interface{}`, `map[string]interface{}` or `[]interface{}`. */
export type UnmarshalTarget = "any" | "map" | "slice";

/** The result of {@link unmarshalGoJson}: the value and Go's error text, if any (Go returns both). */
export interface UnmarshalResult {
  value: unknown;
  error?: string;
}

const MAX_DEPTH = 10000;

class SyntaxError_ extends Error {}

/** Go's quoteChar for scanner errors: the byte as a (Latin-1) character, quoted like strconv.Quote. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return `'${quote(String.fromCharCode(c)).slice(1, -1)}'`;
}

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

interface Frame {
  kind: "obj" | "arr";
  value: Record<string, unknown> | unknown[];
  key?: string;
}

class Parser {
  pos = 0;
  typeError?: string;
  constructor(private readonly b: Uint8Array) {}

  private fail(c: number, context: string): never {
    throw new SyntaxError_(`invalid character ${quoteChar(c)} ${context}`);
  }

  private eof(): never {
    throw new SyntaxError_("unexpected end of JSON input");
  }

  private skipWs(): void {
    while (this.pos < this.b.length && isWs(this.b[this.pos])) this.pos++;
  }

  private peek(): number {
    if (this.pos >= this.b.length) this.eof();
    return this.b[this.pos];
  }

  /** The next byte inside a token; at the end of input Go's scanner sees a space, which `context` rejects. */
  private peekIn(context: string): number {
    if (this.pos >= this.b.length) this.fail(0x20, context);
    return this.b[this.pos];
  }

  parse(): unknown {
    const stack: Frame[] = [];
    let result: unknown;
    // The value just completed, delivered to its container (or as the result).
    const deliver = (v: unknown): void => {
      const top = stack[stack.length - 1];
      if (!top) result = v;
      else if (top.kind === "arr") (top.value as unknown[]).push(v);
      else mapSet(top.value, top.key!, v);
    };
    let state: "value" | "valueOrEnd" | "keyOrEnd" | "key" | "after" = "value";
    for (;;) {
      this.skipWs();
      if (state === "after") {
        const top = stack[stack.length - 1];
        if (!top) {
          if (this.pos < this.b.length) this.fail(this.b[this.pos], "after top-level value");
          return result;
        }
        const c = this.peek();
        this.pos++;
        if (top.kind === "arr") {
          if (c === 0x2c) state = "value";
          else if (c === 0x5d) {
            stack.pop();
            deliver(top.value);
          } else this.fail(c, "after array element");
        } else if (c === 0x2c) state = "key";
        else if (c === 0x7d) {
          stack.pop();
          deliver(top.value);
        } else this.fail(c, "after object key:value pair");
        continue;
      }
      const c = this.peek();
      if (state === "keyOrEnd" || state === "key") {
        if (state === "keyOrEnd" && c === 0x7d) {
          this.pos++;
          const top = stack.pop()!;
          deliver(top.value);
          state = "after";
          continue;
        }
        if (c !== 0x22) this.fail(c, "looking for beginning of object key string");
        this.pos++;
        stack[stack.length - 1].key = this.string();
        this.skipWs();
        const colon = this.peek();
        if (colon !== 0x3a) this.fail(colon, "after object key");
        this.pos++;
        state = "value";
        continue;
      }
      if (state === "valueOrEnd" && c === 0x5d) {
        this.pos++;
        const top = stack.pop()!;
        deliver(top.value);
        state = "after";
        continue;
      }
      this.pos++;
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_DEPTH) this.fail(c, "exceeded max depth");
        stack.push(c === 0x7b ? { kind: "obj", value: newMap() } : { kind: "arr", value: [] });
        state = c === 0x7b ? "keyOrEnd" : "valueOrEnd";
        continue;
      }
      if (c === 0x22) deliver(this.string());
      else if (c === 0x2d || isDigit(c)) deliver(this.number(c));
      else if (c === 0x74) deliver(this.literal("true", true));
      else if (c === 0x66) deliver(this.literal("false", false));
      else if (c === 0x6e) deliver(this.literal("null", null));
      else this.fail(c, "looking for beginning of value");
      state = "after";
    }
  }

  private literal<T>(word: string, value: T): T {
    for (let i = 1; i < word.length; i++) {
      const context = `in literal ${word} (expecting '${word[i]}')`;
      const c = this.peekIn(context);
      if (c !== word.charCodeAt(i)) this.fail(c, context);
      this.pos++;
    }
    return value;
  }

  private number(first: number): unknown {
    const start = this.pos - 1;
    const at = (): number => (this.pos < this.b.length ? this.b[this.pos] : -1);
    let c = first;
    if (c === 0x2d) {
      c = this.peekIn("in numeric literal");
      if (!isDigit(c)) this.fail(c, "in numeric literal");
      this.pos++;
    }
    if (c !== 0x30) while (isDigit(at())) this.pos++;
    if (at() === 0x2e) {
      this.pos++;
      const d = this.peekIn("after decimal point in numeric literal");
      if (!isDigit(d)) this.fail(d, "after decimal point in numeric literal");
      while (isDigit(at())) this.pos++;
    }
    if (at() === 0x65 || at() === 0x45) {
      this.pos++;
      if (at() === 0x2b || at() === 0x2d) this.pos++;
      const d = this.peekIn("in exponent of numeric literal");
      if (!isDigit(d)) this.fail(d, "in exponent of numeric literal");
      while (isDigit(at())) this.pos++;
    }
    const text = String.fromCharCode(...this.b.subarray(start, this.pos));
    const f = Number(text);
    if (!Number.isFinite(f)) {
      this.typeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return null;
    }
    return f;
  }

  /** A string after its opening quote; returns the decoded text (invalid UTF-8 becomes U+FFFD). */
  private string(): string {
    const start = this.pos;
    let simple = true;
    for (;;) {
      const c = this.peek();
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        this.pos++;
        const e = this.peekIn("in string escape code");
        if (e === 0x75) {
          this.pos++;
          for (let i = 0; i < 4; i++) {
            const h = this.peekIn("in \\u hexadecimal character escape");
            if (!isHex(h)) this.fail(h, "in \\u hexadecimal character escape");
            this.pos++;
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) this.fail(e, "in string escape code");
        this.pos++;
        continue;
      }
      if (c < 0x20) this.fail(c, "in string literal");
      if (c >= 0x80) simple = false;
      this.pos++;
    }
    const raw = this.b.subarray(start, this.pos);
    this.pos++;
    if (simple) return String.fromCharCode(...raw);
    return unquoteJsonBytes(raw);
  }
}

/** Decode the body of a JSON string (escapes resolved, invalid UTF-8 and lone surrogates as U+FFFD). */
function unquoteJsonBytes(raw: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = text[++i];
    switch (e) {
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "u": {
        const r = Number.parseInt(text.slice(i + 1, i + 5), 16);
        i += 4;
        if (r >= 0xd800 && r < 0xe000) {
          const next = text.slice(i + 1, i + 7);
          const r2 = /^\\u[0-9a-fA-F]{4}$/.test(next) ? Number.parseInt(next.slice(2), 16) : -1;
          if (r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
            out += String.fromCharCode(r, r2);
            i += 6;
          } else out += "\ufffd";
        } else out += String.fromCharCode(r);
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

function kindName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return "string";
}

/**
 * `json.Unmarshal(text, &target)`. Returns the decoded value and Go's error text; on a syntax error the value
 * is `null` (nil). With a `map`/`slice` target, a top-level value of another kind is Go's
 * `json: cannot unmarshal array into Go value of type map[string]interface {}` and the value is nil.
 */
export function unmarshalGoJson(text: string, target: UnmarshalTarget = "any"): UnmarshalResult {
  const p = new Parser(encodeGoString(text));
  let value: unknown;
  try {
    value = p.parse();
  } catch (err) {
    if (err instanceof SyntaxError_) return { value: null, error: err.message };
    throw err;
  }
  if (target !== "any" && value !== null) {
    const want = target === "map" ? "object" : "array";
    const got = kindName(value);
    if (got !== want) {
      const type = target === "map" ? "map[string]interface {}" : "[]interface {}";
      return {
        value: null,
        error: p.typeError ?? `json: cannot unmarshal ${got} into Go value of type ${type}`,
      };
    }
  }
  return p.typeError ? { value, error: p.typeError } : { value };
}
