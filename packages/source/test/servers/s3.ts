/**
 * An S3-compatible server for tests: `s3rver` (npm) on 127.0.0.1 with a free port and storage in a
 * temporary directory. s3rver checks that a request's access key exists but does not verify Signature
 * Version 4 signatures, so the server here puts a check in front of it: every signed request has its
 * signature recomputed from the request as received (canonical request, string to sign, HMAC chain,
 * as AWS documents them) and is refused with `SignatureDoesNotMatch` when it differs. Unsigned
 * requests are refused unless `anonymous` is set.
 *
 * s3rver encrypts its ListObjectsV2 continuation tokens with DES, which the OpenSSL 3 in Node 20
 * refuses (every truncated listing fails with a 500). The tokens are opaque to clients, so DES is
 * mapped onto AES-128-CBC with the same key and IV padded, for this process only.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, request } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import aws4 from "aws4";

const require = createRequire(import.meta.url);

let desPatched = false;

/** Let s3rver's `des` continuation tokens work on OpenSSL 3 (see the module comment). */
function patchDesForS3rver(): void {
  if (desPatched) return;
  desPatched = true;
  const crypto = require("node:crypto") as typeof import("node:crypto");
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(16 - b.length)]);
  const cipher = crypto.createCipheriv;
  const decipher = crypto.createDecipheriv;
  // biome-ignore lint/suspicious/noExplicitAny: wraps Node's overloaded signatures.
  (crypto as any).createCipheriv = (alg: string, key: Buffer, iv: Buffer, ...rest: any[]) =>
    alg === "des" ? cipher("aes-128-cbc", pad(key), pad(iv)) : cipher(alg, key, iv, ...rest);
  // biome-ignore lint/suspicious/noExplicitAny: wraps Node's overloaded signatures.
  (crypto as any).createDecipheriv = (alg: string, key: Buffer, iv: Buffer, ...rest: any[]) =>
    alg === "des" ? decipher("aes-128-cbc", pad(key), pad(iv)) : decipher(alg, key, iv, ...rest);
}

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  buckets: string[];
  accessKeyId: string;
  secretAccessKey: string;
  /** Accept unsigned requests. */
  anonymous?: boolean;
}

/** A running server. */
export interface S3Server {
  /** `127.0.0.1:<port>` (a Bucket's `spec.endpoint`). */
  endpoint: string;
  /** Requests seen: method, raw path and whether the signature was checked and good. */
  requests: { method: string; path: string; signed: boolean; status?: number }[];
  /** Store an object (a signed PUT through the same front). */
  put(bucket: string, key: string, data: string | Uint8Array): Promise<void>;
  /** Delete an object. */
  remove(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** Why a SigV4-signed request does not verify, or `undefined` when it does. */
function verifySignature(
  req: IncomingMessage,
  secrets: Map<string, string>,
): { code: string; message: string } | undefined {
  const header = req.headers.authorization ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!m) return { code: "AuthorizationHeaderMalformed", message: "malformed SigV4 Authorization header" };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  const secret = secrets.get(accessKeyId);
  if (!secret) return { code: "InvalidAccessKeyId", message: "unknown access key" };
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date))
    return { code: "SignatureDoesNotMatch", message: "x-amz-date does not match the scope" };
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? "" : rawUrl.slice(q + 1);
  const canonicalQuery = query
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const k = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
      const v = eq < 0 ? "" : decodeURIComponent(p.slice(eq + 1));
      return [encodeRfc3986(k), encodeRfc3986(v)];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedHeaders.split(";");
  const canonicalHeaders = names
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(",") : String(value ?? "");
      return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const payload = String(req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD");
  const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payload].join(
    "\n",
  );
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    createHash("sha256").update(canonicalRequest).digest("hex"),
  ].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    return { code: "SignatureDoesNotMatch", message: "the request signature does not match" };
  }
  return undefined;
}

/** Start s3rver behind the signature check; resolves once it listens. */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  patchDesForS3rver();
  const S3rver = require("s3rver");
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account");
  DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
  const directory = mkdtempSync(join(tmpdir(), "gitops-kit-s3-"));
  const s3rver = new S3rver({
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const secrets = new Map([[options.accessKeyId, options.secretAccessKey]]);
  const requests: S3Server["requests"] = [];
  const server = createServer((req, res) => {
    const record = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      signed: req.headers.authorization !== undefined,
    };
    requests.push(record);
    res.on("finish", () => {
      (record as { status?: number }).status = res.statusCode;
    });
    const refuse = (code: string, message: string) => {
      req.resume();
      res.statusCode = 403;
      res.setHeader("Content-Type", "application/xml");
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
      );
    };
    if (req.headers.authorization === undefined) {
      if (!options.anonymous) {
        refuse("AccessDenied", "Access Denied");
        return;
      }
    } else {
      const problem = verifySignature(req, secrets);
      if (problem) {
        refuse(problem.code, problem.message);
        return;
      }
    }
    handle(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `127.0.0.1:${port}`;
  const signed = async (method: string, bucket: string, key: string, body?: Uint8Array) => {
    const path = `/${bucket}/${key.split("/").map(encodeRfc3986).join("/")}`;
    const opts = aws4.sign(
      {
        host: endpoint,
        path,
        method,
        service: "s3",
        region: "us-east-1",
        body: body ? Buffer.from(body) : undefined,
        headers: {},
      },
      { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {}))
      if (k.toLowerCase() !== "host") headers[k] = String(v);
    // node:http sends the path as is (fetch would resolve `..` segments of hostile keys).
    const { status, text } = await new Promise<{ status: number; text: string }>((ok, fail) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => ok({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", fail);
      req.end(body ? Buffer.from(body) : undefined);
    });
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text}`);
  };
  return {
    endpoint,
    requests,
    put: (bucket, key, data) =>
      signed("PUT", bucket, key, typeof data === "string" ? new TextEncoder().encode(data) : data),
    remove: (bucket, key) => signed("DELETE", bucket, key),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(directory, { recursive: true, force: true });
          ok();
        });
      }),
  };
}
