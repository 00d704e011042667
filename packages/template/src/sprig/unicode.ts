/**
 * Go's `unicode` predicates and simple case mappings, per code point. JavaScript's `toUpperCase` applies full
 * case mappings (`ß` → `SS`); Go maps one rune to one rune, so multi-character results fall back to Go's
 * simple mapping.
 */

const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;
const WHITE_SPACE = /^\p{White_Space}$/u;

function ch(r: number): string {
  return String.fromCodePoint(r);
}

/** `unicode.IsSpace`. */
export function isSpace(r: number): boolean {
  if (r < 0x100) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff) && WHITE_SPACE.test(ch(r));
}

function test(re: RegExp, r: number): boolean {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false;
  return re.test(ch(r));
}

/** `unicode.IsUpper`. */
export const isUpper = (r: number): boolean => (r < 0x80 ? r >= 0x41 && r <= 0x5a : test(UPPER, r));
/** `unicode.IsLower`. */
export const isLower = (r: number): boolean => (r < 0x80 ? r >= 0x61 && r <= 0x7a : test(LOWER, r));
/** `unicode.IsTitle`. */
export const isTitle = (r: number): boolean => r >= 0x80 && test(TITLE, r);
/** `unicode.IsLetter`. */
export const isLetter = (r: number): boolean =>
  r < 0x80 ? (r | 0x20) >= 0x61 && (r | 0x20) <= 0x7a : test(LETTER, r);
/** `unicode.IsDigit`. */
export const isDigit = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : test(DIGIT, r));
/** `unicode.IsNumber`. */
export const isNumber = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : test(NUMBER, r));
/** `unicode.IsPunct`. */
export const isPunct = (r: number): boolean => test(PUNCT, r);

/** Greek letters with iota subscript: their simple uppercase/titlecase is the "prosgegrammeni" form. */
function iotaSubscriptUpper(r: number): number | undefined {
  if ((r >= 0x1f80 && r <= 0x1f87) || (r >= 0x1f90 && r <= 0x1f97) || (r >= 0x1fa0 && r <= 0x1fa7))
    return r + 8;
  if (r === 0x1fb3) return 0x1fbc;
  if (r === 0x1fc3) return 0x1fcc;
  if (r === 0x1ff3) return 0x1ffc;
  return undefined;
}

function single(s: string): number | undefined {
  const cp = s.codePointAt(0);
  if (cp === undefined) return undefined;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

/** `unicode.ToUpper`. */
export function toUpper(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return r;
  return single(ch(r).toUpperCase()) ?? iotaSubscriptUpper(r) ?? r;
}

/** `unicode.ToLower`. */
export function toLower(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return r;
  if (r === 0x130) return 0x69;
  return single(ch(r).toLowerCase()) ?? r;
}

/** `unicode.ToTitle`. */
export function toTitle(r: number): number {
  if (r >= 0x1c4 && r <= 0x1c6) return 0x1c5;
  if (r >= 0x1c7 && r <= 0x1c9) return 0x1c8;
  if (r >= 0x1ca && r <= 0x1cc) return 0x1cb;
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  // Georgian Mkhedruli has uppercase (Mtavruli) forms but is its own titlecase.
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r;
  return toUpper(r);
}

/**
 * Walk a Go string (see `value/gostring.ts`) rune by rune: `r` is the rune (U+FFFD for an invalid byte, with
 * `invalid` set), `start`/`end` its UTF-16 offsets in `s`.
 */
export function forEachRune(
  s: string,
  fn: (r: number, start: number, end: number, invalid: boolean) => boolean | undefined,
): void {
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (fn(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), i, i + 2, false) === false) return;
        i += 2;
        continue;
      }
    }
    const invalid = c >= 0xd800 && c <= 0xdfff;
    if (fn(invalid ? 0xfffd : c, i, i + 1, invalid) === false) return;
    i++;
  }
}

/** Go's `strings.Map`: apply `f` to each rune (a negative result drops it); invalid bytes become U+FFFD. */
export function mapRunes(s: string, f: (r: number) => number): string {
  let out = "";
  let changed = false;
  forEachRune(s, (r, _start, _end, invalid) => {
    const m = f(r);
    if (m !== r || invalid) changed = true;
    if (m >= 0) out += String.fromCodePoint(m);
    return true;
  });
  return changed ? out : s;
}
