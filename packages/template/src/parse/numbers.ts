/**
 * Go's number literal rules as text/template applies them (strconv.ParseInt/ParseUint with base 0 and
 * ParseFloat): every base prefix, `_` separators, hex floats, and the same rejections.
 */

import { parseGoFloat64 } from "@gitops-kit/core";
import { quote } from "../fmt/quote.js";
import { parseGoInt as parseStrconvInt } from "../sprig/strconv.js";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Go's strconv underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1])) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** strconv.ParseInt(s, 0, 64) (or ParseUint when `unsigned`); `null` on any error. */
export function parseGoInt(s0: string, unsigned: boolean): bigint | null {
  if (s0 === "") return null;
  let s = s0;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    if (unsigned) return null;
    neg = s[0] === "-";
    s = s.slice(1);
    if (s === "") return null;
  }
  let base = 10;
  let body = s;
  if (s[0] === "0") {
    if (s.length >= 3 && (s[1] === "x" || s[1] === "X")) {
      base = 16;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "o" || s[1] === "O")) {
      base = 8;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "b" || s[1] === "B")) {
      base = 2;
      body = s.slice(2);
    } else if (s.length > 1) {
      base = 8;
      body = s.slice(1);
    }
  }
  let sawUnderscore = false;
  let n = 0n;
  const b = BigInt(base);
  let digits = 0;
  for (const c of body) {
    if (c === "_") {
      sawUnderscore = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return null;
    n = n * b + BigInt(d);
    digits++;
  }
  if (digits === 0 && !(base === 8 && body === "")) return null;
  if (sawUnderscore && !underscoreOK(s0)) return null;
  if (neg) n = -n;
  if (unsigned) return n > UINT64_MAX ? null : n;
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/**
 * strconv.ParseFloat(s, 64) on the text the lexer accepted as a number; `null` on syntax error or
 * overflow to ±Inf (text/template treats every error alike).
 */
export function parseGoFloat(s: string): number | null {
  const r = parseGoFloat64(s);
  return r.error === null ? r.value : null;
}

/** A complex literal read by {@link scanGoComplex}: the pair, or the error text fmt.Sscan returns. */
export type ComplexScan = { value: [number, number]; error?: undefined } | { error: string };

/** Thrown inside the scanner to stop at the first error, as fmt's scanner panics and recovers. */
class ScanStop {
  constructor(readonly message: string) {}
}

const COMPLEX_SYNTAX = "syntax error scanning complex number";

/** The scanner's read position and the token it is collecting. */
class Scanner {
  pos = 0;
  buf = "";
  constructor(private readonly text: string) {}

  /** Consume the next character if it is one of `chars`, appending it to the token. */
  accept(chars: string): boolean {
    const c = this.text[this.pos];
    if (c === undefined || !chars.includes(c)) return false;
    this.buf += c;
    this.pos++;
    return true;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** One floating-point token (fmt's floatToken): it stops at the first character that cannot continue it. */
  floatToken(): string {
    this.buf = "";
    if (this.accept("nN") && this.accept("aA") && this.accept("nN")) return this.buf;
    this.accept("+-");
    if (this.accept("iI") && this.accept("nN") && this.accept("fF")) return this.buf;
    let digits = "0123456789_";
    let exponent = "eEpP";
    if (this.accept("0") && this.accept("xX")) {
      digits = "0123456789aAbBcCdDeEfF_";
      exponent = "pP";
    }
    while (this.accept(digits));
    if (this.accept(".")) while (this.accept(digits));
    if (this.accept(exponent)) {
      this.accept("+-");
      while (this.accept("0123456789_"));
    }
    return this.buf;
  }

  /** `N+Ni` or `(N+Ni)` split into its two float tokens; the imaginary one keeps its sign. */
  complexTokens(): [string, string] {
    const parens = this.accept("(");
    const real = this.floatToken();
    this.buf = "";
    if (!this.accept("+-")) throw new ScanStop(COMPLEX_SYNTAX);
    const sign = this.buf;
    const imag = this.floatToken();
    if (!this.accept("i")) throw new ScanStop(COMPLEX_SYNTAX);
    if (parens && !this.accept(")")) throw new ScanStop(COMPLEX_SYNTAX);
    return [real, sign + imag];
  }
}

function numError(func: string, num: string, kind: "syntax" | "range"): ScanStop {
  return new ScanStop(
    `strconv.${func}: parsing ${quote(num)}: ${kind === "syntax" ? "invalid syntax" : "value out of range"}`,
  );
}

/**
 * fmt's convertFloat: strconv.ParseFloat, except that a `p` exponent on a number without `x` is a power of
 * two applied to a decimal mantissa (`1.5p3` is 12); errors then name the whole token.
 */
function convertFloat(token: string): number {
  const p = token.indexOf("p");
  if (p >= 0 && !/[xX]/.test(token)) {
    const mantissa = parseGoFloat64(token.slice(0, p));
    if (mantissa.error !== null) throw numError("ParseFloat", token, mantissa.error);
    // strconv.Atoi on a 64-bit platform is ParseInt(s, 10, 64), overflow reported at the digit it happens.
    const exp = parseStrconvInt(token.slice(p + 1), 10, 64);
    if (!exp.ok) throw numError("Atoi", token, exp.error === "value out of range" ? "range" : "syntax");
    return ldexp(mantissa.value, Number(exp.value));
  }
  const r = parseGoFloat64(token);
  if (r.error !== null) throw numError("ParseFloat", token, r.error);
  return r.value;
}

/** math.Ldexp: frac × 2^exp with one rounding (to nearest even) when the result is subnormal. */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(frac));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (biased !== 0) mantissa |= 1n << 52n;
  // |frac| = mantissa × 2^k; exponents beyond ±5000 are already past overflow or underflow.
  const k = (biased === 0 ? -1074 : biased - 1075) + Math.max(-5000, Math.min(5000, exp));
  let r: number;
  if (k > 1023) r = Number.POSITIVE_INFINITY;
  else if (k >= -1074) r = Number(mantissa) * 2 ** k;
  else {
    const shift = BigInt(-1074 - k);
    let q = mantissa >> shift;
    const rest = mantissa - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
    r = Number(q) * 2 ** -1074;
  }
  return frac < 0 ? -r : r;
}

/**
 * fmt.Sscan(text, &complex128), which text/template uses for a `1+2i` literal: the real and imaginary
 * parts as read, or Sscan's error text (`syntax error scanning complex number`, or the strconv error of
 * the part that fails, e.g. `strconv.ParseFloat: parsing "+": invalid syntax`). Like Sscan, it ignores
 * whatever follows the number. `text` is a lexer token, so there is no leading space to skip.
 */
export function scanGoComplex(text: string): ComplexScan {
  const s = new Scanner(text);
  try {
    if (s.atEnd()) return { error: "EOF" };
    const [real, imag] = s.complexTokens();
    return { value: [convertFloat(real), convertFloat(imag)] };
  } catch (err) {
    if (err instanceof ScanStop) return { error: err.message };
    throw err;
  }
}
