/**
 * A synchronous SHA-1 (FIPS 180-4). Flux still uses SHA-1 where notification APIs expect it: GitHub's
 * `X-Hub-Signature`, Nexus webhook signatures, Bitbucket build-status keys and Matrix transaction ids.
 * It is not used for anything that needs collision resistance.
 *
 * @module
 */

import type { HashFunction } from "./hash.js";

const INITIAL = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** Incremental SHA-1. */
export class Sha1 implements HashFunction {
  readonly blockSize = 64;
  readonly outputSize = 20;
  private readonly state = new Uint32Array(INITIAL);
  private readonly block = new Uint8Array(64);
  private readonly words = new Uint32Array(80);
  private blockLength = 0;
  private total = 0;
  private finished = false;

  /** Add bytes (or a string, encoded as UTF-8). */
  update(data: Uint8Array | string): this {
    if (this.finished) throw new Error("Sha1: update after digest");
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.total += bytes.length;
    let i = 0;
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      i = take;
      if (this.blockLength < 64) return this;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.compress(bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.blockLength = bytes.length - i;
    }
    return this;
  }

  /** Finish and return the 20-byte hash. */
  digest(): Uint8Array {
    if (!this.finished) {
      const bits = this.total * 8;
      const pad = new Uint8Array((this.blockLength < 56 ? 64 : 128) - this.blockLength);
      pad[0] = 0x80;
      const view = new DataView(pad.buffer);
      view.setUint32(pad.length - 8, Math.floor(bits / 0x100000000));
      view.setUint32(pad.length - 4, bits >>> 0);
      this.update(pad);
      this.finished = true;
    }
    const out = new Uint8Array(20);
    const view = new DataView(out.buffer);
    for (let j = 0; j < 5; j++) view.setUint32(j * 4, this.state[j]);
    return out;
  }

  private compress(data: Uint8Array, offset: number): void {
    const w = this.words;
    for (let t = 0; t < 16; t++) {
      const p = offset + t * 4;
      w[t] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    const s = this.state;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    let e = s[4];
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    s[0] += a;
    s[1] += b;
    s[2] += c;
    s[3] += d;
    s[4] += e;
  }
}
