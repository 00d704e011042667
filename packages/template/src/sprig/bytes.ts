/** Fast conversions between Go strings (see `value/gostring.ts`) and bytes for the byte-oriented functions. */
import { decodeGoBytes, encodeGoString } from "../value/gostring.js";

const encoder = new TextEncoder();
const SURROGATE = /[\ud800-\udfff]/;

/** The bytes of a Go string. Text without surrogates is plain UTF-8, which the platform encodes fastest. */
export function goBytes(s: string): Uint8Array {
  return SURROGATE.test(s) ? encodeGoString(s) : encoder.encode(s);
}

/** The Go string of some bytes (invalid UTF-8 kept byte for byte). */
export function goStringOf(bytes: Uint8Array): string {
  return decodeGoBytes(bytes);
}
