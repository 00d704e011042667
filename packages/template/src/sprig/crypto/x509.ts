/** X.509 certificate creation with the template Sprig uses and the extensions Go's x509.CreateCertificate writes. */

import { sha1 } from "@gitops-kit/core";
import type { RandomSource } from "../random.js";
import { randomBigInt } from "../random.js";
import {
  bitString,
  boolean,
  explicit,
  goString,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  tlv,
} from "./der.js";
import {
  type PrivateKey,
  publicKeyBits,
  signatureAlgorithm,
  signData,
  subjectPublicKeyInfo,
} from "./keys.js";

/** Go's `net.ParseIP`: 4 bytes for IPv4 (and IPv4-mapped IPv6, as `To4` gives), 16 for IPv6; `undefined` if invalid. */
export function parseIP(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === "0") || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes(".")) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...new Array(8 - total).fill(0), ...tail];
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** What a certificate says about its subject. */
export interface CertTemplate {
  commonName: string;
  ips: Uint8Array[];
  dnsNames: string[];
  notBefore: number;
  notAfter: number;
  isCA: boolean;
}

/** A Name with at most a common name, as Go's pkix.Name marshals it. */
export function subjectName(cn: string): Uint8Array {
  if (cn === "") return sequence();
  return sequence(set(sequence(oid("2.5.4.3"), goString(cn))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/**
 * `x509.CreateCertificate` for Sprig's template: v3, random 128-bit serial, key usage (with cert signing
 * for CAs), server+client auth, basic constraints, subject key id for CAs, authority key id from the issuer,
 * subject alternative names. Returns the DER certificate.
 */
export function createCertificate(options: {
  template: CertTemplate;
  subjectKey: PrivateKey;
  issuer: { rawSubject: Uint8Array; subjectKeyId?: Uint8Array; key: PrivateKey };
  random: RandomSource;
}): Uint8Array {
  const { template, subjectKey, issuer, random } = options;
  if (issuer.key.kind === "dsa")
    throw new Error("x509: certificate private key does not implement crypto.Signer");
  if (subjectKey.kind === "dsa") throw new Error("x509: unsupported public key type: *dsa.PublicKey");
  const sigAlg = signatureAlgorithm(issuer.key);
  const subject = subjectName(template.commonName);
  const sameName =
    subject.length === issuer.rawSubject.length && subject.every((b, i) => b === issuer.rawSubject[i]);
  const extensions: Uint8Array[] = [];
  // Key usage: digitalSignature | keyEncipherment (| keyCertSign), bits in DER order.
  const usage = template.isCA ? 0xa4 : 0xa0;
  extensions.push(extension("2.5.29.15", true, bitString(Uint8Array.of(usage), template.isCA ? 6 : 3)));
  extensions.push(
    extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
  );
  extensions.push(extension("2.5.29.19", true, template.isCA ? sequence(boolean(true)) : sequence()));
  if (template.isCA)
    extensions.push(extension("2.5.29.14", false, octetString(sha1(publicKeyBits(subjectKey)))));
  if (!sameName && issuer.subjectKeyId && issuer.subjectKeyId.length > 0) {
    extensions.push(extension("2.5.29.35", false, sequence(tlv(0x80, issuer.subjectKeyId))));
  }
  if (template.dnsNames.length > 0 || template.ips.length > 0) {
    const names = [
      ...template.dnsNames.map((n) => tlv(0x82, new TextEncoder().encode(n))),
      ...template.ips.map((ip) => tlv(0x87, ip)),
    ];
    extensions.push(extension("2.5.29.17", template.commonName === "", sequence(...names)));
  }
  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(randomBigInt(random, 1n << 128n)),
    sigAlg,
    issuer.rawSubject,
    sequence(time(template.notBefore), time(template.notAfter)),
    subject,
    subjectPublicKeyInfo(subjectKey),
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, sigAlg, bitString(signData(issuer.key, tbs, random)));
}
