/** bcrypt (`$2a$`, golang.org/x/crypto/bcrypt): the hash behind Sprig's `bcrypt` and `htpasswd`. */
import { encodeGoString } from "../../value/gostring.js";
import { type RandomSource, randomBytes } from "../random.js";
import { Blowfish } from "./blowfish.js";

const ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** bcrypt's base64 (its own alphabet, no padding). */
export function bcryptBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >>> (18 - 6 * k)) & 63];
  }
  return out;
}

function bcryptBase64Decode(s: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of s) {
    acc = (acc << 6) | ALPHABET.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The raw bcrypt hash of `password` with a 16-byte `salt` at `cost` (log2 rounds). */
export function bcryptHash(password: Uint8Array, salt: Uint8Array, cost: number): string {
  const key = new Uint8Array(password.length + 1);
  key.set(password);
  const encodedSalt = bcryptBase64(salt);
  const csalt = bcryptBase64Decode(encodedSalt);
  const bf = new Blowfish();
  bf.expandKey(key, csalt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    bf.expandKey(key);
    bf.expandKey(csalt);
  }
  const magic = encodeGoString("OrpheanBeholderScryDoubt");
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++)
    words[i] =
      ((magic[4 * i] << 24) | (magic[4 * i + 1] << 16) | (magic[4 * i + 2] << 8) | magic[4 * i + 3]) >>> 0;
  const block: [number, number] = [0, 0];
  for (let i = 0; i < 6; i += 2) {
    for (let j = 0; j < 64; j++) {
      bf.encrypt(words[i], words[i + 1], block);
      [words[i], words[i + 1]] = block;
    }
  }
  const out = new Uint8Array(24);
  for (let i = 0; i < 6; i++) {
    out[4 * i] = words[i] >>> 24;
    out[4 * i + 1] = (words[i] >>> 16) & 0xff;
    out[4 * i + 2] = (words[i] >>> 8) & 0xff;
    out[4 * i + 3] = words[i] & 0xff;
  }
  // Only 23 of the 24 bytes are encoded, for compatibility with the original implementation.
  return `$2a$${String(cost).padStart(2, "0")}$${encodedSalt}${bcryptBase64(out.subarray(0, 23))}`;
}

/** `bcrypt.GenerateFromPassword(password, bcrypt.DefaultCost)` with a salt from `random`. */
export function bcryptGenerate(password: Uint8Array, random: RandomSource, cost = 10): string {
  return bcryptHash(password, randomBytes(random, 16), cost);
}
