/** scrypt (RFC 7914) over PBKDF2-HMAC-SHA256, as Sprig's `derivePassword` uses it. */
import { hmac } from "@gitops-kit/core";

/** PBKDF2 with HMAC-SHA256. */
export function pbkdf2Sha256(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  keyLen: number,
): Uint8Array {
  const out = new Uint8Array(keyLen);
  const block = new Uint8Array(salt.length + 4);
  block.set(salt);
  for (let i = 1, off = 0; off < keyLen; i++, off += 32) {
    block[salt.length] = i >>> 24;
    block[salt.length + 1] = (i >>> 16) & 0xff;
    block[salt.length + 2] = (i >>> 8) & 0xff;
    block[salt.length + 3] = i & 0xff;
    let u = hmac({ algorithm: "sha256", key: password, data: block });
    const t = u.slice();
    for (let k = 1; k < iterations; k++) {
      u = hmac({ algorithm: "sha256", key: password, data: u });
      for (let j = 0; j < 32; j++) t[j] ^= u[j];
    }
    out.set(t.subarray(0, Math.min(32, keyLen - off)), off);
  }
  return out;
}

/** Salsa20/8 core on 16 words, in place (unrolled over locals: this loop is scrypt's whole cost). */
function salsa8(b: Uint32Array): void {
  let x0 = b[0];
  let x1 = b[1];
  let x2 = b[2];
  let x3 = b[3];
  let x4 = b[4];
  let x5 = b[5];
  let x6 = b[6];
  let x7 = b[7];
  let x8 = b[8];
  let x9 = b[9];
  let x10 = b[10];
  let x11 = b[11];
  let x12 = b[12];
  let x13 = b[13];
  let x14 = b[14];
  let x15 = b[15];
  let t: number;
  for (let i = 0; i < 8; i += 2) {
    t = (x0 + x12) | 0;
    x4 ^= (t << 7) | (t >>> 25);
    t = (x4 + x0) | 0;
    x8 ^= (t << 9) | (t >>> 23);
    t = (x8 + x4) | 0;
    x12 ^= (t << 13) | (t >>> 19);
    t = (x12 + x8) | 0;
    x0 ^= (t << 18) | (t >>> 14);
    t = (x5 + x1) | 0;
    x9 ^= (t << 7) | (t >>> 25);
    t = (x9 + x5) | 0;
    x13 ^= (t << 9) | (t >>> 23);
    t = (x13 + x9) | 0;
    x1 ^= (t << 13) | (t >>> 19);
    t = (x1 + x13) | 0;
    x5 ^= (t << 18) | (t >>> 14);
    t = (x10 + x6) | 0;
    x14 ^= (t << 7) | (t >>> 25);
    t = (x14 + x10) | 0;
    x2 ^= (t << 9) | (t >>> 23);
    t = (x2 + x14) | 0;
    x6 ^= (t << 13) | (t >>> 19);
    t = (x6 + x2) | 0;
    x10 ^= (t << 18) | (t >>> 14);
    t = (x15 + x11) | 0;
    x3 ^= (t << 7) | (t >>> 25);
    t = (x3 + x15) | 0;
    x7 ^= (t << 9) | (t >>> 23);
    t = (x7 + x3) | 0;
    x11 ^= (t << 13) | (t >>> 19);
    t = (x11 + x7) | 0;
    x15 ^= (t << 18) | (t >>> 14);
    t = (x0 + x3) | 0;
    x1 ^= (t << 7) | (t >>> 25);
    t = (x1 + x0) | 0;
    x2 ^= (t << 9) | (t >>> 23);
    t = (x2 + x1) | 0;
    x3 ^= (t << 13) | (t >>> 19);
    t = (x3 + x2) | 0;
    x0 ^= (t << 18) | (t >>> 14);
    t = (x5 + x4) | 0;
    x6 ^= (t << 7) | (t >>> 25);
    t = (x6 + x5) | 0;
    x7 ^= (t << 9) | (t >>> 23);
    t = (x7 + x6) | 0;
    x4 ^= (t << 13) | (t >>> 19);
    t = (x4 + x7) | 0;
    x5 ^= (t << 18) | (t >>> 14);
    t = (x10 + x9) | 0;
    x11 ^= (t << 7) | (t >>> 25);
    t = (x11 + x10) | 0;
    x8 ^= (t << 9) | (t >>> 23);
    t = (x8 + x11) | 0;
    x9 ^= (t << 13) | (t >>> 19);
    t = (x9 + x8) | 0;
    x10 ^= (t << 18) | (t >>> 14);
    t = (x15 + x14) | 0;
    x12 ^= (t << 7) | (t >>> 25);
    t = (x12 + x15) | 0;
    x13 ^= (t << 9) | (t >>> 23);
    t = (x13 + x12) | 0;
    x14 ^= (t << 13) | (t >>> 19);
    t = (x14 + x13) | 0;
    x15 ^= (t << 18) | (t >>> 14);
  }
  b[0] = (b[0] + x0) | 0;
  b[1] = (b[1] + x1) | 0;
  b[2] = (b[2] + x2) | 0;
  b[3] = (b[3] + x3) | 0;
  b[4] = (b[4] + x4) | 0;
  b[5] = (b[5] + x5) | 0;
  b[6] = (b[6] + x6) | 0;
  b[7] = (b[7] + x7) | 0;
  b[8] = (b[8] + x8) | 0;
  b[9] = (b[9] + x9) | 0;
  b[10] = (b[10] + x10) | 0;
  b[11] = (b[11] + x11) | 0;
  b[12] = (b[12] + x12) | 0;
  b[13] = (b[13] + x13) | 0;
  b[14] = (b[14] + x14) | 0;
  b[15] = (b[15] + x15) | 0;
}

/** scrypt's BlockMix over `2r` 64-byte blocks (as words), writing into `out`. */
function blockMix(b: Uint32Array, out: Uint32Array, r: number, t: Uint32Array): void {
  t.set(b.subarray((2 * r - 1) * 16, 2 * r * 16));
  for (let i = 0; i < 2 * r; i++) {
    for (let k = 0; k < 16; k++) t[k] ^= b[i * 16 + k];
    salsa8(t);
    // Even blocks go to the first half, odd blocks to the second.
    out.set(t, ((i & 1) * r + (i >>> 1)) * 16);
  }
}

/** scrypt key derivation. Memory: 128·r·N bytes. */
export function scrypt(
  password: Uint8Array,
  salt: Uint8Array,
  n: number,
  r: number,
  p: number,
  keyLen: number,
): Uint8Array {
  const blockWords = 32 * r;
  const b = pbkdf2Sha256(password, salt, 1, p * 128 * r);
  const v = new Uint32Array(blockWords * n);
  const xw = new Uint32Array(blockWords);
  const y = new Uint32Array(blockWords);
  const t = new Uint32Array(16);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let chunk = 0; chunk < p; chunk++) {
    const base = chunk * 128 * r;
    for (let i = 0; i < blockWords; i++) xw[i] = view.getUint32(base + 4 * i, true);
    for (let i = 0; i < n; i++) {
      v.set(xw, i * blockWords);
      blockMix(xw, y, r, t);
      xw.set(y);
    }
    for (let i = 0; i < n; i++) {
      const j = xw[(2 * r - 1) * 16] & (n - 1);
      for (let k = 0; k < blockWords; k++) xw[k] ^= v[j * blockWords + k];
      blockMix(xw, y, r, t);
      xw.set(y);
    }
    for (let i = 0; i < blockWords; i++) view.setUint32(base + 4 * i, xw[i], true);
  }
  return pbkdf2Sha256(password, b, 1, keyLen);
}
