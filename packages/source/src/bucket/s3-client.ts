/**
 * A minimal S3-compatible client for Bucket sources: ListObjectsV2 (all pages) and GetObject, signed
 * with AWS Signature Version 4 (`aws4`), over any `fetch`. Path-style addressing by default (what
 * MinIO, Ceph, s3rver and most S3-compatible stores expect); virtual-hosted style for AWS endpoints.
 * Node-only because `aws4` uses `node:crypto`.
 *
 * @module
 */
import { defaultFetch, type HttpFetch, redact } from "@gitops-kit/core";
import aws4 from "aws4";
import { readBounded } from "../helm-repository/http.js";
import { BucketError } from "./errors.js";

/** Access keys (`accesskey` / `secretkey` of a Bucket's Secret). */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Options of {@link S3Client}. */
export interface S3ClientOptions {
  /** `host[:port]` (a scheme, if given, decides HTTP vs HTTPS). */
  endpoint: string;
  bucket: string;
  /** Signing region (default `us-east-1`). */
  region?: string;
  /** Plain HTTP (`spec.insecure`). */
  insecure?: boolean;
  /** Anonymous requests when absent. */
  credentials?: S3Credentials;
  fetch?: HttpFetch;
  signal?: AbortSignal;
  /** `path` (default, except for `*.amazonaws.com`) or `virtual` (bucket in the host name). */
  addressing?: "path" | "virtual";
}

/** One listed object. */
export interface S3Object {
  key: string;
  /** ETag without quotes. */
  etag: string;
  size: number;
}

/** RFC 3986 encoding of one path segment or query value, as S3 signing expects. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode XML character data (entities and character references). */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return XML_ENTITIES[ref] ?? whole;
  });
}

/** The text of each `<tag>...</tag>` element directly in `xml` (no attributes on these S3 elements). */
function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let i = xml.indexOf(open);
  while (i >= 0) {
    const end = xml.indexOf(close, i + open.length);
    if (end < 0) break;
    out.push(xml.slice(i + open.length, end));
    i = xml.indexOf(open, end + close.length);
  }
  return out;
}

function element(xml: string, tag: string): string | undefined {
  const found = elements(xml, tag)[0];
  return found === undefined ? undefined : decodeXmlText(found);
}

/** A page of ListObjectsV2. */
interface ListPage {
  objects: S3Object[];
  next?: string;
}

/** Parse a `ListBucketResult` document. */
export function parseListObjectsV2(xml: string, bucket: string): ListPage {
  if (!xml.includes("<ListBucketResult")) {
    throw new BucketError(
      "BUCKET_INVALID_RESPONSE",
      `listing of bucket '${bucket}' is not a ListBucketResult`,
      { bucket },
    );
  }
  const urlEncoded = element(xml, "EncodingType") === "url";
  const objects = elements(xml, "Contents").map((contents) => {
    const rawKey = element(contents, "Key") ?? "";
    const key = urlEncoded ? decodeURIComponent(rawKey.replace(/\+/g, " ")) : rawKey;
    const etag = (element(contents, "ETag") ?? "").replace(/^"+|"+$/g, "");
    return { key, etag, size: Number(element(contents, "Size") ?? "0") };
  });
  const truncated = element(xml, "IsTruncated") === "true";
  const next = truncated ? element(xml, "NextContinuationToken") : undefined;
  if (truncated && !next) {
    throw new BucketError(
      "BUCKET_INVALID_RESPONSE",
      `listing of bucket '${bucket}' is truncated without a continuation token`,
      {
        bucket,
      },
    );
  }
  return { objects, ...(next ? { next } : {}) };
}

/** A client for one bucket. */
export class S3Client {
  readonly #options: S3ClientOptions;
  readonly #fetch: HttpFetch;
  readonly #scheme: string;
  readonly #host: string;
  readonly #virtual: boolean;

  constructor(options: S3ClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? defaultFetch();
    const m = /^(https?):\/\/(.*)$/i.exec(options.endpoint);
    this.#scheme = m ? m[1].toLowerCase() : options.insecure ? "http" : "https";
    this.#host = (m ? m[2] : options.endpoint).replace(/\/+$/, "");
    this.#virtual =
      options.addressing === "virtual" ||
      (options.addressing === undefined &&
        /(^|\.)amazonaws\.com(:\d+)?$/.test(this.#host) &&
        !options.bucket.includes("."));
  }

  /** Every object under `prefix`, following continuation tokens. */
  async listObjects(
    options: { prefix?: string; pageSize?: number; maxObjects?: number } = {},
  ): Promise<S3Object[]> {
    const bucket = this.#options.bucket;
    const all: S3Object[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const query: Record<string, string> = { "list-type": "2", "encoding-type": "url" };
      if (options.prefix) query.prefix = options.prefix;
      if (options.pageSize) query["max-keys"] = String(options.pageSize);
      if (token) query["continuation-token"] = token;
      const response = await this.#send("GET", "", query);
      if (response.status !== 200) throw await this.#failure(response, "list objects of");
      const text = new TextDecoder().decode(
        await readBounded(response, 64 * 1024 * 1024, () => this.#tooLarge("listing")),
      );
      const page = parseListObjectsV2(text, bucket);
      all.push(...page.objects);
      if (options.maxObjects !== undefined && all.length > options.maxObjects) {
        throw new BucketError(
          "BUCKET_TOO_LARGE",
          `bucket '${bucket}' has more than ${options.maxObjects} objects`,
          { bucket },
        );
      }
      if (!page.next || seen.has(page.next)) return all;
      seen.add(page.next);
      token = page.next;
    }
  }

  /** An object's bytes and ETag, or `undefined` when it does not exist. */
  async getObject(options: {
    key: string;
    maxSize?: number;
  }): Promise<{ data: Uint8Array; etag: string } | undefined> {
    const response = await this.#send("GET", options.key, {});
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status !== 200) throw await this.#failure(response, "get", options.key);
    const data = await readBounded(response, options.maxSize ?? Number.MAX_SAFE_INTEGER, () =>
      this.#tooLarge(`object '${options.key}'`, options.key),
    );
    return { data, etag: (response.headers.get("etag") ?? "").replace(/^"+|"+$/g, "") };
  }

  #tooLarge(what: string, key?: string): BucketError {
    return new BucketError(
      "BUCKET_TOO_LARGE",
      `${what} of bucket '${this.#options.bucket}' exceeds the size limit`,
      {
        bucket: this.#options.bucket,
        key,
      },
    );
  }

  async #send(method: string, key: string, query: Record<string, string>): Promise<Response> {
    const { bucket, credentials } = this.#options;
    const host = this.#virtual ? `${bucket}.${this.#host}` : this.#host;
    const segments = key === "" ? [] : key.split("/").map(encodeRfc3986);
    const path = `/${[...(this.#virtual ? [] : [encodeRfc3986(bucket)]), ...segments].join("/")}${key === "" && !this.#virtual ? "/" : ""}`;
    const search = Object.keys(query)
      .sort()
      .map((k) => `${encodeRfc3986(k)}=${encodeRfc3986(query[k])}`)
      .join("&");
    const pathWithQuery = search ? `${path}?${search}` : path;
    let headers: Record<string, string> = {};
    if (credentials) {
      const signed = aws4.sign(
        {
          host,
          path: pathWithQuery,
          method,
          service: "s3",
          region: this.#options.region || "us-east-1",
          headers: {},
        },
        {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
        },
      );
      for (const [name, value] of Object.entries(signed.headers ?? {})) {
        // fetch derives Host from the URL (the same host that was signed).
        if (name.toLowerCase() !== "host" && value !== undefined) headers[name] = String(value);
      }
    } else {
      headers = {};
    }
    const url = `${this.#scheme}://${host}${pathWithQuery}`;
    try {
      return await this.#fetch(url, { method, headers, signal: this.#options.signal });
    } catch (err) {
      throw new BucketError(
        "BUCKET_NETWORK",
        redact(
          `${method} ${this.#scheme}://${host}${path} failed: ${(err as Error).message}`,
          this.#secrets(),
        ),
        { bucket, key: key || undefined, cause: err },
      );
    }
  }

  #secrets(): string[] {
    const c = this.#options.credentials;
    return [c?.secretAccessKey, c?.sessionToken].filter(
      (s): s is string => typeof s === "string" && s !== "",
    );
  }

  async #failure(response: Response, what: string, key?: string): Promise<BucketError> {
    const bucket = this.#options.bucket;
    let code = "";
    let message = "";
    try {
      const xml = new TextDecoder().decode(
        await readBounded(response, 64 * 1024, () => this.#tooLarge("error")),
      );
      code = element(xml, "Code") ?? "";
      message = element(xml, "Message") ?? "";
    } catch {
      // No S3 error document.
    }
    const detail = [code, message].filter((s) => s !== "").join(": ");
    const text = redact(
      `failed to ${what} ${key ? `'${key}' in ` : ""}bucket '${bucket}': ${response.status} ${response.statusText}${detail ? ` (${detail})` : ""}`,
      this.#secrets(),
    );
    const status = response.status;
    if (code === "NoSuchBucket")
      return new BucketError("BUCKET_NOT_FOUND", `bucket '${bucket}' not found`, { bucket, status });
    if (status === 401 || status === 403)
      return new BucketError("BUCKET_AUTH", text, { bucket, key, status });
    return new BucketError("BUCKET_HTTP", text, { bucket, key, status });
  }
}
