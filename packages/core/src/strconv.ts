/**
 * Go's `strconv.ParseFloat(s, 64)`, exactly: the accepted grammar (decimal, hexadecimal with a
 * mandatory `p` exponent, `_` separators, `inf`/`infinity`/`nan`), correct rounding to float64, and
 * the value Go returns next to each error.
 */

import { fastPathDecides } from "./strconv-fast-path.js";

/** Go's `strconv.ErrSyntax` (`"syntax"`) or `strconv.ErrRange` (`"range"`). */
export type GoFloatErrorKind = "syntax" | "range";

/**
 * What `strconv.ParseFloat(s, 64)` returns. On `"syntax"` the value is 0; on `"range"` (a finite
 * literal beyond float64) it is ±Infinity. Underflow is not an error: it rounds to ±0 or a subnormal.
 */
export interface GoFloatParse {
  value: number;
  error: GoFloatErrorKind | null;
}

/**
 * Go stops reading exponent digits once the exponent reaches 10000, so `1e123456` means `1e12345`,
 * and a long enough mantissa can bring such a literal back into range: `"0." + "0".repeat(20000) +
 * "1e200000"` is 0.1 in Go.
 */
const EXPONENT_SATURATION = 10000;

/** Significant hexadecimal digits kept before the rest only counts as a sticky bit (64 bits). */
const HEX_MANTISSA_DIGITS = 16;

/** Decimal digits Go's fast path reads (10^19 fits in a uint64). */
const FAST_PATH_DIGITS = 19;

/**
 * Digits Go's slow decimal path keeps. It also caps the count of digits before the point at this,
 * so a literal with more of them than this that the fast path declines comes out smaller (Go 1.19:
 * `"1" + "0".repeat(1000) + "e-1000"` is 1e-201).
 */
const SLOW_PATH_DIGITS = 800;

/**
 * Parse `s` as Go's `strconv.ParseFloat(s, 64)` does. Never throws; the whole string must be the
 * number (no surrounding spaces).
 */
export function parseGoFloat64(s: string): GoFloatParse {
  const special = parseSpecial(s);
  if (special !== undefined) return { value: special, error: null };
  const lit = scanLiteral(s);
  if (lit === undefined) return { value: 0, error: "syntax" };
  const magnitude = lit.hex ? hexValue(lit) : decimalValue(lit);
  const value = lit.negative ? -magnitude : magnitude;
  return { value, error: Number.isFinite(value) ? null : "range" };
}

/** `inf`/`infinity` with an optional sign and `nan` without one, any letter case. */
function parseSpecial(s: string): number | undefined {
  if (s.length < 3 || s.length > 9) return undefined;
  const lower = s.toLowerCase();
  if (lower === "nan") return Number.NaN;
  const unsigned = lower[0] === "+" || lower[0] === "-" ? lower.slice(1) : lower;
  if (unsigned === "inf" || unsigned === "infinity") {
    return lower[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return undefined;
}

/** A well-formed literal, reduced to 0.DIGITS × base^pointShift (base 10, or 2 for hex). */
interface Literal {
  negative: boolean;
  hex: boolean;
  /** Significant digits (no leading zeros); for hex at most 16 of them. */
  digits: string;
  /** Non-zero digits were dropped after the 16 kept hex digits. */
  truncated: boolean;
  /** Significant digits before the point. */
  intDigits: number;
  /** Digits before the point, counting dropped ones, plus the (saturated) exponent; in bits for hex. */
  pointShift: number;
}

function isDecimalDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 102;
}

function scanLiteral(s: string): Literal | undefined {
  let i = 0;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    i = 1;
  }
  // The prefix only counts when something follows it: "0x" alone is "0" followed by junk.
  const hex = s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && i + 2 < s.length;
  if (hex) i += 2;
  let underscores = false;
  let sawDot = false;
  let sawDigits = false;
  let significant = 0;
  let point = 0;
  let digits = "";
  let truncated = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95 /* _ */) {
      underscores = true;
      continue;
    }
    if (c === 46 /* . */) {
      if (sawDot) break;
      sawDot = true;
      point = significant;
      continue;
    }
    if (!isDecimalDigit(c) && !(hex && isHexLetter(c))) break;
    sawDigits = true;
    if (c === 48 && significant === 0) {
      // Leading zeros only move the point.
      point--;
      continue;
    }
    significant++;
    if (!hex || digits.length < HEX_MANTISSA_DIGITS) digits += s[i];
    else if (c !== 48) truncated = true;
  }
  if (!sawDigits) return undefined;
  if (!sawDot) point = significant;
  const intDigits = point;
  let pointShift = hex ? point * 4 : point;
  const expLetter = s.charCodeAt(i) | 0x20;
  if (i < s.length && expLetter === (hex ? 112 /* p */ : 101) /* e */) {
    i++;
    let expNegative = false;
    if (s[i] === "+" || s[i] === "-") {
      expNegative = s[i] === "-";
      i++;
    }
    if (i >= s.length || !isDecimalDigit(s.charCodeAt(i))) return undefined;
    let exp = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 95) {
        underscores = true;
        continue;
      }
      if (!isDecimalDigit(c)) break;
      if (exp < EXPONENT_SATURATION) exp = exp * 10 + (c - 48);
    }
    pointShift += expNegative ? -exp : exp;
  } else if (hex) {
    return undefined;
  }
  if (i !== s.length) return undefined;
  if (underscores && !underscoresBetweenDigits(s)) return undefined;
  return { negative, hex, digits, truncated, intDigits, pointShift };
}

/**
 * Go's rule for `_`: each one must sit between two digits, where a base prefix counts as a digit
 * (so `0x_1p0` is fine, `_1`, `1_`, `1__0`, `1_.5` and `1e_5` are not).
 */
function underscoresBetweenDigits(s: string): boolean {
  let i = s[0] === "+" || s[0] === "-" ? 1 : 0;
  let hex = false;
  // "^" start, "0" digit or prefix, "_" underscore, "!" anything else.
  let last = "^";
  const p = s[i + 1];
  if (s[i] === "0" && p !== undefined && "bBoOxX".includes(p)) {
    hex = p === "x" || p === "X";
    i += 2;
    last = "0";
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDecimalDigit(c) || (hex && isHexLetter(c))) {
      last = "0";
    } else if (c === 95) {
      if (last !== "0") return false;
      last = "_";
    } else {
      if (last === "_") return false;
      last = "!";
    }
  }
  return last !== "_";
}

/** JavaScript's decimal conversion is correctly rounded for any length, so hand it the normalized form. */
function decimalValue(lit: Literal): number {
  const { digits, intDigits, pointShift } = lit;
  if (digits === "") return 0;
  if (intDigits > SLOW_PATH_DIGITS) {
    const head = digits.slice(0, FAST_PATH_DIGITS);
    const exp10 = pointShift - head.length;
    const dropped = /[1-9]/.test(digits.slice(FAST_PATH_DIGITS));
    if (!fastPathDecides(BigInt(head), exp10, dropped)) {
      // Go's slow path: 800 digits (a dropped non-zero tail still counts, as a trailing 1), and
      // the point placed after at most 800 of them.
      const kept = digits.slice(0, SLOW_PATH_DIGITS);
      const sticky = /[1-9]/.test(digits.slice(SLOW_PATH_DIGITS)) ? "1" : "";
      return Number(`0.${kept}${sticky}e${SLOW_PATH_DIGITS + pointShift - intDigits}`);
    }
  }
  return Number(`0.${digits}e${pointShift}`);
}

/** 0.DIGITS(hex) × 2^pointShift, rounded once to nearest-even float64 (subnormals included). */
function hexValue(lit: Literal): number {
  if (lit.digits === "") return 0;
  const mantissa = BigInt(`0x${lit.digits}`);
  const bits = mantissa.toString(2).length;
  // mantissa × 2^exp2 is the kept value; the dropped digits only add a sticky bit below it.
  const exp2 = lit.pointShift - 4 * lit.digits.length;
  const top = exp2 + bits - 1;
  // The value of the result's last bit: 53 significant bits, but never below the smallest subnormal.
  const lsb = Math.max(top - 52, -1074);
  const shift = lsb - exp2;
  // Far below half of the smallest subnormal: +0 (and no BigInt the size of the exponent).
  if (shift > bits + 1) return 0;
  let q: bigint;
  if (shift <= 0) {
    q = mantissa << BigInt(-shift);
  } else {
    const s = BigInt(shift);
    q = mantissa >> s;
    const rest = mantissa & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rest > half || (rest === half && (lit.truncated || (q & 1n) === 1n))) q += 1n;
  }
  // q has at most 54 bits (a carry), so Number(q) is exact and the product rounds nothing: it is
  // either representable or beyond float64 (Infinity).
  return Number(q) * 2 ** lsb;
}
