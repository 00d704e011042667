/**
 * Sprig's key and certificate generators: `genPrivateKey`, `genCA`, `genSelfSignedCert`, `genSignedCert`,
 * their `...WithKey` forms and `buildCustomCert`. Keys and certificates are built synchronously in pure
 * TypeScript (RSA keys take a second or two; Go takes a fraction of that).
 */
import { formatValue } from "../fmt/print.js";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { decodeGoBytes } from "../value/gostring.js";
import { type GoType, SLICE_ANY, structType, T } from "../value/types.js";
import { withType } from "../value/values.js";
import { goBytes } from "./bytes.js";
import {
  generateKey,
  type PrivateKey,
  parseCertificateForSigning,
  parsePrivateKeyPem,
  pemBlockForKey,
  type RsaKeyGenerator,
} from "./crypto/keys.js";
import { decodePem, encodePem } from "./crypto/pem.js";
import { type CertTemplate, createCertificate, parseIP, subjectName } from "./crypto/x509.js";
import { base64Decode } from "./encoding.js";
import type { RandomSource } from "./random.js";

/** Sprig's `certificate` struct: `{ Cert, Key }` PEM strings. */
export const CERTIFICATE_TYPE: GoType = structType({
  name: "sprig.certificate",
  fields: [
    { name: "Cert", type: T.string },
    { name: "Key", type: T.string },
  ],
});

/** A `certificate` value. */
export function certificateValue(cert: string, key: string): object {
  return withType({ Cert: cert, Key: key }, CERTIFICATE_TYPE);
}

function netIPs(ips: unknown[] | null): Uint8Array[] {
  return (ips ?? []).map((ip) => {
    if (typeof ip !== "string") throw new Error(`error parsing ip: ${formatValue(ip)} is not a string`);
    const parsed = parseIP(ip);
    if (!parsed) throw new Error(`error parsing ip: ${ip}`);
    return parsed;
  });
}

function dnsNames(names: unknown[] | null): string[] {
  return (names ?? []).map((n) => {
    if (typeof n !== "string")
      throw new Error(`error processing alternate dns name: ${formatValue(n)} is not a string`);
    return n;
  });
}

/** Options of the certificate family. */
export interface CertFuncsOptions {
  random: RandomSource;
  now: () => Date;
  /** Optional faster RSA key generation (see `SprigOptions.rsaKeyGenerator`). */
  rsaKeyGenerator?: RsaKeyGenerator;
}

/** The key and certificate family. */
export function certFuncs({ random, now, rsaKeyGenerator }: CertFuncsOptions): FuncMap {
  const template = (
    cn: string,
    ips: unknown[] | null,
    dns: unknown[] | null,
    days: number,
    isCA: boolean,
  ): CertTemplate => {
    const t = Math.floor(now().getTime() / 1000);
    return {
      commonName: cn,
      ips: netIPs(ips),
      dnsNames: dnsNames(dns),
      notBefore: t,
      notAfter: t + days * 86400,
      isCA,
    };
  };
  const certAndKey = (
    tmpl: CertTemplate,
    key: PrivateKey,
    issuer?: { rawSubject: Uint8Array; subjectKeyId?: Uint8Array; key: PrivateKey },
  ) => {
    let der: Uint8Array;
    try {
      der = createCertificate({
        template: tmpl,
        subjectKey: key,
        issuer: issuer ?? { rawSubject: subjectName(tmpl.commonName), key },
        random,
      });
    } catch (err) {
      throw new Error(`error creating certificate: ${(err as Error).message}`);
    }
    return certificateValue(encodePem({ type: "CERTIFICATE", bytes: der }), encodePem(pemBlockForKey(key)));
  };
  const withPemKey = (pem: string): PrivateKey => {
    try {
      return parsePrivateKeyPem(pem);
    } catch (err) {
      throw new Error(`parsing private key: ${(err as Error).message}`);
    }
  };
  const rsa2048 = () => generateKey("rsa", random, 2048, rsaKeyGenerator);
  const signer = (ca: { Cert: string; Key: string }) => {
    const block = decodePem(ca.Cert);
    if (!block) throw new Error("unable to decode certificate");
    let parsed: ReturnType<typeof parseCertificateForSigning>;
    try {
      parsed = parseCertificateForSigning(block.bytes);
    } catch (err) {
      throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${(err as Error).message}`);
    }
    let key: PrivateKey;
    try {
      key = parsePrivateKeyPem(ca.Key);
    } catch (err) {
      throw new Error(`error parsing private key: ${(err as Error).message}`);
    }
    return { ...parsed, key };
  };
  const ca = (cn: string, days: number, key: PrivateKey) =>
    certAndKey(template(cn, null, null, days, true), key);
  const selfSigned = (
    cn: string,
    ips: unknown[] | null,
    dns: unknown[] | null,
    days: number,
    key: PrivateKey,
  ) => certAndKey(template(cn, ips, dns, days, false), key);
  const signed = (
    cn: string,
    ips: unknown[] | null,
    dns: unknown[] | null,
    days: number,
    caCert: { Cert: string; Key: string },
    key: () => PrivateKey,
  ) => {
    const issuer = signer(caCert);
    const tmpl = template(cn, ips, dns, days, false);
    return certAndKey(tmpl, key(), issuer);
  };
  const certFn = (params: GoType[], fn: (...args: never[]) => unknown) =>
    ({ params, result: CERTIFICATE_TYPE, returnsError: true, fn }) as const;
  return {
    genPrivateKey: defineFunc({
      params: [T.string],
      result: T.string,
      fn: (typ) => {
        const kind = typ === "" ? "rsa" : typ;
        if (kind !== "rsa" && kind !== "dsa" && kind !== "ecdsa" && kind !== "ed25519")
          return `Unknown type ${typ}`;
        return encodePem(pemBlockForKey(generateKey(kind, random, 4096, rsaKeyGenerator)));
      },
    }),
    genCA: certFn([T.string, T.int], (cn: string, days: number) => ca(cn, days, rsa2048())),
    genCAWithKey: certFn([T.string, T.int, T.string], (cn: string, days: number, pem: string) =>
      ca(cn, days, withPemKey(pem)),
    ),
    genSelfSignedCert: certFn(
      [T.string, SLICE_ANY, SLICE_ANY, T.int],
      (cn: string, ips: unknown[], dns: unknown[], days: number) => {
        const tmpl = template(cn, ips, dns, days, false);
        return certAndKey(tmpl, rsa2048());
      },
    ),
    genSelfSignedCertWithKey: certFn(
      [T.string, SLICE_ANY, SLICE_ANY, T.int, T.string],
      (cn: string, ips: unknown[], dns: unknown[], days: number, pem: string) =>
        selfSigned(cn, ips, dns, days, withPemKey(pem)),
    ),
    genSignedCert: certFn(
      [T.string, SLICE_ANY, SLICE_ANY, T.int, CERTIFICATE_TYPE],
      (cn: string, ips: unknown[], dns: unknown[], days: number, caCert: { Cert: string; Key: string }) => {
        // Go generates the key before looking at the CA.
        const key = rsa2048();
        return signed(cn, ips, dns, days, caCert, () => key);
      },
    ),
    genSignedCertWithKey: certFn(
      [T.string, SLICE_ANY, SLICE_ANY, T.int, CERTIFICATE_TYPE, T.string],
      (
        cn: string,
        ips: unknown[],
        dns: unknown[],
        days: number,
        caCert: { Cert: string; Key: string },
        pem: string,
      ) => {
        const key = withPemKey(pem);
        return signed(cn, ips, dns, days, caCert, () => key);
      },
    ),
    buildCustomCert: certFn([T.string, T.string], (b64cert: string, b64key: string) => {
      let cert: Uint8Array;
      let key: Uint8Array;
      try {
        cert = base64Decode(goBytes(b64cert));
      } catch {
        throw new Error("unable to decode base64 certificate");
      }
      try {
        key = base64Decode(goBytes(b64key));
      } catch {
        throw new Error("unable to decode base64 private key");
      }
      const certText = decodeGoBytes(cert);
      const block = decodePem(certText);
      if (!block) throw new Error("unable to decode certificate");
      try {
        parseCertificateForSigning(block.bytes);
      } catch (err) {
        throw new Error(`error parsing certificate: decodedCert.Bytes: ${(err as Error).message}`);
      }
      const keyText = decodeGoBytes(key);
      try {
        parsePrivateKeyPem(keyText);
      } catch (err) {
        throw new Error(`error parsing private key: ${(err as Error).message}`);
      }
      return certificateValue(certText, keyText);
    }),
  };
}
