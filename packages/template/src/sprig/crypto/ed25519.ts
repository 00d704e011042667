/** Ed25519 (RFC 8032): key generation from a seed and signatures, with BigInt arithmetic. */
import { sha512 } from "@gitops-kit/core";
import { mod, modInverse, modPow } from "./bigint.js";

const P = (1n << 255n) - 19n;
/** Order of the base point. */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const D = mod(-121665n * modInverse(121666n, P)!, P);

/** A point in extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, xy = T/Z. */
type Point = [bigint, bigint, bigint, bigint];

const BASE: Point = (() => {
  const y = mod(4n * modInverse(5n, P)!, P);
  const x = recoverX(y, 0);
  return [x, y, 1n, mod(x * y, P)];
})();

function recoverX(y: bigint, sign: number): bigint {
  const x2 = mod((y * y - 1n) * modInverse(D * y * y + 1n, P)!, P);
  let x = modPow(x2, (P + 3n) / 8n, P);
  if (mod(x * x - x2, P) !== 0n) x = mod(x * modPow(2n, (P - 1n) / 4n, P), P);
  if (Number(x & 1n) !== sign) x = P - x;
  return x;
}

function add(p: Point, q: Point): Point {
  const a = mod((p[1] - p[0]) * (q[1] - q[0]), P);
  const b = mod((p[1] + p[0]) * (q[1] + q[0]), P);
  const c = mod(2n * p[3] * q[3] * D, P);
  const d = mod(2n * p[2] * q[2], P);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return [mod(e * f, P), mod(g * h, P), mod(f * g, P), mod(e * h, P)];
}

function multiply(k: bigint, point: Point): Point {
  let acc: Point = [0n, 1n, 1n, 0n];
  let base = point;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) acc = add(acc, base);
    base = add(base, base);
  }
  return acc;
}

function encodePoint(p: Point): Uint8Array {
  const zi = modInverse(p[2], P)!;
  const x = mod(p[0] * zi, P);
  const y = mod(p[1] * zi, P);
  const out = littleEndian(y, 32);
  out[31] |= Number(x & 1n) << 7;
  return out;
}

function littleEndian(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let v = n;
  for (let i = 0; i < len; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function fromLittleEndian(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function expandSeed(seed: Uint8Array): { a: bigint; prefix: Uint8Array } {
  const h = sha512(seed);
  const a = h.slice(0, 32);
  a[0] &= 248;
  a[31] &= 127;
  a[31] |= 64;
  return { a: fromLittleEndian(a), prefix: h.slice(32) };
}

/** The 32-byte public key of a 32-byte seed. */
export function ed25519Public(seed: Uint8Array): Uint8Array {
  return encodePoint(multiply(expandSeed(seed).a, BASE));
}

/** A 64-byte signature of `message`. */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const { a, prefix } = expandSeed(seed);
  const pub = encodePoint(multiply(a, BASE));
  const r = mod(fromLittleEndian(sha512(Uint8Array.from([...prefix, ...message]))), L);
  const rEnc = encodePoint(multiply(r, BASE));
  const k = mod(fromLittleEndian(sha512(Uint8Array.from([...rEnc, ...pub, ...message]))), L);
  const s = mod(r + k * a, L);
  return Uint8Array.from([...rEnc, ...littleEndian(s, 32)]);
}
