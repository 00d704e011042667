/**
 * Go's `strconv.ParseInt` / `ParseUint` / `ParseFloat` / `Atoi` with their exact acceptance rules (base
 * prefixes and `_` separators with base 0, `Inf`/`NaN`, hexadecimal floats), as the cast-based Sprig
 * conversions rely on them.
 */

/** A failed parse: Go's `strconv.ErrSyntax` or `strconv.ErrRange`. */
export type ParseFailure = "invalid syntax" | "value out of range";

/** The outcome of an integer parse; on range errors Go still returns the clamped value. */
export type IntParse = { ok: true; value: bigint } | { ok: false; error: ParseFailure; value: bigint };

function lower(c: string): string {
  return c >= "A" && c <= "Z" ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
}

/** Go's `underscoreOK`: `_` only between digits (or after a base prefix). */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(lower(s[1]))) {
    i = 2;
    saw = "0";
    hex = lower(s[1]) === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && "abcdef".includes(lower(c)))) {
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
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  const l = lower(c);
  if (l >= "a" && l <= "z") return l.charCodeAt(0) - 87;
  return 99;
}

/** `strconv.ParseUint(s, base, bitSize)`; `bitSize` 0 means 64. */
export function parseGoUint(s0: string, base0: number, bitSize = 64): IntParse {
  const bits = bitSize === 0 ? 64 : bitSize;
  if (s0 === "") return { ok: false, error: "invalid syntax", value: 0n };
  let s = s0;
  let base = base0;
  const basePrefixAllowed = base0 === 0;
  if (base === 0) {
    base = 10;
    if (s[0] === "0") {
      if (s.length >= 3 && lower(s[1]) === "b") {
        base = 2;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]) === "o") {
        base = 8;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]) === "x") {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  }
  const max = (1n << BigInt(bits)) - 1n;
  const b = BigInt(base);
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === "_" && basePrefixAllowed) {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return { ok: false, error: "invalid syntax", value: 0n };
    n = n * b + BigInt(d);
    if (n > max) return { ok: false, error: "value out of range", value: max };
  }
  if (underscores && !underscoreOK(s0)) return { ok: false, error: "invalid syntax", value: 0n };
  return { ok: true, value: n };
}

/** `strconv.ParseInt(s, base, bitSize)`; `bitSize` 0 means 64. */
export function parseGoInt(s0: string, base: number, bitSize = 64): IntParse {
  const bits = bitSize === 0 ? 64 : bitSize;
  if (s0 === "") return { ok: false, error: "invalid syntax", value: 0n };
  let s = s0;
  let negative = false;
  if (s[0] === "+") s = s.slice(1);
  else if (s[0] === "-") {
    negative = true;
    s = s.slice(1);
  }
  const u = parseGoUint(s, base, bits);
  const cutoff = 1n << BigInt(bits - 1);
  if (!u.ok && u.error === "invalid syntax") return u;
  if (!u.ok) return { ok: false, error: "value out of range", value: negative ? -cutoff : cutoff - 1n };
  if (!negative && u.value >= cutoff) return { ok: false, error: "value out of range", value: cutoff - 1n };
  if (negative && u.value > cutoff) return { ok: false, error: "value out of range", value: -cutoff };
  return { ok: true, value: negative ? -u.value : u.value };
}

/** `strconv.Atoi`: base 10, no prefixes or separators; on error the value Go returns alongside it. */
export function atoi(s: string): IntParse {
  if (/^[+-]?$/.test(s) || /_/.test(s)) return { ok: false, error: "invalid syntax", value: 0n };
  return parseGoInt(s, 10, 64);
}

/** The outcome of a float parse. */
export type FloatParse = { ok: true; value: number } | { ok: false; error: ParseFailure; value: number };

const DECIMAL_FLOAT = /^[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** `strconv.ParseFloat(s, 64)`. */
export function parseFloat64(s0: string): FloatParse {
  let s = s0;
  let sign = 1;
  if (s[0] === "+" || s[0] === "-") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  const l = s.toLowerCase();
  if (l === "inf" || l === "infinity") return { ok: true, value: sign * Number.POSITIVE_INFINITY };
  if (l === "nan" && s0.length === s.length) return { ok: true, value: Number.NaN };
  if (s.includes("_") && !underscoreOK(s0)) return { ok: false, error: "invalid syntax", value: 0 };
  const hex = HEX_FLOAT.exec(s);
  let value: number;
  if (hex) {
    const intPart = hex[1].replaceAll("_", "");
    const frac = (hex[2] ?? "").replaceAll("_", "");
    if (intPart === "" && frac === "") return { ok: false, error: "invalid syntax", value: 0 };
    const digits = intPart + frac;
    const mant = digits === "" ? 0n : BigInt(`0x${digits}`);
    const exp = Number(hex[3].replaceAll("_", "")) - 4 * frac.length;
    value = hexScale(mant, exp);
  } else {
    if (!DECIMAL_FLOAT.test(s) || !/[0-9]/.test(s.split(/[eE]/)[0])) {
      return { ok: false, error: "invalid syntax", value: 0 };
    }
    value = Number(s.replaceAll("_", ""));
    if (Number.isNaN(value)) return { ok: false, error: "invalid syntax", value: 0 };
  }
  if (!Number.isFinite(value)) return { ok: false, error: "value out of range", value: sign * value };
  return { ok: true, value: sign * value };
}

/** `mant * 2^exp` rounded once to float64. */
function hexScale(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  // Keep 64 significant bits plus a sticky bit, then let Number() do the one rounding.
  let m = mant;
  let e = exp;
  if (bits > 64) {
    const drop = BigInt(bits - 64);
    const sticky = (m & ((1n << drop) - 1n)) !== 0n ? 1n : 0n;
    m = (m >> drop) | sticky;
    e += bits - 64;
  }
  const topExp = e + m.toString(2).length - 1;
  if (topExp > 1023) return Number.POSITIVE_INFINITY;
  if (topExp < -1075) return 0;
  // Scale into the normal range in two steps so the intermediate never overflows or goes subnormal early.
  const asNumber = Number(m);
  if (topExp >= -1022) return asNumber * 2 ** e;
  // Subnormal results: shift the integer first so rounding happens once, at the subnormal precision.
  const shift = -1074 - e;
  if (shift <= 0) return asNumber * 2 ** e;
  const half = 1n << BigInt(shift - 1);
  const rem = m & ((1n << BigInt(shift)) - 1n);
  let q = m >> BigInt(shift);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** -1074;
}
