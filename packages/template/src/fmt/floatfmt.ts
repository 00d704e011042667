/**
 * Go's strconv.FormatFloat: formats 'e', 'E', 'f', 'g', 'G', 'b', 'x', 'X' with a precision (-1 = shortest
 * representation that reads back exactly) for float64 and float32.
 *
 * Shortest digits come from the JS engine (`toExponential()` is shortest round-trip, like Go's Ryu); fixed
 * precisions are rounded from the exact binary value with ties to even, as Go does.
 */

/** Decimal digits (no leading or trailing zeros) with the decimal point after `dp` digits. Zero is `{ d: "", dp: 0 }`. */
interface Digits {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sign, biased exponent and 52-bit fraction of a float64. */
function float64Bits(x: number): { neg: boolean; exp: number; mant: bigint } {
  f64[0] = x;
  const hi = LITTLE ? u32[1] : u32[0];
  const lo = LITTLE ? u32[0] : u32[1];
  return {
    neg: hi >>> 31 === 1,
    exp: (hi >>> 20) & 0x7ff,
    mant: (BigInt(hi & 0xfffff) << 32n) | BigInt(lo),
  };
}

interface FloatInfo {
  mantbits: number;
  expbits: number;
  bias: number;
}

const F64: FloatInfo = { mantbits: 52, expbits: 11, bias: -1023 };
const F32: FloatInfo = { mantbits: 23, expbits: 8, bias: -127 };

/** Mantissa (with the implicit bit) and binary exponent such that |x| = mant * 2^(exp - mantbits). */
function decompose(
  x: number,
  bitSize: 32 | 64,
): { neg: boolean; mant: bigint; exp: number; special?: string } {
  const info = bitSize === 32 ? F32 : F64;
  let neg: boolean;
  let exp: number;
  let mant: bigint;
  if (bitSize === 64) {
    ({ neg, exp, mant } = float64Bits(x));
  } else {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, x);
    const bits = b.getUint32(0);
    neg = bits >>> 31 === 1;
    exp = (bits >>> 23) & 0xff;
    mant = BigInt(bits & 0x7fffff);
  }
  const maxExp = (1 << info.expbits) - 1;
  if (exp === maxExp) {
    const special = mant !== 0n ? "NaN" : neg ? "-Inf" : "+Inf";
    return { neg, mant, exp, special };
  }
  if (exp === 0) exp++;
  else mant |= 1n << BigInt(info.mantbits);
  exp += info.bias;
  return { neg, mant, exp };
}

/** The exact decimal expansion of mant * 2^e2. */
function exactDigits(mant: bigint, e2: number): Digits {
  if (mant === 0n) return { d: "", dp: 0 };
  let s: string;
  let dp: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e2)).toString();
    dp = s.length + e2;
  }
  return { d: trimZeros(s), dp };
}

function trimZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Round to `nd` significant digits, ties to even (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const d = x.d;
  let up: boolean;
  if (d.charCodeAt(nd) === 53 && nd + 1 === d.length) {
    up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = d.charCodeAt(nd) >= 53;
  }
  if (!up) {
    const kept = trimZeros(d.slice(0, nd));
    return { d: kept, dp: kept === "" ? 0 : x.dp };
  }
  let i = nd - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  return { d: d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1), dp: x.dp };
}

/** Shortest digits that read back to the same float. */
function shortestDigits(x: number, bitSize: 32 | 64): Digits {
  const a = Math.abs(x);
  if (a === 0) return { d: "", dp: 0 };
  if (bitSize === 64) return parseExponential(a.toExponential());
  for (let p = 1; p <= 9; p++) {
    const s = a.toExponential(p - 1);
    if (Math.fround(Number(s)) === a) return parseExponential(s);
  }
  return parseExponential(a.toExponential(8));
}

function parseExponential(s: string): Digits {
  const e = s.indexOf("e");
  const mantissa = s.slice(0, e).replace(".", "");
  const exp = Number(s.slice(e + 1));
  return { d: trimZeros(mantissa), dp: exp + 1 };
}

function fmtE(neg: boolean, x: Digits, prec: number, fmt: string): string {
  let out = neg ? "-" : "";
  out += x.d.length > 0 ? x.d[0] : "0";
  if (prec > 0) {
    out += ".";
    const frac = x.d.slice(1, prec + 1);
    out += frac + "0".repeat(prec - frac.length);
  }
  out += fmt;
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  if (exp < 0) {
    out += "-";
    exp = -exp;
  } else out += "+";
  out += exp < 10 ? `0${exp}` : String(exp);
  return out;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? "-" : "";
  if (x.dp > 0) {
    const intPart = x.d.slice(0, x.dp);
    out += intPart + "0".repeat(x.dp - intPart.length);
  } else out += "0";
  if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      const j = x.dp + i;
      out += j >= 0 && j < x.d.length ? x.d[j] : "0";
    }
  }
  return out;
}

function formatDigits(neg: boolean, x: Digits, shortest: boolean, prec: number, fmt: string): string {
  switch (fmt) {
    case "e":
    case "E":
      return fmtE(neg, x, prec, fmt);
    case "f":
      return fmtF(neg, x, prec);
    default: {
      // 'g' / 'G'
      const nd = x.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= x.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = x.dp - 1;
      if (exp < -4 || exp >= eprec) {
        let p = prec;
        if (p > nd) p = nd;
        return fmtE(neg, x, p - 1, fmt === "g" ? "e" : "E");
      }
      let p = prec;
      if (p > x.dp) p = nd;
      return fmtF(neg, x, Math.max(p - x.dp, 0));
    }
  }
}

function fmtB(neg: boolean, mant: bigint, exp: number, info: FloatInfo): string {
  const e = exp - info.mantbits;
  return `${neg ? "-" : ""}${mant}p${e >= 0 ? "+" : ""}${e}`;
}

const LOWER_HEX = "0123456789abcdef";
const UPPER_HEX = "0123456789ABCDEF";

function fmtX(prec: number, fmt: string, neg: boolean, mant0: bigint, exp0: number, info: FloatInfo): string {
  let mant = mant0;
  let exp = exp0;
  if (mant === 0n) exp = 0;
  const ONE60 = 1n << 60n;
  mant <<= BigInt(60 - info.mantbits);
  while (mant !== 0n && (mant & ONE60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (ONE60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === "X" ? UPPER_HEX : LOWER_HEX;
  let out = neg ? "-" : "";
  out += `0${fmt}${(mant >> 60n) & 1n}`;
  const MASK64 = (1n << 64n) - 1n;
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    out += ".";
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  out += fmt === "X" ? "P" : "p";
  if (exp < 0) {
    out += "-";
    exp = -exp;
  } else out += "+";
  out += exp < 10 ? `0${exp}` : String(exp);
  return out;
}

/**
 * Go's `strconv.FormatFloat(x, fmt, prec, bitSize)`.
 * @param fmt one of `e E f g G b x X`
 * @param prec digits (meaning depends on fmt); -1 for the shortest exact representation
 */
export function formatFloat(x: number, fmt: string, prec: number, bitSize: 32 | 64 = 64): string {
  const parts = decompose(x, bitSize);
  if (parts.special) return parts.special;
  const info = bitSize === 32 ? F32 : F64;
  const { neg, mant, exp } = parts;
  if (fmt === "b") return fmtB(neg, mant, exp, info);
  if (fmt === "x" || fmt === "X") return fmtX(prec, fmt, neg, mant, exp, info);
  const shortest = prec < 0;
  let digits: Digits;
  let p = prec;
  if (shortest) {
    digits = shortestDigits(x, bitSize);
    if (fmt === "e" || fmt === "E") p = Math.max(digits.d.length - 1, 0);
    else if (fmt === "f") p = Math.max(digits.d.length - digits.dp, 0);
    else p = digits.d.length;
  } else {
    const exact = exactDigits(mant, exp - info.mantbits);
    if (fmt === "e" || fmt === "E") digits = roundDigits(exact, p + 1);
    else if (fmt === "f") digits = roundDigits(exact, exact.dp + p);
    else {
      if (p === 0) p = 1;
      digits = roundDigits(exact, p);
    }
  }
  return formatDigits(neg, digits, shortest, p, fmt);
}

/** Go's `%v` of a float64 (`strconv.FormatFloat(x, 'g', -1, 64)`), e.g. `1e+06`, `3.14159`, `-0`. */
export function formatFloatShortest(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e6 && !(x === 0 && 1 / x < 0)) return String(x);
  return formatFloat(x, "g", -1, 64);
}
