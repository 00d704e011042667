/** AES block cipher (FIPS-197) with CBC mode, synchronous, for Sprig's `encryptAES` / `decryptAES`. */

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function gmul(a0: number, b0: number): number {
  let a = a0;
  let b = b0;
  let p = 0;
  while (b) {
    if (b & 1) p ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
    b >>= 1;
  }
  return p;
}

// The S-box: multiplicative inverse followed by the affine transform.
for (let x = 0; x < 256; x++) {
  let inv = 0;
  if (x !== 0) for (inv = 1; gmul(x, inv) !== 1; inv++);
  let s = inv;
  for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >>> (8 - k))) & 0xff;
  s ^= 0x63;
  SBOX[x] = s;
  INV_SBOX[s] = x;
}

/** Expanded round keys for a 16/24/32-byte key. */
function expandKey(key: Uint8Array): Uint8Array[] {
  const nk = key.length / 4;
  const rounds = nk + 6;
  const w: number[][] = [];
  for (let i = 0; i < nk; i++) w.push([key[4 * i], key[4 * i + 1], key[4 * i + 2], key[4 * i + 3]]);
  let rcon = 1;
  for (let i = nk; i < 4 * (rounds + 1); i++) {
    let t = w[i - 1].slice();
    if (i % nk === 0) {
      t = [SBOX[t[1]] ^ rcon, SBOX[t[2]], SBOX[t[3]], SBOX[t[0]]];
      rcon = gmul(rcon, 2);
    } else if (nk > 6 && i % nk === 4) t = t.map((b) => SBOX[b]);
    w.push(w[i - nk].map((b, k) => b ^ t[k]));
  }
  const keys: Uint8Array[] = [];
  for (let r = 0; r <= rounds; r++) keys.push(Uint8Array.from(w.slice(4 * r, 4 * r + 4).flat()));
  return keys;
}

function mixColumn(s: Uint8Array, c: number, m: readonly number[]): void {
  const a = [s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]];
  for (let r = 0; r < 4; r++) {
    s[4 * c + r] =
      gmul(a[0], m[(4 - r) % 4]) ^
      gmul(a[1], m[(5 - r) % 4]) ^
      gmul(a[2], m[(6 - r) % 4]) ^
      gmul(a[3], m[(7 - r) % 4]);
  }
}

const MIX = [2, 3, 1, 1];
const INV_MIX = [14, 11, 13, 9];

function addRoundKey(s: Uint8Array, k: Uint8Array): void {
  for (let i = 0; i < 16; i++) s[i] ^= k[i];
}

/** State bytes are column-major (byte i is row i % 4, column i / 4), as the block is laid out. */
function shiftRows(s: Uint8Array, inverse: boolean): void {
  const t = s.slice();
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      const from = inverse ? (c - r + 4) % 4 : (c + r) % 4;
      s[4 * c + r] = t[4 * from + r];
    }
  }
}

/** An AES key ready to encrypt and decrypt blocks. */
export class Aes {
  private readonly keys: Uint8Array[];

  constructor(key: Uint8Array) {
    if (![16, 24, 32].includes(key.length)) throw new Error(`crypto/aes: invalid key size ${key.length}`);
    this.keys = expandKey(key);
  }

  encryptBlock(block: Uint8Array): Uint8Array {
    const s = block.slice();
    const n = this.keys.length - 1;
    addRoundKey(s, this.keys[0]);
    for (let r = 1; r <= n; r++) {
      for (let i = 0; i < 16; i++) s[i] = SBOX[s[i]];
      shiftRows(s, false);
      if (r !== n) for (let c = 0; c < 4; c++) mixColumn(s, c, MIX);
      addRoundKey(s, this.keys[r]);
    }
    return s;
  }

  decryptBlock(block: Uint8Array): Uint8Array {
    const s = block.slice();
    const n = this.keys.length - 1;
    addRoundKey(s, this.keys[n]);
    for (let r = n - 1; r >= 0; r--) {
      shiftRows(s, true);
      for (let i = 0; i < 16; i++) s[i] = INV_SBOX[s[i]];
      addRoundKey(s, this.keys[r]);
      if (r !== 0) for (let c = 0; c < 4; c++) mixColumn(s, c, INV_MIX);
    }
    return s;
  }
}

/** CBC encryption of whole blocks. */
export function cbcEncrypt(aes: Aes, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new Error("crypto/cipher: input not full blocks");
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let i = 0; i < data.length; i += 16) {
    const x = data.slice(i, i + 16);
    for (let k = 0; k < 16; k++) x[k] ^= prev[k];
    prev = aes.encryptBlock(x);
    out.set(prev, i);
  }
  return out;
}

/** CBC decryption of whole blocks. */
export function cbcDecrypt(aes: Aes, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new Error("crypto/cipher: input not full blocks");
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let i = 0; i < data.length; i += 16) {
    const block = data.subarray(i, i + 16);
    const x = aes.decryptBlock(block);
    for (let k = 0; k < 16; k++) x[k] ^= prev[k];
    out.set(x, i);
    prev = block;
  }
  return out;
}
