/**
 * JSON the way Go's `encoding/json` writes and reads it, because notification bodies are compared
 * byte for byte with Flux's and webhook errors quote Go's decoder.
 *
 * Writing ({@link goMarshal}): struct fields keep their declared order (plain objects, insertion
 * order; `undefined` fields are left out, which is how `omitempty` is expressed), maps sort their keys
 * by UTF-8 bytes ({@link goMap}), and strings are escaped as Go does: `<`, `>`, `&` as `\u003c`,
 * `\u003e`, `\u0026`, U+2028 / U+2029 escaped, lone surrogates replaced by U+FFFD.
 *
 * Reading ({@link goUnmarshal}, {@link goDecode}): a syntax check with Go's scanner messages
 * (`invalid character 'x' looking for beginning of value`), then a typed decode into a
 * {@link GoShape} with Go's type errors (`json: cannot unmarshal string into Go struct field
 * payload.updated_tags of type []string`), case-insensitive field names and ignored unknown fields.
 *
 * @module
 */

/** A Go map: its keys are written sorted. */
export class GoMap {
  constructor(readonly entries: Readonly<Record<string, unknown>>) {}
}

/** Mark a record as a Go map (keys sorted on output), as opposed to a struct (declared order). */
export function goMap(entries: Readonly<Record<string, unknown>>): GoMap {
  return new GoMap(entries);
}

/** Already-encoded JSON inserted as is (Go `json.RawMessage`). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Options of {@link goMarshal} and {@link goEncode}. */
export interface GoJsonOptions {
  /** Escape `<`, `>`, `&` (Go's default); go-github's encoder turns it off. */
  escapeHTML?: boolean;
}

/** Go's `json.Marshal`. */
export function goMarshal(value: unknown, options: GoJsonOptions = {}): string {
  return encodeValue(value, options.escapeHTML ?? true);
}

/** Go's `json.NewEncoder(w).Encode(v)`: `json.Marshal` plus a newline. */
export function goEncode(value: unknown, options: GoJsonOptions = {}): string {
  return `${encodeValue(value, options.escapeHTML ?? true)}\n`;
}

/** Compare strings by their UTF-8 bytes, the order Go sorts map keys in. */
export function compareUtf8(a: string, b: string): number {
  // UTF-16 order equals code point order except around surrogates; compare code points.
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function encodeValue(value: unknown, html: boolean): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value, html);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof RawJson) return value.text;
  if (value instanceof GoMap) {
    const keys = Object.keys(value.entries).sort(compareUtf8);
    return `{${keys.map((k) => `${goJsonString(k, html)}:${encodeValue(value.entries[k], html)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => encodeValue(v, html)).join(",")}]`;
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(`${goJsonString(k, html)}:${encodeValue(v, html)}`);
    }
    return `{${parts.join(",")}}`;
  }
  throw new TypeError(`json: unsupported type: ${typeof value}`);
}

const HEX = "0123456789abcdef";

/** A JSON string literal as Go's encoder writes it (HTML-safe unless `html` is false). */
export function goJsonString(s: string, html = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const htmlChar = c === 0x3c || c === 0x3e || c === 0x26;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x7f && !(html && htmlChar)) {
      out += s[i];
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
    }
    if (c < 0x20 || htmlChar || c === 0x2028 || c === 0x2029) {
      out += `\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else {
        out += "\ufffd";
      }
      continue;
    }
    out += s[i];
  }
  return `${out}"`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The Go type a JSON document is decoded into. */
export type GoShape =
  | { kind: "string" }
  | { kind: "bool" }
  | { kind: "time" }
  | { kind: "any" }
  | { kind: "slice"; elem: GoShape; goType: string }
  | { kind: "map"; elem: GoShape; goType: string }
  | { kind: "struct"; name: string; goType: string; fields: Readonly<Record<string, GoShape>> };

/** A failed decode: `message` is Go's error text. */
export class GoJsonError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Parsed {
  value: Json;
  /** Go's text for the JSON type of each value, needed for type errors. */
}

/**
 * Go's `json.Unmarshal(data, &v)` for a value of type `shape`: the whole input must be one JSON value.
 * Throws {@link GoJsonError} with Go's message.
 */
export function goUnmarshal(text: string, shape: GoShape): unknown {
  const bytes = new TextEncoder().encode(text);
  const scan = scanValue(bytes, 0, "unmarshal");
  return decodeTyped(scan.value, shape);
}

/**
 * Go's `json.NewDecoder(r).Decode(&v)`: reads the first JSON value and ignores what follows it;
 * empty input is `EOF`, a value cut short is `unexpected EOF`.
 */
export function goDecode(text: string, shape: GoShape): unknown {
  const bytes = new TextEncoder().encode(text);
  const scan = scanValue(bytes, 0, "decode");
  return decodeTyped(scan.value, shape);
}

/** Whether `text` is one valid JSON value (Go `json.Valid`). */
export function goValid(text: string): boolean {
  try {
    scanValue(new TextEncoder().encode(text), 0, "unmarshal");
    return true;
  } catch {
    return false;
  }
}

// The scanner: a recursive-descent parser that reports errors with the words of Go's state machine.

class Scanner {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly mode: "unmarshal" | "decode",
  ) {}

  eof(): never {
    throw new GoJsonError(this.mode === "decode" ? "unexpected EOF" : "unexpected end of JSON input");
  }

  invalid(context: string): never {
    throw new GoJsonError(`invalid character ${quoteChar(this.bytes[this.pos])} ${context}`);
  }

  skipSpace(): void {
    const b = this.bytes;
    while (
      this.pos < b.length &&
      (b[this.pos] === 0x20 || b[this.pos] === 0x09 || b[this.pos] === 0x0a || b[this.pos] === 0x0d)
    )
      this.pos++;
  }

  peek(): number | undefined {
    return this.pos < this.bytes.length ? this.bytes[this.pos] : undefined;
  }
}

function scanValue(bytes: Uint8Array, start: number, mode: "unmarshal" | "decode"): Parsed {
  const s = new Scanner(bytes, mode);
  s.pos = start;
  s.skipSpace();
  if (s.pos >= bytes.length) {
    if (mode === "decode") throw new GoJsonError("EOF");
    s.eof();
  }
  const value = parseAny(s);
  if (mode === "unmarshal") {
    s.skipSpace();
    if (s.pos < bytes.length) s.invalid("after top-level value");
  }
  return { value };
}

/** Go's `maxNestingDepth`: deeper documents are refused instead of exhausting the stack. */
const MAX_DEPTH = 10000;

type Frame = { array: Json[] } | { object: { [key: string]: Json }; key: string };

/**
 * Parse one JSON value with an explicit stack (no recursion: a hostile body of a million `[` must be
 * an error, not a stack overflow), reporting errors in byte order with Go's words.
 */
function parseAny(s: Scanner): Json {
  const stack: Frame[] = [];
  for (;;) {
    // Read the start of a value.
    s.skipSpace();
    const c = s.peek();
    if (c === undefined) s.eof();
    let value: Json;
    if (c === 0x7b || c === 0x5b) {
      s.pos++;
      if (stack.length + 1 > MAX_DEPTH) {
        s.pos--;
        s.invalid("exceeded max depth");
      }
      s.skipSpace();
      const next = s.peek();
      if (next === undefined) s.eof();
      if (c === 0x5b) {
        if (next === 0x5d) {
          s.pos++;
          value = [];
        } else {
          stack.push({ array: [] });
          continue;
        }
      } else if (next === 0x7d) {
        s.pos++;
        value = Object.create(null);
      } else {
        const frame = { object: Object.create(null) as { [key: string]: Json }, key: readKey(s) };
        stack.push(frame);
        continue;
      }
    } else if (c === 0x22) value = parseString(s);
    else if (c === 0x74) value = parseLiteral(s, "true", true);
    else if (c === 0x66) value = parseLiteral(s, "false", false);
    else if (c === 0x6e) value = parseLiteral(s, "null", null);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) value = parseNumber(s);
    else return s.invalid("looking for beginning of value");
    // Attach the finished value to its container and read what follows it.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) return value;
      s.skipSpace();
      const sep = s.peek();
      if (sep === undefined) s.eof();
      if ("array" in frame) {
        frame.array.push(value);
        if (sep === 0x2c) {
          s.pos++;
          break;
        }
        if (sep !== 0x5d) s.invalid("after array element");
        s.pos++;
        value = frame.array;
      } else {
        frame.object[frame.key] = value;
        if (sep === 0x2c) {
          s.pos++;
          frame.key = readKey(s);
          break;
        }
        if (sep !== 0x7d) s.invalid("after object key:value pair");
        s.pos++;
        value = frame.object;
      }
      stack.pop();
    }
  }
}

/** An object key and the `:` after it. */
function readKey(s: Scanner): string {
  s.skipSpace();
  if (s.peek() === undefined) s.eof();
  if (s.peek() !== 0x22) s.invalid("looking for beginning of object key string");
  const key = parseString(s);
  s.skipSpace();
  if (s.peek() === undefined) s.eof();
  if (s.peek() !== 0x3a) s.invalid("after object key");
  s.pos++;
  return key;
}

function parseLiteral(s: Scanner, word: string, value: Json): Json {
  s.pos++;
  for (let i = 1; i < word.length; i++) {
    const c = s.peek();
    if (c === undefined) s.eof();
    if (c !== word.charCodeAt(i)) s.invalid(`in literal ${word} (expecting '${word[i]}')`);
    s.pos++;
  }
  return value;
}

function isDigit(c: number | undefined): c is number {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function parseNumber(s: Scanner): Json {
  const start = s.pos;
  if (s.peek() === 0x2d) {
    s.pos++;
    const c = s.peek();
    if (c === undefined) s.eof();
    if (!isDigit(c)) s.invalid("in numeric literal");
  }
  if (s.peek() === 0x30) s.pos++;
  else while (isDigit(s.peek())) s.pos++;
  if (s.peek() === 0x2e) {
    s.pos++;
    if (s.peek() === undefined) s.eof();
    if (!isDigit(s.peek())) s.invalid("after decimal point in numeric literal");
    while (isDigit(s.peek())) s.pos++;
  }
  if (s.peek() === 0x65 || s.peek() === 0x45) {
    s.pos++;
    if (s.peek() === 0x2b || s.peek() === 0x2d) s.pos++;
    if (s.peek() === undefined) s.eof();
    if (!isDigit(s.peek())) s.invalid("in exponent of numeric literal");
    while (isDigit(s.peek())) s.pos++;
  }
  return Number(new TextDecoder().decode(s.bytes.subarray(start, s.pos)));
}

function parseString(s: Scanner): string {
  s.pos++;
  const b = s.bytes;
  const chunks: number[] = [];
  let out = "";
  const flush = () => {
    if (chunks.length > 0) {
      out += new TextDecoder().decode(new Uint8Array(chunks));
      chunks.length = 0;
    }
  };
  for (;;) {
    if (s.pos >= b.length) s.eof();
    const c = b[s.pos];
    if (c === 0x22) {
      s.pos++;
      flush();
      return out;
    }
    if (c < 0x20) s.invalid("in string literal");
    if (c !== 0x5c) {
      chunks.push(c);
      s.pos++;
      continue;
    }
    s.pos++;
    if (s.pos >= b.length) s.eof();
    const e = b[s.pos];
    const simple: Record<number, string> = {
      34: '"',
      92: "\\",
      47: "/",
      98: "\b",
      102: "\f",
      110: "\n",
      114: "\r",
      116: "\t",
    };
    if (simple[e] !== undefined) {
      flush();
      out += simple[e];
      s.pos++;
      continue;
    }
    if (e !== 0x75) s.invalid("in string escape code");
    s.pos++;
    let code = 0;
    for (let i = 0; i < 4; i++) {
      if (s.pos >= b.length) s.eof();
      const h = b[s.pos];
      const v =
        h >= 0x30 && h <= 0x39
          ? h - 48
          : h >= 0x61 && h <= 0x66
            ? h - 87
            : h >= 0x41 && h <= 0x46
              ? h - 55
              : -1;
      if (v < 0) s.invalid("in \\u hexadecimal character escape");
      code = code * 16 + v;
      s.pos++;
    }
    flush();
    out += String.fromCharCode(code);
  }
}

/** Go's `quoteChar`: the offending byte as a single-quoted Go literal. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** Go's `strconv.Quote`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (cp === 0xfffd && ch !== "\ufffd") {
      out += "\\ufffd";
      continue;
    }
    if (isGoPrint(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrint(ch: string): boolean {
  return ch === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** Go's name for the JSON type of a value, as type errors print it. */
function jsonTypeName(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

interface DecodeContext {
  structName: string | undefined;
  fields: string[];
  firstError: string | undefined;
}

function decodeTyped(value: Json, shape: GoShape): unknown {
  const ctx: DecodeContext = { structName: undefined, fields: [], firstError: undefined };
  const out = decodeInto(value, shape, ctx);
  // Go keeps decoding after a type mismatch and reports the first one at the end.
  if (ctx.firstError !== undefined) throw new GoJsonError(ctx.firstError);
  return out;
}

function typeError(ctx: DecodeContext, value: Json, goType: string): void {
  if (ctx.firstError !== undefined) return;
  const where =
    ctx.structName !== undefined || ctx.fields.length > 0
      ? `Go struct field ${ctx.structName ?? ""}.${ctx.fields.join(".")}`
      : "Go value";
  ctx.firstError = `json: cannot unmarshal ${jsonTypeName(value)} into ${where} of type ${goType}`;
}

function goTypeOf(shape: GoShape): string {
  switch (shape.kind) {
    case "string":
      return "string";
    case "bool":
      return "bool";
    case "time":
      return "time.Time";
    case "any":
      return "interface {}";
    default:
      return shape.goType;
  }
}

function decodeInto(value: Json, shape: GoShape, ctx: DecodeContext): unknown {
  // null leaves every Go value at its zero value, without error.
  if (value === null) return zeroOf(shape);
  switch (shape.kind) {
    case "any":
      return value;
    case "string":
      if (typeof value === "string") return value;
      typeError(ctx, value, "string");
      return "";
    case "bool":
      if (typeof value === "boolean") return value;
      typeError(ctx, value, "bool");
      return false;
    case "time":
      return decodeTime(value);
    case "slice": {
      if (!Array.isArray(value)) {
        typeError(ctx, value, shape.goType);
        return [];
      }
      return value.map((v) => decodeInto(v, shape.elem, ctx));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) {
        typeError(ctx, value, shape.goType);
        return {};
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = decodeInto(v, shape.elem, ctx);
      return out;
    }
    case "struct": {
      if (typeof value !== "object" || Array.isArray(value)) {
        typeError(ctx, value, shape.goType);
        return zeroOf(shape);
      }
      const out = zeroOf(shape) as Record<string, unknown>;
      const names = Object.keys(shape.fields);
      for (const [key, v] of Object.entries(value)) {
        // Exact name first, then Go's case-insensitive match.
        const field =
          names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
        if (field === undefined) continue;
        const saved = { structName: ctx.structName, depth: ctx.fields.length };
        ctx.structName = shape.name;
        ctx.fields.push(field);
        out[field] = decodeInto(v, shape.fields[field], ctx);
        ctx.fields.length = saved.depth;
        ctx.structName = saved.structName;
      }
      return out;
    }
  }
}

function zeroOf(shape: GoShape): unknown {
  switch (shape.kind) {
    case "string":
      return "";
    case "bool":
      return false;
    case "time":
      return undefined;
    case "any":
      return null;
    case "slice":
      return [];
    case "map":
      return {};
    case "struct":
      return Object.fromEntries(Object.entries(shape.fields).map(([k, s]) => [k, zeroOf(s)]));
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function decodeTime(value: Json): string {
  // time.Time's own UnmarshalJSON: its error ends decoding at once, without field context.
  const literal =
    typeof value === "object" && value !== null
      ? Array.isArray(value)
        ? "[...]"
        : "{...}"
      : JSON.stringify(value);
  if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GoJsonError(
      `parsing time ${goQuote(literal)} as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse ${goQuote(literal.slice(1))} as "2006"`,
    );
  }
  return value;
}

/** A slice shape, e.g. `goSlice({kind:"string"})` for `[]string`. */
export function goSlice(elem: GoShape): GoShape {
  return { kind: "slice", elem, goType: `[]${goTypeOf(elem)}` };
}

/** A struct shape; `name` is Go's type name (`""` for an anonymous struct), `goType` how Go prints it. */
export function goStruct(name: string, goType: string, fields: Record<string, GoShape>): GoShape {
  return { kind: "struct", name, goType, fields };
}
