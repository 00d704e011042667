/**
 * Whether Go's ParseFloat settles a decimal literal on its fast path (the Eisel-Lemire algorithm over
 * the first 19 significant digits). The answer of the fast path is always the correctly rounded one,
 * so only the *decision* matters: when it declines, Go falls back to a slower decimal conversion
 * whose result differs for literals with more than 800 digits before the point.
 */

const MASK64 = (1n << 64n) - 1n;
const LOW9 = 0x1ffn;
const MIN_EXP10 = -348;
const MAX_EXP10 = 347;

const powerCache = new Map<number, { hi: bigint; lo: bigint }>();

/** 10^q as a 128-bit mantissa with its top bit set, rounded down (the table Go's algorithm uses). */
function power128(q: number): { hi: bigint; lo: bigint } {
  const cached = powerCache.get(q);
  if (cached) return cached;
  let m: bigint;
  if (q >= 0) {
    const p = 10n ** BigInt(q);
    const len = p.toString(2).length;
    m = len > 128 ? p >> BigInt(len - 128) : p << BigInt(128 - len);
  } else {
    const d = 10n ** BigInt(-q);
    // 2^(bitlen(d)-1) < d < 2^bitlen(d), so this quotient has exactly 128 bits.
    m = (1n << BigInt(127 + d.toString(2).length)) / d;
  }
  const entry = { hi: m >> 64n, lo: m & MASK64 };
  powerCache.set(q, entry);
  return entry;
}

/**
 * The float64 bits the fast path produces for `man × 10^exp10` (`man` < 2^64, non-zero), or
 * undefined where it gives up (out of its exponent range, too close to a rounding boundary to
 * decide with 128 bits, or a subnormal/infinite result).
 */
function fastPathBits(man: bigint, exp10: number): bigint | undefined {
  if (exp10 < MIN_EXP10 || exp10 > MAX_EXP10) return undefined;
  const clz = 64 - man.toString(2).length;
  const m = man << BigInt(clz);
  const pow = power128(exp10);
  let x = m * pow.hi;
  let xHi = x >> 64n;
  let xLo = x & MASK64;
  // The 64-bit product may sit just below a boundary: widen with the low half of the power.
  if ((xHi & LOW9) === LOW9 && xLo + m > MASK64) {
    const y = m * pow.lo;
    x += y >> 64n;
    xHi = x >> 64n;
    xLo = x & MASK64;
    if ((xHi & LOW9) === LOW9 && xLo === MASK64 && (y & MASK64) + m > MASK64) return undefined;
  }
  const msb = xHi >> 63n;
  let mantissa = xHi >> (msb + 9n);
  // Floor division, as an arithmetic shift of a possibly negative product.
  let exp2 = Math.floor((217706 * exp10) / 65536) + 64 + 1023 - clz - (msb === 1n ? 0 : 1);
  // Exactly halfway between two doubles as far as 128 bits can tell: undecidable here.
  if (xLo === 0n && (xHi & LOW9) === 0n && (mantissa & 3n) === 1n) return undefined;
  mantissa = (mantissa + (mantissa & 1n)) >> 1n;
  if (mantissa >> 53n > 0n) {
    mantissa >>= 1n;
    exp2 += 1;
  }
  if (exp2 <= 0 || exp2 >= 0x7ff) return undefined;
  return (BigInt(exp2) << 52n) | (mantissa & ((1n << 52n) - 1n));
}

/**
 * Whether Go returns the fast path's answer for a literal whose first (at most 19) significant
 * digits are `man`, `truncated` when non-zero digits followed them.
 */
export function fastPathDecides(man: bigint, exp10: number, truncated: boolean): boolean {
  const bits = fastPathBits(man, exp10);
  if (bits === undefined) return false;
  if (!truncated) return true;
  // With digits dropped the true value lies between man and man+1: both must round alike.
  return fastPathBits(man + 1n, exp10) === bits;
}
