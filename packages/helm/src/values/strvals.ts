/**
 * Helm's `--set` syntax (pkg/strvals): `a.b=c,list[0]=x,list[1].name=y,arr={a,b}`, `\` escapes,
 * typed values (`true`/`false`, `null`, int64 integers) unless parsing as strings (`--set-string`), JSON
 * values (`--set-json`) and literal values (`--set-literal`). Flux's HelmRelease `valuesFrom.targetPath`
 * uses the same parser.
 */
import { goInt64 } from "@gitops-kit/template";
import { ValuesError } from "../errors.js";
import { isTable, setKey, type Values } from "./read.js";

/** Largest list index accepted (Helm's MaxIndex). */
export const STRVALS_MAX_INDEX = 65536;
/** Deepest `a.b.c...` nesting accepted (Helm's MaxNestedNameLevel). */
export const STRVALS_MAX_NESTING = 30;

/** How values are typed: Helm's `--set`, `--set-string`, `--set-json` or `--set-literal`. */
export type StrvalsMode = "typed" | "string" | "json" | "literal";

/** Options of {@link parseStrvals}. */
export interface ParseStrvalsOptions {
  /** The expression, e.g. `image.tag=1.2,replicas=3`. */
  text: string;
  /** Values to set into (modified in place); a new map when absent. */
  into?: Values;
  /** Default `typed` (`--set`). */
  mode?: StrvalsMode;
}

class StrvalsError extends Error {}
const EOF = Symbol("eof");
type Stop = string | typeof EOF;

/** A rune reader over the expression. */
class Scanner {
  pos = 0;
  readonly runes: string[];
  constructor(text: string) {
    this.runes = [...text];
  }
  read(): string | typeof EOF {
    return this.pos < this.runes.length ? this.runes[this.pos++] : EOF;
  }
  unread(): void {
    this.pos--;
  }
  rest(): string {
    return this.runes.slice(this.pos).join("");
  }
  /** Runes up to one in `stop` (consumed), `\` escaping the next rune. */
  until(stop: string): { text: string; last: Stop } {
    let text = "";
    for (;;) {
      const r = this.read();
      if (r === EOF) return { text, last: EOF };
      if (stop.includes(r)) return { text, last: r };
      if (r === "\\") {
        const next = this.read();
        if (next === EOF) return { text, last: EOF };
        text += next;
      } else text += r;
    }
  }
}

const INT64 = /^[+-]?\d+$/;

function typedValue(text: string, mode: StrvalsMode): unknown {
  if (mode === "string") return text;
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (text === "0") return goInt64(0n);
  if (text !== "" && text[0] !== "0" && INT64.test(text)) {
    const n = BigInt(text);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return goInt64(n);
  }
  return text;
}

/** What a step returns: `ok` to go on, `eof` at the end of the input (Go's `nil` / `io.EOF`). */
type Status = "ok" | "eof";

class Parser {
  private readonly sc: Scanner;

  constructor(
    text: string,
    private readonly mode: StrvalsMode,
  ) {
    this.sc = new Scanner(text);
  }

  parse(data: Values): void {
    while (this.key(data, 0) === "ok") {}
  }

  private convert(text: string): unknown {
    return typedValue(text, this.mode);
  }

  /** One `key...=value` (Helm's `parser.key`). */
  private key(data: Values, nesting: number): Status {
    const { text: k, last } = this.sc.until(this.mode === "literal" ? "=[." : "=[,.");
    if (last === EOF) {
      if (k.length === 0) return "eof";
      throw new StrvalsError(`key ${JSON.stringify(k)} has no value`);
    }
    if (last === "[") {
      const index = this.index();
      const existing = Object.hasOwn(data, k) ? data[k] : undefined;
      if (existing !== undefined && !Array.isArray(existing))
        throw conversionError(existing, "[]interface {}");
      const r = this.listItem(existing ? [...existing] : [], index, nesting);
      if (k.length > 0) setKey(data, k, r.list);
      return r.status;
    }
    if (last === "=") {
      if (this.mode === "json") return this.jsonValue((v) => k.length > 0 && setKey(data, k, v));
      if (this.mode === "literal") {
        const v = this.sc.rest();
        this.sc.pos = this.sc.runes.length;
        if (k.length > 0) setKey(data, k, v);
        return "eof";
      }
      const list = this.valueList();
      if (list.kind === "list") {
        if (k.length > 0) setKey(data, k, list.items);
        return "ok";
      }
      if (list.kind === "eof") {
        if (k.length > 0) setKey(data, k, "");
        return "eof";
      }
      const { text: v } = this.sc.until(",");
      if (k.length > 0) setKey(data, k, this.convert(v));
      return "ok";
    }
    if (last === ",") {
      if (k.length > 0) setKey(data, k, "");
      throw new StrvalsError(`key ${JSON.stringify(k)} has no value (cannot end with ,)`);
    }
    // last === "."
    if (nesting + 1 > STRVALS_MAX_NESTING) {
      throw new StrvalsError(
        `value name nested level is greater than maximum supported nested level of ${STRVALS_MAX_NESTING}`,
      );
    }
    let inner: Values = {};
    if (Object.hasOwn(data, k)) {
      const existing = data[k];
      if (!isTable(existing)) throw conversionError(existing, "map[string]interface {}");
      inner = existing;
    }
    const status = this.key(inner, nesting + 1);
    const empty = Object.keys(inner).length === 0;
    if (status === "ok" && empty) throw new StrvalsError(`key map ${JSON.stringify(k)} has no value`);
    if (!empty && k.length > 0) setKey(data, k, inner);
    return status;
  }

  private index(): number {
    const { text, last } = this.sc.until("]");
    if (last === EOF) throw new StrvalsError("error parsing index: EOF");
    if (!INT64.test(text))
      throw new StrvalsError(
        `error parsing index: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`,
      );
    return Number(text);
  }

  private setIndex(list: unknown[], index: number, value: unknown): unknown[] {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    if (index > STRVALS_MAX_INDEX) {
      throw new StrvalsError(
        `index of ${index} is greater than maximum supported index of ${STRVALS_MAX_INDEX}`,
      );
    }
    while (list.length <= index) list.push(null);
    list[index] = value;
    return list;
  }

  /** What follows `name[i]` (Helm's `parser.listItem`). */
  private listItem(list: unknown[], index: number, nesting: number): { list: unknown[]; status: Status } {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    const { text, last } = this.sc.until("[.=");
    if (text.length > 0)
      throw new StrvalsError(`unexpected data at end of array index: ${JSON.stringify(text)}`);
    if (last === EOF) return { list, status: "eof" };
    if (last === "=") {
      if (this.mode === "json") {
        let value: unknown;
        const status = this.jsonValue((v) => {
          value = v;
        });
        return { list: this.setIndex(list, index, value), status };
      }
      const vl = this.valueList();
      if (vl.kind === "list") return { list: this.setIndex(list, index, vl.items), status: "ok" };
      if (vl.kind === "eof") return { list: this.setIndex(list, index, ""), status: "ok" };
      const { text: v } = this.sc.until(",");
      return {
        list: this.setIndex(list, index, this.mode === "literal" ? v : this.convert(v)),
        status: "ok",
      };
    }
    if (last === "[") {
      const next = this.index();
      const existing = list.length > index ? list[index] : undefined;
      if (existing !== undefined && existing !== null && !Array.isArray(existing)) {
        throw conversionError(existing, "[]interface {}");
      }
      const inner = this.listItem(existing ? [...(existing as unknown[])] : [], next, nesting);
      if (inner.status === "eof") return { list, status: "eof" };
      return { list: this.setIndex(list, index, inner.list), status: "ok" };
    }
    // last === "."
    let inner: Values = {};
    if (list.length > index) {
      const existing = list[index];
      if (isTable(existing)) inner = existing;
      else list[index] = inner;
    }
    const status = this.key(inner, nesting);
    if (status === "eof") return { list, status };
    return { list: this.setIndex(list, index, inner), status: "ok" };
  }

  /** `{a,b,c}` after `=`: a list value, the end of input, or "not a list". */
  private valueList(): { kind: "list"; items: unknown[] } | { kind: "eof" } | { kind: "scalar" } {
    const r = this.sc.read();
    if (r === EOF) return { kind: "eof" };
    if (r !== "{") {
      this.sc.unread();
      return { kind: "scalar" };
    }
    const items: unknown[] = [];
    for (;;) {
      const { text, last } = this.sc.until(",}");
      if (last === EOF) throw new StrvalsError("list must terminate with '}'");
      items.push(this.convert(text));
      if (last === "}") {
        const after = this.sc.read();
        if (after !== EOF && after !== ",") this.sc.unread();
        return { kind: "list", items };
      }
    }
  }

  /** Skip blanks; true (and consumed) at the end of input or a `,`. */
  private emptyValue(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === EOF || r === ",") return true;
      if (!/\s/u.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  /** A JSON value after `=` (`--set-json`); an empty value is null. */
  private jsonValue(set: (v: unknown) => void): Status {
    if (this.emptyValue()) {
      set(null);
      return "ok";
    }
    const rest = this.sc.rest();
    const end = jsonPrefixLength(rest);
    if (end < 0) throw new StrvalsError(`invalid JSON value: ${rest}`);
    set(JSON.parse(rest.slice(0, end)));
    this.sc.pos += [...rest.slice(0, end)].length;
    this.emptyValue();
    return "ok";
  }
}

function conversionError(existing: unknown, want: string): StrvalsError {
  return new StrvalsError(
    `unable to parse key: interface conversion: interface {} is ${goTypeName(existing)}, not ${want}`,
  );
}

/** Length of the longest prefix of `s` that is one complete JSON value, or -1. */
function jsonPrefixLength(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return tryJson(s, i + 1);
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return tryJson(s, i + 1);
    } else if (depth === 0 && /[\s,]/.test(c)) return tryJson(s, i);
  }
  return tryJson(s, s.length);
}

function tryJson(s: string, end: number): number {
  try {
    JSON.parse(s.slice(0, end));
    return end;
  } catch {
    return -1;
  }
}

function goTypeName(v: unknown): string {
  if (v === null) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (Array.isArray(v)) return "[]interface {}";
  if (isTable(v)) return "map[string]interface {}";
  return "int64";
}

/**
 * Parse a `--set` style expression into values (Helm's strvals `ParseInto` / `ParseIntoString` /
 * `ParseJSON` / `ParseLiteralInto`). Throws {@link ValuesError} (code `STRVALS_INVALID`) with Helm's reason.
 *
 * @example parseStrvals({ text: "image.tag=1.2,replicas=3" }) // { image: { tag: "1.2" }, replicas: 3 (int64) }
 */
export function parseStrvals(options: ParseStrvalsOptions): Values {
  const into = options.into ?? {};
  try {
    new Parser(options.text, options.mode ?? "typed").parse(into);
  } catch (err) {
    if (err instanceof StrvalsError) {
      throw new ValuesError(err.message, { code: "STRVALS_INVALID", source: options.text, cause: err });
    }
    throw err;
  }
  return into;
}
