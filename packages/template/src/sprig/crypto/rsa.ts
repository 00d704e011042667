/** RSA key generation (crypto/rsa's two-prime keys, e = 65537) and PKCS #1 v1.5 SHA-256 signatures. */
import type { RandomSource } from "../random.js";
import { bitLength, fromBytes, mod, modInverse, modPow, randomPrime, toBytes } from "./bigint.js";

/** An RSA private key with its CRT values. */
export interface RsaKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
}

/** Complete a key from its primes: d = e⁻¹ mod (p−1)(q−1), as Go computes it. */
export function rsaFromPrimes(p: bigint, q: bigint, e = 65537n): RsaKey | undefined {
  const d = modInverse(e, (p - 1n) * (q - 1n));
  if (d === undefined) return undefined;
  return { n: p * q, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qinv: modInverse(q, p)! };
}

/** `rsa.GenerateKey(rand, bits)`. */
export function generateRsa(bits: number, random: RandomSource): RsaKey {
  for (;;) {
    const p = randomPrime(bits - (bits >> 1), random, (x) => (x - 1n) % 65537n !== 0n);
    const q = randomPrime(bits >> 1, random, (x) => (x - 1n) % 65537n !== 0n);
    if (p === q || bitLength(p * q) !== bits) continue;
    const key = rsaFromPrimes(p, q);
    if (key) return key;
  }
}

/** DigestInfo prefix for SHA-256 in PKCS #1 v1.5 signatures. */
const SHA256_PREFIX = Uint8Array.from([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
  0x20,
]);

/** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest (CRT exponentiation). */
export function signRsaSha256(key: RsaKey, digest: Uint8Array): Uint8Array {
  const k = Math.ceil(bitLength(key.n) / 8);
  const t = Uint8Array.from([...SHA256_PREFIX, ...digest]);
  if (k < t.length + 11) throw new Error("crypto/rsa: message too long for RSA key size");
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  const m = fromBytes(em);
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = mod(key.qinv * (m1 - m2), key.p);
  return toBytes(m2 + h * key.q, k);
}
