/**
 * Base64 and base32 with Go's `encoding/base64` / `encoding/base32` StdEncoding rules: padding required,
 * `\r`/`\n` ignored, and Go's `illegal base64 data at input byte N` errors at the same offsets.
 */
import { toBase64 } from "@gitops-kit/core";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { decodeGoBytes } from "../value/gostring.js";
import { T } from "../value/types.js";
import { goBytes } from "./bytes.js";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const B64_MAP = decodeMap("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const B32_MAP = decodeMap(B32);

/** A decode failure at a byte offset of the input (Go's `CorruptInputError`). */
export class CorruptInputError extends Error {
  constructor(
    readonly encoding: "base64" | "base32",
    readonly offset: number,
  ) {
    super(`illegal ${encoding} data at input byte ${offset}`);
  }
}

/** Standard base64 with padding. */
export const base64Encode: (bytes: Uint8Array) => string = toBase64;

const isNewline = (c: number) => c === 0x0a || c === 0x0d;

/** Standard base64 decoding as Go's `StdEncoding.DecodeString`; throws {@link CorruptInputError}. */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let end = false;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInputError("base64", si - j);
      }
      const c = src[si++];
      const v = B64_MAP[c];
      if (v >= 0) {
        quantum[j++] = v;
        continue;
      }
      if (isNewline(c)) continue;
      if (c !== 0x3d) throw new CorruptInputError("base64", si - 1);
      // Padding: "=" is only valid as the third or fourth character of a quantum.
      if (j < 2) throw new CorruptInputError("base64", si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new CorruptInputError("base64", src.length);
        if (src[si] !== 0x3d) throw new CorruptInputError("base64", si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) throw new CorruptInputError("base64", si);
      dlen = j;
      end = true;
      break;
    }
    const n = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    out.push(n >>> 16);
    if (dlen >= 3) out.push((n >>> 8) & 0xff);
    if (dlen === 4) out.push(n & 0xff);
    if (end) break;
  }
  return Uint8Array.from(out);
}

/** Standard base32 with padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = [2, 4, 5, 7, 8][chunk.length - 1];
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : "=";
    }
  }
  return out;
}

/** Standard base32 decoding as Go's `StdEncoding.DecodeString`; throws {@link CorruptInputError}. */
export function base32Decode(input: Uint8Array): Uint8Array {
  // Go strips newlines first; offsets refer to the stripped input.
  const src = input.filter((c) => !isNewline(c));
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < src.length && !end) {
    const quantum = new Array<number>(8).fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === src.length) throw new CorruptInputError("base32", olen - (src.length - pos) - j);
      const c = src[pos++];
      const remaining = src.length - pos;
      if (c === 0x3d && j >= 2 && remaining < 8) {
        if (remaining + j < 7) throw new CorruptInputError("base32", olen);
        for (let k = 0; k < 7 - j; k++) {
          if (remaining > k && src[pos + k] !== 0x3d)
            throw new CorruptInputError("base32", olen - remaining + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6)
          throw new CorruptInputError("base32", olen - remaining - 1);
        break;
      }
      const v = B32_MAP[c];
      if (v < 0) throw new CorruptInputError("base32", olen - remaining - 1);
      quantum[j++] = v;
    }
    let bits = 0n;
    for (const q of quantum) bits = (bits << 5n) | BigInt(q);
    const bytes = [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen];
    for (let k = 0; k < bytes; k++) out.push(Number((bits >> BigInt(32 - 8 * k)) & 0xffn));
  }
  return Uint8Array.from(out);
}

/** The encoding family: `b64enc`, `b64dec`, `b32enc`, `b32dec` (decoding errors come back as the result text). */
export function encodingFuncs(): FuncMap {
  const dec = (decode: (b: Uint8Array) => Uint8Array) =>
    defineFunc({
      params: [T.string],
      result: T.string,
      fn: (s) => {
        try {
          return decodeGoBytes(decode(goBytes(s)));
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
  return {
    b64enc: defineFunc({ params: [T.string], result: T.string, fn: (s) => base64Encode(goBytes(s)) }),
    b64dec: dec(base64Decode),
    b32enc: defineFunc({ params: [T.string], result: T.string, fn: (s) => base32Encode(goBytes(s)) }),
    b32dec: dec(base32Decode),
  };
}
