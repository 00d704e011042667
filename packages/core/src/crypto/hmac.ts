/**
 * HMAC (RFC 2104) over any of the hashes, and the constant-time comparison that checking one needs.
 *
 * @module
 */

import { bytesOf, type Hash, type HashAlgorithm } from "./hash.js";
import { Sha1 } from "./sha1.js";
import { Sha256 } from "./sha256.js";
import { Sha512 } from "./sha512.js";

/** A fresh incremental hash of the given algorithm. */
export function newHash(algorithm: HashAlgorithm): Hash {
  switch (algorithm) {
    case "sha1":
      return new Sha1();
    case "sha256":
      return new Sha256();
    case "sha512":
      return new Sha512();
    default:
      throw new Error(`unsupported hash algorithm ${JSON.stringify(algorithm)}`);
  }
}

/** Options of {@link hmac}. */
export interface HmacOptions {
  /** The hash HMAC is built on. */
  algorithm: HashAlgorithm;
  /** The secret key; strings are UTF-8 encoded. Keys longer than a block are hashed first. */
  key: Uint8Array | string;
  /** The message to authenticate; strings are UTF-8 encoded. */
  data: Uint8Array | string;
}

/**
 * HMAC of `data` under `key` (RFC 2104), e.g. the `sha256=<hex>` of a webhook signature:
 * `toHex(hmac({ algorithm: "sha256", key: token, data: body }))`.
 */
export function hmac({ algorithm, key, data }: HmacOptions): Uint8Array {
  const inner = newHash(algorithm);
  const size = inner.blockSize;
  let k = bytesOf(key);
  if (k.length > size) k = newHash(algorithm).update(k).digest();
  const ipad = new Uint8Array(size);
  const opad = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const b = i < k.length ? k[i] : 0;
    ipad[i] = b ^ 0x36;
    opad[i] = b ^ 0x5c;
  }
  const innerHash = inner.update(ipad).update(data).digest();
  return newHash(algorithm).update(opad).update(innerHash).digest();
}

/**
 * Compare two byte strings (strings as UTF-8) in time that depends only on their lengths, as Go's
 * `subtle.ConstantTimeCompare` / `hmac.Equal` do, so a secret is never revealed by how early a
 * comparison stops. Different lengths compare unequal at once, as in Go.
 */
export function constantTimeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
