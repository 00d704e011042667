/** NIST P-256 (secp256r1): key generation and ECDSA signatures with BigInt arithmetic. */
import { type RandomSource, randomBytes } from "../random.js";
import { fromBytes, mod, modInverse, toBytes } from "./bigint.js";

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const A = P - 3n;
/** Order of the base point. */
export const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const GX = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const GY = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;

/** A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity. */
type Jacobian = [bigint, bigint, bigint];

function double([x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const y2 = (y * y) % P;
  const s = (4n * x * y2) % P;
  const z2 = (z * z) % P;
  const m = mod(3n * x * x + A * z2 * z2, P);
  const x3 = mod(m * m - 2n * s, P);
  const y3 = mod(m * (s - x3) - 8n * y2 * y2, P);
  const z3 = (2n * y * z) % P;
  return [x3, y3, z3];
}

function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = (p[2] * p[2]) % P;
  const z2z2 = (q[2] * q[2]) % P;
  const u1 = (p[0] * z2z2) % P;
  const u2 = (q[0] * z1z1) % P;
  const s1 = (p[1] * q[2] * z2z2) % P;
  const s2 = (q[1] * p[2] * z1z1) % P;
  if (u1 === u2) return s1 === s2 ? double(p) : [0n, 1n, 0n];
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const h2 = (h * h) % P;
  const h3 = (h2 * h) % P;
  const x3 = mod(r * r - h3 - 2n * u1 * h2, P);
  const y3 = mod(r * (u1 * h2 - x3) - s1 * h3, P);
  const z3 = (h * p[2] * q[2]) % P;
  return [x3, y3, z3];
}

/** `k·G` in affine coordinates. */
export function scalarBaseMult(k: bigint): [bigint, bigint] {
  let acc: Jacobian = [0n, 1n, 0n];
  let base: Jacobian = [GX, GY, 1n];
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) acc = add(acc, base);
    base = double(base);
  }
  const zi = modInverse(acc[2], P)!;
  const zi2 = (zi * zi) % P;
  return [(acc[0] * zi2) % P, (acc[1] * zi2 * zi) % P];
}

/** A P-256 key pair. */
export interface P256Key {
  d: bigint;
  x: bigint;
  y: bigint;
}

/** A uniform scalar in [1, N-1] (crypto/ecdsa's randFieldElement). */
function randomScalar(random: RandomSource): bigint {
  return mod(fromBytes(randomBytes(random, 40)), N - 1n) + 1n;
}

/** `ecdsa.GenerateKey(elliptic.P256(), rand)`. */
export function generateP256(random: RandomSource): P256Key {
  const d = randomScalar(random);
  const [x, y] = scalarBaseMult(d);
  return { d, x, y };
}

/** The public key of a private scalar. */
export function p256Public(d: bigint): P256Key {
  const [x, y] = scalarBaseMult(d);
  return { d, x, y };
}

/** Uncompressed point encoding `04 || X || Y`. */
export function encodePoint(k: P256Key): Uint8Array {
  return Uint8Array.from([4, ...toBytes(k.x, 32), ...toBytes(k.y, 32)]);
}

/** ECDSA over a 32-byte digest: `[r, s]`. */
export function signP256(k: P256Key, digest: Uint8Array, random: RandomSource): [bigint, bigint] {
  const e = fromBytes(digest);
  for (;;) {
    const nonce = randomScalar(random);
    const r = mod(scalarBaseMult(nonce)[0], N);
    if (r === 0n) continue;
    const s = mod(modInverse(nonce, N)! * (e + r * k.d), N);
    if (s !== 0n) return [r, s];
  }
}
