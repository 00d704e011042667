/**
 * Randomness for the Sprig functions that need it (`rand*`, `shuffle`, `uuidv4`, `randBytes`, salts, IVs,
 * key generation). Everything goes through a {@link RandomSource} so tests and reproducible renders can
 * inject a seeded one.
 */

/** A source of random bytes. */
export interface RandomSource {
  /** Fill `bytes` with random bytes. Key and password functions need cryptographic quality. */
  fillBytes(bytes: Uint8Array): void;
}

/** Largest `getRandomValues` request the Web Crypto API accepts at once. */
const WEB_CRYPTO_CHUNK = 65536;

/**
 * The platform's cryptographic generator (`globalThis.crypto.getRandomValues`, present in browsers, Node ≥ 19,
 * Deno and Bun). Throws when the runtime has none; pass your own source then.
 */
export const cryptoRandom: RandomSource = {
  fillBytes(bytes: Uint8Array): void {
    const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
    if (!c?.getRandomValues) throw new Error("no cryptographic random source in this runtime");
    for (let i = 0; i < bytes.length; i += WEB_CRYPTO_CHUNK) {
      c.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + WEB_CRYPTO_CHUNK)));
    }
  },
};

/**
 * A deterministic source (xoshiro128** seeded through splitmix32) for tests and reproducible output. Not for
 * secrets.
 */
export function seededRandom(seed: number): RandomSource {
  let x = seed >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  return {
    fillBytes(bytes: Uint8Array): void {
      for (let i = 0; i < bytes.length; i += 4) {
        const r = next();
        for (let k = 0; k < 4 && i + k < bytes.length; k++) bytes[i + k] = (r >>> (8 * k)) & 0xff;
      }
    },
  };
}

function rotl(v: number, n: number): number {
  return ((v << n) | (v >>> (32 - n))) >>> 0;
}

/** `n` random bytes. */
export function randomBytes(source: RandomSource, n: number): Uint8Array {
  const out = new Uint8Array(n);
  source.fillBytes(out);
  return out;
}

/** A uniform integer in `[0, n)` for `0 < n ≤ 2^53` (rejection sampling, no modulo bias). */
export function randomInt(source: RandomSource, n: number): number {
  if (!(n > 0) || n > 2 ** 53) throw new RangeError(`randomInt: bad bound ${n}`);
  if (n === 1) return 0;
  const bits = Math.ceil(Math.log2(n));
  const buf = new Uint8Array(8);
  for (;;) {
    source.fillBytes(buf);
    // 53 random bits, masked down to the bit length of n.
    const hi = ((buf[0] | (buf[1] << 8) | (buf[2] << 16)) & 0x1fffff) * 2 ** 32;
    const lo = (buf[3] | (buf[4] << 8) | (buf[5] << 16) | (buf[6] << 24)) >>> 0;
    const v = (hi + lo) % 2 ** bits;
    if (v < n) return v;
  }
}

/** A uniform bigint in `[0, n)` for any positive `n`. */
export function randomBigInt(source: RandomSource, n: bigint): bigint {
  if (n <= 0n) throw new RangeError("randomBigInt: bound must be positive");
  const bits = n.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const excess = BigInt(bytes * 8 - bits);
  const buf = new Uint8Array(bytes);
  for (;;) {
    source.fillBytes(buf);
    let v = 0n;
    for (const b of buf) v = (v << 8n) | BigInt(b);
    v >>= excess;
    if (v < n) return v;
  }
}
