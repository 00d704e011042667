/**
 * Private keys for Sprig's `genPrivateKey` and certificate functions: generation (RSA, ECDSA P-256, Ed25519,
 * DSA), PEM encodings as Go's x509 marshals them, parsing of PEM keys (PKCS #1, SEC 1, PKCS #8, DSA), public
 * key infos and signatures for certificates.
 */
import { sha256 } from "@gitops-kit/core";
import type { RandomSource } from "../random.js";
import { randomBytes } from "../random.js";
import { fromBytes, toBytes } from "./bigint.js";
import {
  bitString,
  children,
  DerError,
  explicit,
  integer,
  type Node,
  nullValue,
  octetString,
  oid,
  parseDer,
  readInteger,
  readOid,
  sequence,
} from "./der.js";
import { type DsaKey, generateDsa } from "./dsa.js";
import { ed25519Public, ed25519Sign } from "./ed25519.js";
import { encodePoint, generateP256, type P256Key, p256Public, signP256 } from "./p256.js";
import { decodePem, type PemBlock } from "./pem.js";
import { generateRsa, type RsaKey, rsaFromPrimes, signRsaSha256 } from "./rsa.js";

/** A private key of one of the supported kinds. */
export type PrivateKey =
  | { kind: "rsa"; key: RsaKey }
  | { kind: "ecdsa"; key: P256Key }
  | { kind: "ed25519"; seed: Uint8Array }
  | { kind: "dsa"; key: DsaKey };

const OID_RSA = "1.2.840.113549.1.1.1";
const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const OID_P256 = "1.2.840.10045.3.1.7";
const OID_ED25519 = "1.3.101.112";
const OID_SHA256_RSA = "1.2.840.113549.1.1.11";
const OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";

/** An RSA private key as a JWK's members (base64url big-endian integers), e.g. from `node:crypto`. */
export interface RsaJwk {
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

/** A synchronous RSA key generator to use instead of the built-in (pure TypeScript, slower) one. */
export type RsaKeyGenerator = (bits: number) => RsaJwk;

function fromBase64Url(s: string): bigint {
  const b64 = s.replaceAll("-", "+").replaceAll("_", "/");
  const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
  return fromBytes(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
}

/** An RSA key from JWK members. */
export function rsaFromJwk(jwk: RsaJwk): RsaKey {
  const [n, e, d, p, q, dp, dq, qinv] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map(
    fromBase64Url,
  );
  return { n, e, d, p, q, dp, dq, qinv };
}

/** Generate a key the way `genPrivateKey`'s types ask for (`rsa` is 4096 bits there, 2048 for certificates). */
export function generateKey(
  kind: "rsa" | "ecdsa" | "ed25519" | "dsa",
  random: RandomSource,
  rsaBits = 4096,
  rsaGenerator?: RsaKeyGenerator,
): PrivateKey {
  switch (kind) {
    case "rsa":
      return { kind, key: rsaGenerator ? rsaFromJwk(rsaGenerator(rsaBits)) : generateRsa(rsaBits, random) };
    case "ecdsa":
      return { kind, key: generateP256(random) };
    case "ed25519":
      return { kind, seed: randomBytes(random, 32) };
    case "dsa":
      return { kind, key: generateDsa(random) };
  }
}

function pkcs1(k: RsaKey): Uint8Array {
  return sequence(integer(0n), ...[k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qinv].map(integer));
}

function sec1(k: P256Key): Uint8Array {
  return sequence(
    integer(1n),
    octetString(toBytes(k.d, 32)),
    explicit(0, oid(OID_P256)),
    explicit(1, bitString(encodePoint(k))),
  );
}

/** The PEM block Sprig writes for a key (`pemBlockForKey`). */
export function pemBlockForKey(k: PrivateKey): PemBlock {
  switch (k.kind) {
    case "rsa":
      return { type: "RSA PRIVATE KEY", bytes: pkcs1(k.key) };
    case "ecdsa":
      return { type: "EC PRIVATE KEY", bytes: sec1(k.key) };
    case "dsa": {
      const { p, q, g, y, x } = k.key;
      return { type: "DSA PRIVATE KEY", bytes: sequence(integer(0n), ...[p, q, g, y, x].map(integer)) };
    }
    case "ed25519":
      return {
        type: "PRIVATE KEY",
        bytes: sequence(integer(0n), sequence(oid(OID_ED25519)), octetString(octetString(k.seed))),
      };
  }
}

function parsePkcs1(der: Uint8Array): RsaKey {
  const f = children(parseDer(der)).map(readInteger);
  if (f.length < 9) throw new DerError("x509: failed to parse private key");
  const [, n, e, d, p, q] = f;
  const key = rsaFromPrimes(p, q, e);
  if (!key || key.n !== n) return { n, e, d, p, q, dp: f[6], dq: f[7], qinv: f[8] };
  return { ...key, d };
}

function parseSec1(der: Uint8Array, curveOid?: string): P256Key {
  const f = children(parseDer(der));
  if (f.length < 2 || f[1].tag !== 0x04) throw new DerError("x509: failed to parse EC private key");
  const named = f.find((n) => n.tag === 0xa0);
  const curve = named ? readOid(children(named)[0]) : curveOid;
  if (curve !== OID_P256) throw new DerError("x509: unknown elliptic curve");
  return p256Public(fromBytes(f[1].content));
}

function parsePkcs8(der: Uint8Array): PrivateKey {
  const f = children(parseDer(der));
  if (f.length < 3) throw new DerError("asn1: syntax error: sequence truncated");
  const alg = children(f[1]);
  const algOid = readOid(alg[0]);
  const inner = f[2].content;
  switch (algOid) {
    case OID_RSA:
      return { kind: "rsa", key: parsePkcs1(inner) };
    case OID_EC_PUBLIC_KEY:
      return { kind: "ecdsa", key: parseSec1(inner, alg[1] ? readOid(alg[1]) : undefined) };
    case OID_ED25519: {
      const seed = parseDer(inner);
      if (seed.tag !== 0x04 || seed.content.length !== 32)
        throw new DerError("x509: invalid Ed25519 private key");
      return { kind: "ed25519", seed: seed.content.slice() };
    }
    default:
      throw new DerError(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algOid}`);
  }
}

/** Sprig's `parsePrivateKeyPEM`, with its error texts. */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = decodePem(text);
  if (!block) throw new Error("no PEM data in input");
  const wrap = (prefix: string, fn: () => PrivateKey): PrivateKey => {
    try {
      return fn();
    } catch (err) {
      throw new Error(`${prefix}: ${(err as Error).message}`);
    }
  };
  if (block.type === "PRIVATE KEY") return wrap("decoding PEM as PKCS#8", () => parsePkcs8(block.bytes));
  if (!block.type.endsWith(" PRIVATE KEY"))
    throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case "RSA":
      return wrap("parsing RSA private key from PEM", () => ({ kind: "rsa", key: parsePkcs1(block.bytes) }));
    case "EC":
      return wrap("parsing EC private key from PEM", () => ({ kind: "ecdsa", key: parseSec1(block.bytes) }));
    case "DSA":
      return wrap("parsing DSA private key from PEM", () => {
        const [, p, q, g, y, x] = children(parseDer(block.bytes)).map(readInteger);
        return { kind: "dsa", key: { p, q, g, y, x } };
      });
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

/** The raw public key bits (what a SubjectPublicKeyInfo's BIT STRING holds, and what SKIs hash). */
export function publicKeyBits(k: PrivateKey): Uint8Array {
  switch (k.kind) {
    case "rsa":
      return sequence(integer(k.key.n), integer(k.key.e));
    case "ecdsa":
      return encodePoint(k.key);
    case "ed25519":
      return ed25519Public(k.seed);
    case "dsa":
      throw new Error("x509: unsupported public key type: *dsa.PublicKey");
  }
}

/** The DER SubjectPublicKeyInfo. */
export function subjectPublicKeyInfo(k: PrivateKey): Uint8Array {
  const bits = bitString(publicKeyBits(k));
  switch (k.kind) {
    case "rsa":
      return sequence(sequence(oid(OID_RSA), nullValue()), bits);
    case "ecdsa":
      return sequence(sequence(oid(OID_EC_PUBLIC_KEY), oid(OID_P256)), bits);
    default:
      return sequence(sequence(oid(OID_ED25519)), bits);
  }
}

/** The AlgorithmIdentifier Go picks for certificates signed by this key. */
export function signatureAlgorithm(k: PrivateKey): Uint8Array {
  switch (k.kind) {
    case "rsa":
      return sequence(oid(OID_SHA256_RSA), nullValue());
    case "ecdsa":
      return sequence(oid(OID_ECDSA_SHA256));
    case "ed25519":
      return sequence(oid(OID_ED25519));
    case "dsa":
      throw new Error("x509: only RSA, ECDSA and Ed25519 keys supported");
  }
}

/** Sign `data` with the certificate signature algorithm of `k`. */
export function signData(k: PrivateKey, data: Uint8Array, random: RandomSource): Uint8Array {
  switch (k.kind) {
    case "rsa":
      return signRsaSha256(k.key, sha256(data));
    case "ecdsa": {
      const [r, s] = signP256(k.key, sha256(data), random);
      return sequence(integer(r), integer(s));
    }
    case "ed25519":
      return ed25519Sign(k.seed, data);
    case "dsa":
      throw new Error("x509: only RSA, ECDSA and Ed25519 keys supported");
  }
}

/** Read the fields of a certificate a signer needs: raw subject and subject key id. */
export function parseCertificateForSigning(der: Uint8Array): {
  rawSubject: Uint8Array;
  subjectKeyId?: Uint8Array;
} {
  try {
    const cert = children(parseDer(der));
    if (cert.length !== 3) throw new DerError("x509: malformed certificate");
    const tbs = children(cert[0]);
    let i = tbs[0]?.tag === 0xa0 ? 1 : 0;
    // serial, signature algorithm, issuer, validity, subject
    const subject: Node | undefined = tbs[i + 4];
    if (subject?.tag !== 0x30) throw new DerError("x509: malformed certificate");
    i += 6;
    let subjectKeyId: Uint8Array | undefined;
    for (; i < tbs.length; i++) {
      if (tbs[i].tag !== 0xa3) continue;
      for (const ext of children(children(tbs[i])[0])) {
        const parts = children(ext);
        if (readOid(parts[0]) === "2.5.29.14")
          subjectKeyId = parseDer(parts[parts.length - 1].content).content.slice();
      }
    }
    return { rawSubject: subject.raw.slice(), subjectKeyId };
  } catch (err) {
    if (err instanceof DerError) throw new Error("x509: malformed certificate");
    throw err;
  }
}
