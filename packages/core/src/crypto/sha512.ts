/**
 * A synchronous SHA-512 (FIPS 180-4): `sha512=` webhook signatures (GitHub and generic-hmac receivers
 * accept them), Sprig's `sha512sum` and Ed25519 keys. 64-bit words are kept as pairs of 32-bit halves.
 *
 * @module
 */

import { BlockHash } from "./hash.js";

/** Integer square or cube root of a non-negative bigint (Newton's method, rounding down). */
function integerRoot(n: bigint, k: 2n | 3n): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let n = 2; primes.length < count; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  return primes;
}

/** The first 64 bits of the fractional part of the square (k=2) or cube (k=3) root of each prime. */
function fractionalRootBits(count: number, k: 2n | 3n): Uint32Array {
  const out = new Uint32Array(count * 2);
  const mask = (1n << 64n) - 1n;
  firstPrimes(count).forEach((p, i) => {
    const bits = integerRoot(BigInt(p) << (64n * k), k) & mask;
    out[i * 2] = Number(bits >> 32n);
    out[i * 2 + 1] = Number(bits & 0xffffffffn);
  });
  return out;
}

// Computed once instead of spelled out: the standard defines them exactly this way.
let K: Uint32Array | undefined;
let INITIAL: Uint32Array | undefined;

/** Incremental SHA-512. */
export class Sha512 extends BlockHash {
  constructor() {
    INITIAL ??= fractionalRootBits(8, 2n);
    super("sha512", 128, 16, INITIAL, 160);
    K ??= fractionalRootBits(80, 3n);
  }

  protected compress(w: Uint32Array, s: Uint32Array): void {
    const k = K!;
    for (let t = 16; t < 80; t++) {
      // σ0(w[t-15]) = rotr1 ^ rotr8 ^ shr7
      let xh = w[(t - 15) * 2];
      let xl = w[(t - 15) * 2 + 1];
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      // σ1(w[t-2]) = rotr19 ^ rotr61 ^ shr6
      xh = w[(t - 2) * 2];
      xl = w[(t - 2) * 2 + 1];
      const s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
      const s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
      const lo = (s0l >>> 0) + (s1l >>> 0) + w[(t - 7) * 2 + 1] + w[(t - 16) * 2 + 1];
      const hi = s0h + s1h + w[(t - 7) * 2] + w[(t - 16) * 2] + Math.floor(lo / 0x100000000);
      w[t * 2] = hi;
      w[t * 2 + 1] = lo;
    }
    let [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl] = s;
    for (let t = 0; t < 80; t++) {
      // Σ1(e) = rotr14 ^ rotr18 ^ rotr41
      const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      const t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + k[t * 2 + 1] + w[t * 2 + 1];
      const t1h = hh + S1h + chh + k[t * 2] + w[t * 2] + Math.floor(t1l / 0x100000000);
      // Σ0(a) = rotr28 ^ rotr34 ^ rotr39
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2l = (S0l >>> 0) + (majl >>> 0);
      const t2h = S0h + majh + Math.floor(t2l / 0x100000000);
      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      const el2 = (dl >>> 0) + (t1l >>> 0);
      eh = (dh + t1h + Math.floor(el2 / 0x100000000)) | 0;
      el = el2 | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      const al2 = (t1l >>> 0) + (t2l >>> 0);
      ah = (t1h + t2h + Math.floor(al2 / 0x100000000)) | 0;
      al = al2 | 0;
    }
    const add = (i: number, h: number, l: number) => {
      const lo = s[i + 1] + (l >>> 0);
      s[i] = s[i] + h + Math.floor(lo / 0x100000000);
      s[i + 1] = lo;
    };
    add(0, ah, al);
    add(2, bh, bl);
    add(4, ch, cl);
    add(6, dh, dl);
    add(8, eh, el);
    add(10, fh, fl);
    add(12, gh, gl);
    add(14, hh, hl);
  }
}

/** SHA-512 of bytes (or a UTF-8 string), as 64 bytes. */
export function sha512(data: Uint8Array | string): Uint8Array {
  return new Sha512().update(data).digest();
}
