/**
 * Sprig's string functions (Sprig v3.2.3 semantics: Go's `strings`, Masterminds/goutils and huandu/xstrings
 * v1.3). Lengths and offsets are in bytes, as in Go: `trunc`, `substr` and `abbrev` can cut a multi-byte
 * character and yield invalid UTF-8, exactly like Sprig.
 */
import { compareGoStrings, formatValue } from "../fmt/print.js";
import { quote as goQuote } from "../fmt/quote.js";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { byteLength, decodeGoBytes, sliceBytes } from "../value/gostring.js";
import { MAP_STRING_STRING, SLICE_STRING, sliceOf, T } from "../value/types.js";
import { typedMap } from "../value/values.js";
import { goBytes } from "./bytes.js";
import { strslice, strval } from "./cast.js";
import { type RandomSource, randomInt } from "./random.js";
import {
  forEachRune,
  isDigit,
  isLetter,
  isLower,
  isSpace,
  isTitle,
  isUpper,
  mapRunes,
  toLower,
  toTitle,
  toUpper,
} from "./unicode.js";
import { toCamelCase, toKebabCase, toSnakeCase } from "./xstrings.js";

/** Largest string (in UTF-16 units) a function may build; beyond it Go would exhaust memory. */
export const MAX_BUILT_STRING = 1 << 28;

/** Go's `strings.Repeat`, with its panics and a size guard. */
export function repeatString(s: string, count: number): string {
  if (count < 0) throw new Error("strings: negative Repeat count");
  if (s.length * count > MAX_BUILT_STRING) {
    throw new Error(`strings: Repeat output of ${s.length * count} characters exceeds the limit`);
  }
  return s.repeat(count);
}

/** Go's `strings.TrimFunc` over runes (invalid bytes never match). */
function trimFunc(s: string, pred: (r: number) => boolean, left = true, right = true): string {
  let start = 0;
  let end = s.length;
  if (left) {
    start = s.length;
    forEachRune(s, (r, from, _to, invalid) => {
      if (!invalid && pred(r)) return true;
      start = from;
      return false;
    });
  }
  if (right) {
    while (end > start) {
      let from = end - 1;
      const c = s.charCodeAt(from);
      if (c >= 0xdc00 && c <= 0xdfff && from > start) {
        const h = s.charCodeAt(from - 1);
        if (h >= 0xd800 && h <= 0xdbff) from--;
      }
      const cp = s.codePointAt(from) ?? 0;
      const invalid = cp >= 0xd800 && cp <= 0xdfff;
      if (invalid || !pred(cp)) break;
      end = from;
    }
  }
  return s.slice(start, end);
}

/** Go's `strings.Trim(s, cutset)`. */
export function trimCutset(s: string, cutset: string): string {
  if (s === "" || cutset === "") return s;
  const set = new Set<number>();
  forEachRune(cutset, (r) => {
    set.add(r);
    return true;
  });
  return trimFunc(s, (r) => set.has(r));
}

/** Go's `strings.TrimSpace`. */
export function trimSpace(s: string): string {
  return trimFunc(s, isSpace);
}

/** The runes of `s` as strings (Go's `strings.Split(s, "")` pieces: each invalid byte on its own). */
function explode(s: string, n = -1): string[] {
  const out: string[] = [];
  forEachRune(s, (_r, start, end) => {
    if (n > 0 && out.length === n - 1) {
      out.push(s.slice(start));
      return false;
    }
    out.push(s.slice(start, end));
    return true;
  });
  return out;
}

/** Go's `strings.SplitN` (`n < 0`: all pieces; `n == 0`: none). */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === "") return explode(s, n);
  if (n < 0) return s.split(sep);
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

/** Go's `strings.Replace(s, old, new, -1)`. */
export function replaceAll(s: string, old: string, replacement: string): string {
  if (old !== "") return s.split(old).join(replacement);
  const pieces = explode(s);
  if (MAX_BUILT_STRING < s.length + (pieces.length + 1) * replacement.length) {
    throw new Error("strings: Replace output exceeds the limit");
  }
  return replacement + pieces.map((p) => p + replacement).join("");
}

/** strings.Title's word boundaries. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f)
      return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** Go's `strings.Title`. */
export function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const out = isSeparator(prev) ? toTitle(r) : r;
    prev = r;
    return out;
  });
}

/** goutils `Uncapitalize`: lower-case the first rune of each whitespace-separated word. */
export function untitle(s: string): string {
  if (s === "") return s;
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLower(r);
    }
    return r;
  });
}

/** goutils `SwapCase`. */
export function swapCase(s: string): string {
  if (s === "") return s;
  let afterSpace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      afterSpace = false;
      return toLower(r);
    }
    if (isLower(r)) {
      const out = afterSpace ? toTitle(r) : toUpper(r);
      afterSpace = false;
      return out;
    }
    afterSpace = isSpace(r);
    return r;
  });
}

/**
 * goutils walks these strings byte by byte and treats each byte as a rune (so bytes of multi-byte characters
 * come out as Latin-1 characters). Replicated with the string's bytes.
 */
function latin1Runes(s: string): number[] {
  return Array.from(goBytes(s));
}

/** goutils `Initials`: the first byte of each whitespace-separated word. */
export function initials(s: string): string {
  let out = "";
  let gap = true;
  for (const b of latin1Runes(s)) {
    if (isSpace(b)) gap = true;
    else if (gap) {
      out += String.fromCharCode(b);
      gap = false;
    }
  }
  return out;
}

/** goutils `DeleteWhiteSpace` (`nospace`), byte-wise like the original. */
export function deleteWhiteSpace(s: string): string {
  const bytes = latin1Runes(s);
  if (!bytes.some(isSpace)) return s;
  return bytes
    .filter((b) => !isSpace(b))
    .map((b) => String.fromCharCode(b))
    .join("");
}

/** goutils `AbbreviateFull` (byte offsets), with Sprig's guards. */
function abbreviateFull(s: string, offset0: number, maxWidth: number): string {
  if (s === "") return "";
  if (maxWidth < 4) return "";
  const len = byteLength(s);
  if (len <= maxWidth) return s;
  let offset = Math.min(offset0, len);
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return `${sliceBytes(s, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) return "";
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(sliceBytes(s, offset), 0, maxWidth - 3)}`;
  return `...${sliceBytes(s, len - (maxWidth - 3))}`;
}

/** goutils `WrapCustom` (byte offsets; lines break at spaces). */
export function wrapCustom(s: string, width0: number, newLine0: string, wrapLongWords: boolean): string {
  if (s === "") return "";
  const newLine = goBytes(newLine0 === "" ? "\n" : newLine0);
  const width = Math.max(width0, 1);
  const b = goBytes(s);
  const out: number[] = [];
  const put = (from: number, to: number) => {
    for (let i = from; i < to; i++) out.push(b[i]);
  };
  const putNewLine = () => {
    for (const x of newLine) out.push(x);
  };
  let offset = 0;
  while (b.length - offset > width) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    let space = b.lastIndexOf(0x20, width + offset);
    if (space < offset) space = -1;
    if (space >= offset) {
      put(offset, space);
      putNewLine();
      offset = space + 1;
    } else if (wrapLongWords) {
      put(offset, width + offset);
      putNewLine();
      offset += width;
    } else {
      const next = b.indexOf(0x20, width + offset);
      if (next < 0) {
        put(offset, b.length);
        offset = b.length;
      } else {
        put(offset, next);
        putNewLine();
        offset = next + 1;
      }
    }
  }
  put(offset, b.length);
  return decodeGoBytes(Uint8Array.from(out));
}

/** Go's `s[start:end]` on bytes, with Go's runtime panic texts. */
function sliceOrPanic(s: string, start: number | undefined, end: number | undefined): string {
  const len = byteLength(s);
  if (start === undefined) {
    if (end! < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
    if (end! > len) throw new Error(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
    return sliceBytes(s, 0, end);
  }
  if (end === undefined) {
    if (start < 0) throw new Error(`runtime error: slice bounds out of range [${start}:]`);
    if (start > len) throw new Error(`runtime error: slice bounds out of range [${start}:${len}]`);
    return sliceBytes(s, start);
  }
  if (end > len) throw new Error(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
  if (start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
  return sliceBytes(s, start, end);
}

/** Sprig's `substr`. */
export function substring(start: number, end: number, s: string): string {
  if (start < 0) return sliceOrPanic(s, undefined, end);
  if (end < 0 || end > byteLength(s)) return sliceOrPanic(s, start, undefined);
  return sliceOrPanic(s, start, end);
}

/** Sprig's `trunc`: the first `c` bytes, or the last `-c` bytes when negative. */
export function trunc(c: number, s: string): string {
  const len = byteLength(s);
  if (c < 0 && len + c > 0) return sliceBytes(s, len + c);
  if (c >= 0 && len > c) return sliceBytes(s, 0, c);
  return s;
}

/** Sprig's `indent`. */
export function indent(spaces: number, v: string): string {
  const pad = repeatString(" ", spaces);
  return pad + replaceAll(v, "\n", `\n${pad}`);
}

/** goutils' CryptoRandom over ASCII: `count` characters drawn from `[start, end)` that pass `accept`. */
function randomString(
  random: RandomSource,
  count: number,
  start: number,
  end: number,
  accept: (r: number) => boolean,
): string {
  if (count <= 0) return "";
  if (count > MAX_BUILT_STRING) throw new Error(`random string of ${count} characters exceeds the limit`);
  let out = "";
  while (out.length < count) {
    const r = start + randomInt(random, end - start);
    if (accept(r)) out += String.fromCharCode(r);
  }
  return out;
}

/** Go's `sort.Strings` order (bytewise). */
function sortStrings(a: string[]): string[] {
  return a.sort(compareGoStrings);
}

/** Sprig's `sortAlpha`: lists sorted as strings; any other value becomes a one-element list. */
function sortAlpha(list: unknown): string[] {
  if (Array.isArray(list) || list instanceof Uint8Array) return sortStrings(strslice(list));
  return [strval(list)];
}

function splitMap(parts: string[]): Record<string, string> {
  const m: Record<string, string> = {};
  parts.forEach((p, i) => {
    m[`_${i}`] = p;
  });
  return typedMap(MAP_STRING_STRING, m);
}

/** Options the string functions need. */
export interface StringFuncsOptions {
  random: RandomSource;
}

/** The string family: everything in Sprig's "Strings" and "String Slice" sections. */
export function stringFuncs({ random }: StringFuncsOptions): FuncMap {
  const s1 = (fn: (s: string) => string) => defineFunc({ params: [T.string], result: T.string, fn });
  const s2 = (fn: (a: string, b: string) => string) =>
    defineFunc({ params: [T.string, T.string], result: T.string, fn });
  const pred = (fn: (a: string, b: string) => boolean) =>
    defineFunc({ params: [T.string, T.string], result: T.bool, fn });
  const randFn = (start: number, end: number, accept: (r: number) => boolean) =>
    defineFunc({ params: [T.int], result: T.string, fn: (n) => randomString(random, n, start, end, accept) });
  const alpha = (r: number) => isLetter(r);
  const digit = (r: number) => r >= 0x30 && r <= 0x39;
  return {
    hello: defineFunc({ params: [], result: T.string, fn: () => "Hello!" }),
    abbrev: defineFunc({
      params: [T.int, T.string],
      result: T.string,
      fn: (width, s) => (width < 4 ? s : abbreviateFull(s, 0, width)),
    }),
    abbrevboth: defineFunc({
      params: [T.int, T.int, T.string],
      result: T.string,
      fn: (left, right, s) => (right < 4 || (left > 0 && right < 7) ? s : abbreviateFull(s, left, right)),
    }),
    trunc: defineFunc({ params: [T.int, T.string], result: T.string, fn: trunc }),
    trim: s1(trimSpace),
    upper: s1((s) => mapRunes(s, toUpper)),
    lower: s1((s) => mapRunes(s, toLower)),
    title: s1(title),
    untitle: s1(untitle),
    substr: defineFunc({ params: [T.int, T.int, T.string], result: T.string, fn: substring }),
    repeat: defineFunc({ params: [T.int, T.string], result: T.string, fn: (n, s) => repeatString(s, n) }),
    trimall: s2((a, b) => trimCutset(b, a)),
    trimAll: s2((a, b) => trimCutset(b, a)),
    trimSuffix: s2((a, b) => (a !== "" && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
    trimPrefix: s2((a, b) => (a !== "" && b.startsWith(a) ? b.slice(a.length) : b)),
    nospace: s1(deleteWhiteSpace),
    initials: s1(initials),
    randAlphaNum: randFn(0x20, 0x7b, (r) => alpha(r) || digit(r)),
    randAlpha: randFn(0x20, 0x7b, alpha),
    randAscii: randFn(0x20, 0x7f, () => true),
    randNumeric: randFn(0x20, 0x7b, digit),
    swapcase: s1(swapCase),
    shuffle: s1((s) => {
      const rs = Array.from(s.length === 0 ? "" : mapRunes(s, (r) => r));
      for (let i = rs.length - 1; i > 0; i--) {
        const j = randomInt(random, i + 1);
        [rs[i], rs[j]] = [rs[j], rs[i]];
      }
      return rs.join("");
    }),
    snakecase: s1(toSnakeCase),
    camelcase: s1(toCamelCase),
    kebabcase: s1(toKebabCase),
    wrap: defineFunc({
      params: [T.int, T.string],
      result: T.string,
      fn: (l, s) => wrapCustom(s, l, "", false),
    }),
    wrapWith: defineFunc({
      params: [T.int, T.string, T.string],
      result: T.string,
      fn: (l, sep, s) => wrapCustom(s, l, sep, true),
    }),
    contains: pred((sub, s) => s.includes(sub)),
    hasPrefix: pred((p, s) => s.startsWith(p)),
    hasSuffix: pred((p, s) => s.endsWith(p)),
    quote: {
      params: [T.any],
      variadic: true,
      result: T.string,
      fn: (...v: unknown[]) =>
        v
          .filter((x) => x !== null)
          .map((x) => goQuote(strval(x)))
          .join(" "),
    },
    squote: {
      params: [T.any],
      variadic: true,
      result: T.string,
      fn: (...v: unknown[]) =>
        v
          .filter((x) => x !== null)
          .map((x) => `'${formatValue(x)}'`)
          .join(" "),
    },
    cat: {
      params: [T.any],
      variadic: true,
      result: T.string,
      fn: (...v: unknown[]) =>
        v
          .filter((x) => x !== null)
          .map((x) => formatValue(x))
          .join(" "),
    },
    indent: defineFunc({ params: [T.int, T.string], result: T.string, fn: indent }),
    nindent: defineFunc({ params: [T.int, T.string], result: T.string, fn: (n, v) => `\n${indent(n, v)}` }),
    replace: defineFunc({
      params: [T.string, T.string, T.string],
      result: T.string,
      fn: (old, repl, src) => replaceAll(src, old, repl),
    }),
    plural: defineFunc({
      params: [T.string, T.string, T.int],
      result: T.string,
      fn: (one, many, count) => (count === 1 ? one : many),
    }),
    toString: defineFunc({ params: [T.any], result: T.string, fn: strval }),
    split: defineFunc({
      params: [T.string, T.string],
      result: MAP_STRING_STRING,
      fn: (sep, orig) => splitMap(splitN(orig, sep, -1)),
    }),
    splitList: defineFunc({
      params: [T.string, T.string],
      result: SLICE_STRING,
      fn: (sep, orig) => splitN(orig, sep, -1),
    }),
    splitn: defineFunc({
      params: [T.string, T.int, T.string],
      result: MAP_STRING_STRING,
      fn: (sep, n, orig) => splitMap(splitN(orig, sep, n)),
    }),
    toStrings: defineFunc({ params: [T.any], result: SLICE_STRING, fn: strslice }),
    join: defineFunc({ params: [T.string, T.any], result: T.string, fn: (sep, v) => strslice(v).join(sep) }),
    sortAlpha: defineFunc({ params: [T.any], result: sliceOf(T.string), fn: sortAlpha }),
  };
}
