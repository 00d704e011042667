/** BigInt helpers for key generation: byte conversions, modular arithmetic, probable primes. */
import { toHex } from "@gitops-kit/core";
import { type RandomSource, randomBigInt, randomBytes } from "../random.js";

/** Big-endian unsigned bytes of `n` (at least one byte; padded to `length` when given). */
export function toBytes(n: bigint, length?: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const len = Math.max(length ?? 0, hex.length / 2);
  const out = new Uint8Array(len);
  const offset = len - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[offset + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The unsigned integer of big-endian bytes. */
export function fromBytes(b: Uint8Array): bigint {
  const hex = toHex(b);
  return hex === "" ? 0n : BigInt(`0x${hex}`);
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** `base^exp mod m` by left-to-right square and multiply. */
export function modPow(base0: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  const base = mod(base0, m);
  const bits = exp.toString(2);
  for (let i = 0; i < bits.length; i++) {
    result = (result * result) % m;
    if (bits[i] === "1") result = (result * base) % m;
  }
  return result;
}

/** The inverse of `a` modulo `m`, or `undefined` when they are not coprime. */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return oldR === 1n ? mod(oldS, m) : undefined;
}

let smallPrimes: number[] | undefined;

/** Odd primes below 2^18, for sieving candidates (built on first use). */
function oddSmallPrimes(): number[] {
  if (smallPrimes) return smallPrimes;
  const limit = 1 << 18;
  const sieve = new Uint8Array(limit);
  const out: number[] = [];
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) continue;
    out.push(i);
    for (let j = i * i; j < limit; j += i) sieve[j] = 1;
  }
  smallPrimes = out.slice(1);
  return smallPrimes;
}

let primeGroups: { product: bigint; primes: number[] }[] | undefined;

/** Small odd primes grouped so each group's product stays below 2^53 (one BigInt remainder per group). */
function groupedPrimes(): { product: bigint; primes: number[] }[] {
  if (primeGroups) return primeGroups;
  primeGroups = [];
  let group: number[] = [];
  let product = 1;
  for (const p of oddSmallPrimes()) {
    if (product * p > 2 ** 53) {
      primeGroups.push({ product: BigInt(product), primes: group });
      group = [];
      product = 1;
    }
    group.push(p);
    product *= p;
  }
  if (group.length) primeGroups.push({ product: BigInt(product), primes: group });
  return primeGroups;
}

/** `n mod p` for every small odd prime, in the order of {@link oddSmallPrimes}. */
function smallResidues(n: bigint, limit = Number.POSITIVE_INFINITY): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const g of groupedPrimes()) {
    if (g.primes[0] > limit) break;
    const r = Number(n % g.product);
    for (const p of g.primes) out.push([p, r % p]);
  }
  return out;
}

/** Whether `n` (larger than the sieve primes) has a prime factor below `limit`. */
export function hasSmallFactor(n: bigint, limit = 1 << 16): boolean {
  if ((n & 1n) === 0n) return true;
  for (const [p, r] of smallResidues(n, limit)) if (r === 0 && p <= limit) return true;
  return false;
}

const TRIAL_PRIMES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n];

/**
 * Fermat test to base 2: `2^(n-1) mod n == 1`. Multiplying by the base is a shift, so this costs about half a
 * Miller–Rabin round; it rejects almost every composite before the real test runs.
 */
export function fermatBase2(n: bigint): boolean {
  let acc = 1n;
  const bits = (n - 1n).toString(2);
  for (let i = 0; i < bits.length; i++) {
    acc = (acc * acc) % n;
    if (bits[i] === "1") {
      acc <<= 1n;
      if (acc >= n) acc -= n;
    }
  }
  return acc === 1n;
}

/** Miller–Rabin with `rounds` random bases. */
export function isProbablePrime(n: bigint, rounds: number, random: RandomSource): boolean {
  if (n < 2n) return false;
  for (const bp of TRIAL_PRIMES) {
    if (n === bp) return true;
    if (n % bp === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (let i = 0; i < rounds; i++) {
    const a = 2n + randomBigInt(random, n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

/**
 * A random prime of exactly `bits` bits with the top two bits set (so products of two such primes have the
 * full length, as crypto/rand.Prime guarantees). Candidates are sieved by small primes before testing.
 */
export function randomPrime(
  bits: number,
  random: RandomSource,
  accept: (p: bigint) => boolean = () => true,
): bigint {
  if (bits < 16) throw new Error("crypto/rand: prime size must be at least 16 bits");
  const window = 1 << 16;
  for (;;) {
    const bytes = randomBytes(random, Math.ceil(bits / 8));
    let base = fromBytes(bytes) & ((1n << BigInt(bits)) - 1n);
    base |= (3n << BigInt(bits - 2)) | 1n;
    // Sieve the odd numbers base, base+2, ... base+2(window-1).
    const composite = new Uint8Array(window);
    for (const [p, r] of smallResidues(base)) {
      // base + 2k ≡ 0 (mod p)  ⇔  k ≡ -r · 2⁻¹ (mod p)
      let k = ((p - r) * ((p + 1) / 2)) % p;
      for (; k < window; k += p) composite[k] = 1;
    }
    for (let k = 0; k < window; k++) {
      if (composite[k]) continue;
      const candidate = base + 2n * BigInt(k);
      if (bitLength(candidate) !== bits) break;
      if (fermatBase2(candidate) && accept(candidate) && isProbablePrime(candidate, 8, random)) {
        return candidate;
      }
    }
  }
}
