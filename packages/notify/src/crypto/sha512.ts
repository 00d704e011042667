/**
 * A synchronous SHA-512 (FIPS 180-4), for `sha512=` webhook signatures (GitHub and generic-hmac
 * receivers accept them). 64-bit words are kept as pairs of 32-bit halves.
 *
 * @module
 */

import type { HashFunction } from "./hash.js";

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
export class Sha512 implements HashFunction {
  readonly blockSize = 128;
  readonly outputSize = 64;
  private readonly state: Uint32Array;
  private readonly block = new Uint8Array(128);
  private readonly words = new Uint32Array(160);
  private blockLength = 0;
  private total = 0;
  private finished = false;

  constructor() {
    K ??= fractionalRootBits(80, 3n);
    INITIAL ??= fractionalRootBits(8, 2n);
    this.state = new Uint32Array(INITIAL);
  }

  /** Add bytes (or a string, encoded as UTF-8). */
  update(data: Uint8Array | string): this {
    if (this.finished) throw new Error("Sha512: update after digest");
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.total += bytes.length;
    let i = 0;
    if (this.blockLength > 0) {
      const take = Math.min(128 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      i = take;
      if (this.blockLength < 128) return this;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; i + 128 <= bytes.length; i += 128) this.compress(bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.blockLength = bytes.length - i;
    }
    return this;
  }

  /** Finish and return the 64-byte hash. */
  digest(): Uint8Array {
    if (!this.finished) {
      const bits = this.total * 8;
      const pad = new Uint8Array((this.blockLength < 112 ? 128 : 256) - this.blockLength);
      pad[0] = 0x80;
      const view = new DataView(pad.buffer);
      // 128-bit length; inputs never exceed 2^53 bytes, so the top 64 bits stay zero.
      view.setUint32(pad.length - 8, Math.floor(bits / 0x100000000));
      view.setUint32(pad.length - 4, bits >>> 0);
      this.update(pad);
      this.finished = true;
    }
    const out = new Uint8Array(64);
    const view = new DataView(out.buffer);
    for (let j = 0; j < 16; j++) view.setUint32(j * 4, this.state[j]);
    return out;
  }

  private compress(data: Uint8Array, offset: number): void {
    const k = K!;
    const w = this.words;
    for (let t = 0; t < 32; t++) {
      const p = offset + t * 4;
      w[t] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
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
    const s = this.state;
    let ah = s[0];
    let al = s[1];
    let bh = s[2];
    let bl = s[3];
    let ch = s[4];
    let cl = s[5];
    let dh = s[6];
    let dl = s[7];
    let eh = s[8];
    let el = s[9];
    let fh = s[10];
    let fl = s[11];
    let gh = s[12];
    let gl = s[13];
    let hh = s[14];
    let hl = s[15];
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
