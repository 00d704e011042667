/**
 * The hash functions notification payloads are signed with, behind one small interface, plus HMAC
 * (RFC 2104) over any of them. Everything here is synchronous and runtime-neutral: WebCrypto's digest
 * and sign are asynchronous, and request builders are pure synchronous functions.
 *
 * @module
 */

import { Sha256 } from "@gitops-kit/core";
import { Sha1 } from "./sha1.js";
import { Sha512 } from "./sha512.js";

/** An incremental hash: feed bytes with `update`, finish once with `digest`. */
export interface HashFunction {
  /** Bytes per compression block (64 for SHA-1 / SHA-256, 128 for SHA-512); HMAC pads keys to it. */
  readonly blockSize: number;
  update(data: Uint8Array | string): this;
  digest(): Uint8Array;
}

/** The algorithms webhook signatures name: `sha1=`, `sha256=`, `sha512=`. */
export type HashAlgorithm = "sha1" | "sha256" | "sha512";

/** A fresh hash of the given algorithm. */
export function newHash(algorithm: HashAlgorithm): HashFunction {
  switch (algorithm) {
    case "sha1":
      return new Sha1();
    case "sha512":
      return new Sha512();
    default: {
      // core's Sha256 has no blockSize field; HMAC needs it.
      const h = new Sha256();
      const wrapped = {
        blockSize: 64,
        update(data: Uint8Array | string) {
          h.update(data);
          return wrapped;
        },
        digest: () => h.digest(),
      };
      return wrapped;
    }
  }
}

const encoder = new TextEncoder();

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** Hash of bytes (strings are UTF-8 encoded). */
export function digest(algorithm: HashAlgorithm, data: Uint8Array | string): Uint8Array {
  return newHash(algorithm).update(bytesOf(data)).digest();
}

/** HMAC of `data` under `key` (RFC 2104), e.g. `hmac("sha256", token, body)`. */
export function hmac(
  algorithm: HashAlgorithm,
  key: Uint8Array | string,
  data: Uint8Array | string,
): Uint8Array {
  const probe = newHash(algorithm);
  let k = bytesOf(key);
  if (k.length > probe.blockSize) k = probe.update(k).digest();
  const ipad = new Uint8Array(probe.blockSize);
  const opad = new Uint8Array(probe.blockSize);
  for (let i = 0; i < probe.blockSize; i++) {
    const b = i < k.length ? k[i] : 0;
    ipad[i] = b ^ 0x36;
    opad[i] = b ^ 0x5c;
  }
  const inner = newHash(algorithm).update(ipad).update(bytesOf(data)).digest();
  return newHash(algorithm).update(opad).update(inner).digest();
}

/**
 * Compare two byte strings in time that depends only on their lengths (as Go's
 * `subtle.ConstantTimeCompare` / `hmac.Equal`): a secret is never revealed by how early a comparison
 * stops. Different lengths compare unequal at once, as in Go.
 */
export function constantTimeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
