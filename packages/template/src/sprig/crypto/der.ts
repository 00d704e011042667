/** Minimal DER (ASN.1) encoding and decoding for keys and X.509 certificates. */
import { fromBytes, toBytes } from "./bigint.js";

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes = toBytes(BigInt(n));
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A TLV with the given tag byte. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([Uint8Array.of(tag), length(body.length), body]);
}

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]) => tlv(0x31, ...items);
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const nullValue = () => Uint8Array.of(0x05, 0x00);
export const boolean = (v: boolean) => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
/** Context-specific constructed tag `[n]` wrapping `content` (EXPLICIT tagging). */
export const explicit = (n: number, ...content: Uint8Array[]) => tlv(0xa0 | n, ...content);

/** A non-negative INTEGER in minimal two's complement. */
export function integer(n: bigint): Uint8Array {
  if (n < 0n) {
    // Only small negatives occur (none in practice); encode through two's complement of the byte length.
    let bytes = 1;
    while (n < -(1n << BigInt(8 * bytes - 1))) bytes++;
    return tlv(0x02, toBytes((1n << BigInt(8 * bytes)) + n, bytes));
  }
  let b = toBytes(n);
  if (b[0] & 0x80) b = Uint8Array.of(0, ...b);
  return tlv(0x02, b);
}

/** A BIT STRING of whole bytes, or of `bitLength` bits. */
export function bitString(b: Uint8Array, bitLength = b.length * 8): Uint8Array {
  return tlv(0x03, Uint8Array.of(b.length * 8 - bitLength), b);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** A string as Go's encoding/asn1 marshals it: PrintableString when possible, else UTF8String. */
export function goString(s: string): Uint8Array {
  const bytes = new TextEncoder().encode(s);
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, bytes);
}

/** A UTCTime (1950–2049) or GeneralizedTime, in UTC to the second, as Go marshals time.Time. */
export function time(unixSec: number): Uint8Array {
  const d = new Date(unixSec * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const y = d.getUTCFullYear();
  const rest = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, new TextEncoder().encode(p2(y % 100) + rest));
  return tlv(0x18, new TextEncoder().encode(String(y).padStart(4, "0") + rest));
}

/** A decoded TLV: tag byte, content, and the whole encoding. */
export interface Node {
  tag: number;
  content: Uint8Array;
  raw: Uint8Array;
}

/** A DER structure that does not parse. */
export class DerError extends Error {}

/** Read one TLV at `offset`; returns the node and the offset after it. */
export function readNode(b: Uint8Array, offset = 0): { node: Node; next: number } {
  if (offset + 2 > b.length) throw new DerError("asn1: syntax error: data truncated");
  const tag = b[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError("asn1: structure error: tag number too large");
  let len = b[offset + 1];
  let at = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || at + n > b.length) throw new DerError("asn1: syntax error: invalid length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[at + i];
    at += n;
  }
  if (at + len > b.length) throw new DerError("asn1: syntax error: data truncated");
  return {
    node: { tag, content: b.subarray(at, at + len), raw: b.subarray(offset, at + len) },
    next: at + len,
  };
}

/** The child TLVs of a constructed node. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let off = 0; off < node.content.length; ) {
    const { node: child, next } = readNode(node.content, off);
    out.push(child);
    off = next;
  }
  return out;
}

/** Parse a whole DER value (no trailing data). */
export function parseDer(b: Uint8Array): Node {
  const { node, next } = readNode(b);
  if (next !== b.length) throw new DerError("asn1: syntax error: trailing data");
  return node;
}

export function readInteger(node: Node): bigint {
  if (node.tag !== 0x02) throw new DerError("asn1: structure error: tags don't match");
  return fromBytes(node.content);
}

export function readOid(node: Node): string {
  if (node.tag !== 0x06) throw new DerError("asn1: structure error: tags don't match");
  const parts: number[] = [];
  let v = 0;
  for (const byte of node.content) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  return [
    Math.min(2, Math.floor(first / 40)),
    first - 40 * Math.min(2, Math.floor(first / 40)),
    ...parts,
  ].join(".");
}
