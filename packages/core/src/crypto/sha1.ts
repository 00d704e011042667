/**
 * A synchronous SHA-1 (FIPS 180-4). Flux still uses SHA-1 where other systems expect it: GitHub's
 * `X-Hub-Signature`, Nexus webhook signatures, Bitbucket build-status keys, Matrix transaction ids, and
 * X.509 subject key identifiers. It is not used for anything that needs collision resistance.
 *
 * @module
 */

import { BlockHash } from "./hash.js";

const INITIAL = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** Incremental SHA-1: `new Sha1().update(a).update(b).digest()`. */
export class Sha1 extends BlockHash {
  constructor() {
    super("sha1", 64, 8, INITIAL, 80);
  }

  protected compress(w: Uint32Array, s: Uint32Array): void {
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = s;
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
    this.addToState(a, b, c, d, e);
  }
}

/** SHA-1 of bytes (or a UTF-8 string), as 20 bytes. */
export function sha1(data: Uint8Array | string): Uint8Array {
  return new Sha1().update(data).digest();
}
