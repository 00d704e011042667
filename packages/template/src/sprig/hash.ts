/** Sprig's hash functions. Adler-32 is here; SHA-1, SHA-256 and SHA-512 come from core. */
import { sha1, sha256, sha512, toHex } from "@gitops-kit/core";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { T } from "../value/types.js";
import { goBytes } from "./bytes.js";

/** Adler-32 checksum (hash/adler32). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // 5552 bytes keep the sums below 2^32 before the modulo.
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/** The hash family: `sha1sum`, `sha256sum`, `sha512sum` (Sprig v3.3), `adler32sum`. */
export function hashFuncs(): FuncMap {
  const h = (fn: (b: Uint8Array) => string) =>
    defineFunc({ params: [T.string], result: T.string, fn: (s) => fn(goBytes(s)) });
  return {
    sha1sum: h((b) => toHex(sha1(b))),
    sha256sum: h((b) => toHex(sha256(b))),
    sha512sum: h((b) => toHex(sha512(b))),
    adler32sum: h((b) => String(adler32(b))),
  };
}
