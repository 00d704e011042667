/**
 * SOPS's value cipher: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]`, AES-256-GCM with the
 * value's path (`a:b:c:`) as additional data, on WebCrypto (any runtime).
 *
 * @module
 */
import { parseGoFloat64, toBase64 } from "@gitops-kit/core";
import { SopsDecryptError } from "../errors.js";
import { decodeBase64 } from "../substitute.js";
import {
  formatFloatF,
  SopsBytes,
  SopsComment,
  SopsFloat,
  SopsInt,
  type SopsScalar,
  SopsTime,
} from "./tree.js";

const ENCRYPTED = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** Whether a string looks like a SOPS-encrypted value. */
export function isEncryptedValue(value: string): boolean {
  return ENCRYPTED.test(value);
}

type Subtle = typeof globalThis.crypto.subtle;
type AesKey = Awaited<ReturnType<Subtle["importKey"]>>;
// WebCrypto wants ArrayBuffer-backed views; TypeScript's DOM-less typings disagree on the exact name.
type Bytes = Parameters<Subtle["digest"]>[1];

const keyCache = new WeakMap<Uint8Array, Promise<AesKey>>();

function importKey(key: Uint8Array): Promise<AesKey> {
  let k = keyCache.get(key);
  if (!k) {
    k = globalThis.crypto.subtle.importKey("raw", key as Bytes, "AES-GCM", false, ["decrypt", "encrypt"]);
    keyCache.set(key, k);
  }
  return k;
}

/**
 * Decrypt one value with the data key; the type tag decides the result's kind. An empty string is
 * returned as is (SOPS leaves empty values unencrypted). Errors never include the value.
 */
export async function decryptValue(
  ciphertext: string,
  key: Uint8Array,
  additionalData: string,
): Promise<SopsScalar> {
  if (ciphertext === "") return "";
  const m = ENCRYPTED.exec(ciphertext);
  if (!m) throw new SopsDecryptError("value does not match the SOPS encrypted data format");
  const [, data64, iv64, tag64, type] = m;
  const data = decodeBase64(data64);
  const iv = decodeBase64(iv64);
  const tag = decodeBase64(tag64);
  if (iv.length === 0 || tag.length !== 16)
    throw new SopsDecryptError("malformed SOPS encrypted value (iv or tag)");
  const sealed = new Uint8Array(data.length + tag.length);
  sealed.set(data);
  sealed.set(tag, data.length);
  let plain: Uint8Array;
  try {
    const out = await globalThis.crypto.subtle.decrypt(
      { name: "AES-GCM", iv: iv as Bytes, additionalData: new TextEncoder().encode(additionalData) },
      await importKey(key),
      sealed,
    );
    plain = new Uint8Array(out);
  } catch {
    throw new SopsDecryptError(
      `could not decrypt value at '${additionalData}' with AES_GCM: message authentication failed (wrong data key or tampered value)`,
    );
  }
  const text = new TextDecoder().decode(plain);
  switch (type) {
    case "str":
      return text;
    case "int": {
      if (!/^[+-]?\d+$/.test(text))
        throw new SopsDecryptError(`value at '${additionalData}' is not a valid int`);
      return new SopsInt(BigInt(text));
    }
    case "float": {
      // strconv.ParseFloat: a syntax error or a literal beyond float64 both fail the decryption.
      const f = parseGoFloat64(text);
      if (f.error !== null) throw new SopsDecryptError(`value at '${additionalData}' is not a valid float`);
      return new SopsFloat(f.value);
    }
    case "bytes":
      return new SopsBytes(plain);
    case "bool": {
      if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
      if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
      throw new SopsDecryptError(`value at '${additionalData}' is not a valid bool`);
    }
    case "time":
      return new SopsTime(text);
    case "comment":
      return new SopsComment(text);
    default:
      throw new SopsDecryptError(`unknown SOPS datatype: ${type}`);
  }
}

/**
 * Encrypt one value (used to write test vectors and to re-encrypt): `iv` is 32 random bytes unless
 * given. Produces exactly what SOPS writes.
 */
export async function encryptValue(
  plaintext: SopsScalar,
  key: Uint8Array,
  additionalData: string,
  iv: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(32)),
): Promise<string> {
  let type: string;
  let bytes: Uint8Array;
  const enc = new TextEncoder();
  if (typeof plaintext === "string") {
    if (plaintext === "") return "";
    type = "str";
    bytes = enc.encode(plaintext);
  } else if (typeof plaintext === "boolean") {
    type = "bool";
    bytes = enc.encode(plaintext ? "True" : "False");
  } else if (plaintext instanceof SopsInt) {
    type = "int";
    bytes = enc.encode(plaintext.value.toString());
  } else if (plaintext instanceof SopsFloat) {
    type = "float";
    bytes = enc.encode(formatFloatF(plaintext.value));
  } else if (plaintext instanceof SopsComment) {
    if (plaintext.value === "") return "";
    type = "comment";
    bytes = enc.encode(plaintext.value);
  } else if (plaintext instanceof SopsTime) {
    type = "time";
    bytes = enc.encode(plaintext.text);
  } else {
    throw new SopsDecryptError("value has a type SOPS cannot encrypt");
  }
  const out = new Uint8Array(
    await globalThis.crypto.subtle.encrypt(
      { name: "AES-GCM", iv: iv as Bytes, additionalData: enc.encode(additionalData) },
      await importKey(key),
      bytes as Bytes,
    ),
  );
  return `ENC[AES256_GCM,data:${toBase64(out.subarray(0, out.length - 16))},iv:${toBase64(iv)},tag:${toBase64(out.subarray(out.length - 16))},type:${type}]`;
}
