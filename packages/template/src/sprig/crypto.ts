/**
 * Sprig's crypto family: `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`/`decryptAES`, `randBytes`,
 * `uuidv4`, and the key and certificate generators. Everything is synchronous and runtime-neutral; all
 * randomness comes from the injected {@link RandomSource}.
 */
import { hmac, toHex } from "@gitops-kit/core";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { decodeGoBytes } from "../value/gostring.js";
import { T } from "../value/types.js";
import { goBytes } from "./bytes.js";
import { Aes, cbcDecrypt, cbcEncrypt } from "./crypto/aes.js";
import { bcryptGenerate } from "./crypto/bcrypt.js";
import { scrypt } from "./crypto/scrypt.js";
import { base64Decode, base64Encode } from "./encoding.js";
import { type RandomSource, randomBytes } from "./random.js";
import { MAX_BUILT_STRING } from "./strings.js";

/** A UUID version 4 (random) in its canonical lower-case form. */
export function uuidV4(random: RandomSource): string {
  const b = randomBytes(random, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
  long: [
    "CvcvnoCvcvCvcv",
    "CvcvCvcvnoCvcv",
    "CvcvCvcvCvcvno",
    "CvccnoCvcvCvcv",
    "CvccCvcvnoCvcv",
    "CvccCvcvCvcvno",
    "CvcvnoCvccCvcv",
    "CvcvCvccnoCvcv",
    "CvcvCvccCvcvno",
    "CvcvnoCvcvCvcc",
    "CvcvCvcvnoCvcc",
    "CvcvCvcvCvccno",
    "CvccnoCvccCvcv",
    "CvccCvccnoCvcv",
    "CvccCvccCvcvno",
    "CvcvnoCvccCvcc",
    "CvcvCvccnoCvcc",
    "CvcvCvccCvccno",
    "CvccnoCvcvCvcc",
    "CvccCvcvnoCvcc",
    "CvccCvcvCvccno",
  ],
  medium: ["CvcnoCvc", "CvcCvcno"],
  short: ["Cvcn"],
  basic: ["aaanaaan", "aannaaan", "aaannaaa"],
  pin: ["nnnn"],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: "AEIOU",
  C: "BCDFGHJKLMNPQRSTVWXYZ",
  v: "aeiou",
  c: "bcdfghjklmnpqrstvwxyz",
  A: "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
  a: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
  n: "0123456789",
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
};

const MASTER_PASSWORD_SEED = "com.lyndir.masterpassword";

function uint32be(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** The Master Password algorithm (Sprig's `derivePassword`). */
export function derivePassword(
  counter: number,
  passwordType: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, passwordType)
    ? PASSWORD_TEMPLATES[passwordType]
    : undefined;
  if (!templates) return `cannot find password template ${passwordType}`;
  const seed = goBytes(MASTER_PASSWORD_SEED);
  const userBytes = goBytes(user);
  const siteBytes = goBytes(site);
  const salt = Uint8Array.from([...seed, ...uint32be(userBytes.length), ...userBytes]);
  const key = scrypt(goBytes(password), salt, 32768, 8, 2, 64);
  const message = Uint8Array.from([
    ...seed,
    ...uint32be(siteBytes.length),
    ...siteBytes,
    ...uint32be(counter),
  ]);
  const digest = hmac({ algorithm: "sha256", key, data: message });
  const template = templates[digest[0] % templates.length];
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[digest[i + 1] % chars.length];
  }
  return out;
}

function aesKey(password: string): Aes {
  const key = new Uint8Array(32);
  key.set(goBytes(password).subarray(0, 32));
  return new Aes(key);
}

/** Sprig's `encryptAES`: AES-256-CBC, PKCS#7 padding, random IV prepended, base64. */
export function encryptAES(password: string, plaintext: string, random: RandomSource): string {
  if (plaintext === "") return "";
  const content = goBytes(plaintext);
  const padding = 16 - (content.length % 16);
  const padded = new Uint8Array(content.length + padding).fill(padding);
  padded.set(content);
  const iv = randomBytes(random, 16);
  const out = new Uint8Array(16 + padded.length);
  out.set(iv);
  out.set(cbcEncrypt(aesKey(password), iv, padded), 16);
  return base64Encode(out);
}

/** Sprig's `decryptAES`, with Go's panics for malformed input. */
export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === "") return "";
  const crypt = base64Decode(goBytes(crypt64));
  const key = aesKey(password);
  if (crypt.length < 16) {
    throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  }
  const decrypted = cbcDecrypt(key, crypt.subarray(0, 16), crypt.subarray(16));
  if (decrypted.length === 0) throw new Error("runtime error: index out of range [-1]");
  const end = decrypted.length - decrypted[decrypted.length - 1];
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return decodeGoBytes(decrypted.subarray(0, end));
}

/** Options of the crypto family. */
export interface CryptoFuncsOptions {
  random: RandomSource;
}

/** The crypto family (key and certificate generation is in `crypto/certs.ts`). */
export function cryptoFuncs({ random }: CryptoFuncsOptions): FuncMap {
  const bcrypt = (input: string) => bcryptGenerate(goBytes(input), random);
  return {
    bcrypt: defineFunc({ params: [T.string], result: T.string, fn: bcrypt }),
    htpasswd: defineFunc({
      params: [T.string, T.string],
      result: T.string,
      fn: (user, password) =>
        user.includes(":") ? `invalid username: ${user}` : `${user}:${bcrypt(password)}`,
    }),
    derivePassword: defineFunc({
      params: [T.uint32, T.string, T.string, T.string, T.string],
      result: T.string,
      fn: derivePassword,
    }),
    encryptAES: defineFunc({
      params: [T.string, T.string],
      result: T.string,
      returnsError: true,
      fn: (password, plaintext) => encryptAES(password, plaintext, random),
    }),
    decryptAES: defineFunc({
      params: [T.string, T.string],
      result: T.string,
      returnsError: true,
      fn: decryptAES,
    }),
    randBytes: defineFunc({
      params: [T.int],
      result: T.string,
      returnsError: true,
      fn: (count) => {
        if (count < 0) throw new Error("runtime error: makeslice: len out of range");
        if (count > MAX_BUILT_STRING) throw new Error(`randBytes: ${count} bytes exceeds the limit`);
        return base64Encode(randomBytes(random, count));
      },
    }),
    uuidv4: defineFunc({ params: [], result: T.string, fn: () => uuidV4(random) }),
  };
}
