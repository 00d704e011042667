/**
 * Reconcile a Bucket the way source-controller does, as one function: read the root `.sourceignore`
 * object, list every object under `spec.prefix`, leave out ignored keys, compute the revision from the
 * key → ETag index, skip all work when it did not change, else download the objects (a few at a time)
 * into a directory and archive it.
 *
 * @module
 */
import {
  type ClusterAdapter,
  type FileSystem,
  type HttpFetch,
  parseDuration,
  posixPath,
  UnsupportedError,
  ValidationError,
} from "@gitops-kit/core";
import { archiveDirectory } from "../artifact/archive.js";
import type { SourceArtifact } from "../artifact/source-artifact.js";
import type { ProgressCallback } from "../helm-repository/http.js";
import { bucketIgnoreFilter, SOURCE_IGNORE_FILE } from "../ignore/source-ignore.js";
import { secretValue } from "../oci/credentials.js";
import { bucketRevision } from "../revision.js";
import { BucketError } from "./errors.js";
import { S3Client, type S3Credentials } from "./s3-client.js";
import { type BucketSpec, type BucketSpecInput, parseBucketSpec } from "./spec.js";

/** What the current artifact was built with (`status.observedIgnore`). */
export interface BucketObservation {
  ignore?: string;
}

/** Options of {@link fetchBucket}. */
export interface FetchBucketOptions {
  /** The Bucket `spec` (validated and defaulted here when given as written). */
  spec: BucketSpecInput | BucketSpec;
  fs: FileSystem;
  /** Receives the objects (emptied first). */
  dir: string;
  /** Access keys (e.g. from {@link bucketCredentialsFromSecret}); anonymous requests without them. */
  credentials?: S3Credentials;
  fetch?: HttpFetch;
  /** `status.artifact.revision`: when the listing gives the same revision, nothing is downloaded. */
  lastRevision?: string;
  lastObserved?: BucketObservation;
  /** Parallel downloads (default 8). */
  concurrency?: number;
  /** Largest object accepted (default 256 MiB). */
  maxObjectSize?: number;
  /** Most objects accepted (default 100 000). */
  maxObjects?: number;
  /** Sees the downloads advance (objects done of the total). */
  onProgress?: ProgressCallback;
}

/** The outcome when nothing changed. */
export interface BucketUnchanged {
  changed: false;
  revision: string;
  message: string;
}

/** The outcome of a download. */
export interface BucketFetched {
  changed: true;
  /** `sha256:` of the index text (see `bucketIndexText`). */
  revision: string;
  /** Object key → ETag of every object in the artifact. */
  index: Record<string, string>;
  artifact: SourceArtifact;
  /** Files written, relative to `dir`. */
  files: string[];
  observed: BucketObservation;
}

export type BucketResult = BucketUnchanged | BucketFetched;

/**
 * The path an object key is written to, relative to the target: `/`-separated, empty and `.` segments
 * dropped. Keys with `..`, a leading `/`, a backslash or a NUL byte are a {@link BucketError}
 * `BUCKET_UNSAFE_KEY` naming the key, so no key ever writes outside the target.
 */
export function bucketObjectPath(key: string, bucket = ""): string {
  const unsafe = (why: string) =>
    new BucketError("BUCKET_UNSAFE_KEY", `object key '${key}' ${why}`, { bucket, key });
  if (key.includes("\0")) throw unsafe("contains a NUL byte");
  if (key.includes("\\")) throw unsafe("contains a backslash");
  if (key.startsWith("/")) throw unsafe("is absolute");
  const segments: string[] = [];
  for (const seg of key.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") throw unsafe("contains '..'");
    segments.push(seg);
  }
  if (segments.length === 0) throw unsafe("names no file");
  return segments.join("/");
}

/**
 * Fetch a Bucket and build its artifact. Only S3-compatible providers (`generic`, `aws`) are
 * supported; `spec.insecure` selects plain HTTP; `spec.region` signs (default `us-east-1`).
 *
 * Errors: `BucketSpecError`, {@link BucketError}, `UnsupportedError` (gcp / azure providers).
 */
export async function fetchBucket(options: FetchBucketOptions): Promise<BucketResult> {
  const spec = parseBucketSpec(options.spec);
  if (spec.provider !== "generic" && spec.provider !== "aws") {
    throw new UnsupportedError(
      `Bucket provider '${spec.provider}' is not supported; use generic or aws (S3 API)`,
    );
  }
  const bucket = spec.bucketName;
  const timeoutMs = Math.max(1, Math.round(parseDuration(spec.timeout)));
  const client = new S3Client({
    endpoint: spec.endpoint,
    bucket,
    region: spec.region,
    insecure: spec.insecure,
    credentials: options.credentials,
    fetch: options.fetch,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const maxObjectSize = options.maxObjectSize ?? 256 * 1024 * 1024;

  // The root .sourceignore object (never under the prefix), then spec.ignore.
  const ignoreObject = await client.getObject({ key: SOURCE_IGNORE_FILE, maxSize: 1024 * 1024 });
  const sourceIgnore = ignoreObject ? new TextDecoder().decode(ignoreObject.data) : undefined;
  const ignored = bucketIgnoreFilter({ sourceIgnore, ignore: spec.ignore });

  const objects = await client.listObjects({
    prefix: spec.prefix,
    maxObjects: options.maxObjects ?? 100_000,
  });
  const index: Record<string, string> = {};
  for (const object of objects) {
    if (ignored(object.key)) continue;
    index[object.key] = object.etag;
  }
  const observed: BucketObservation = spec.ignore !== undefined ? { ignore: spec.ignore } : {};
  const listed = bucketRevision(index);
  if (
    options.lastRevision !== undefined &&
    options.lastRevision === listed &&
    (options.lastObserved?.ignore ?? undefined) === (spec.ignore ?? undefined)
  ) {
    return {
      changed: false,
      revision: listed,
      message: `artifact up-to-date with remote revision: '${listed}'`,
    };
  }

  // Check every key before writing anything: no escapes, no key that is both a file and a directory.
  const paths = new Map<string, string>();
  for (const key of Object.keys(index)) {
    const path = bucketObjectPath(key, bucket);
    const other = paths.get(path);
    if (other !== undefined) {
      throw new BucketError("BUCKET_KEY_CONFLICT", `object keys '${other}' and '${key}' name the same file`, {
        bucket,
        key,
      });
    }
    paths.set(path, key);
  }
  for (const [path, key] of paths) {
    for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) {
      const parent = paths.get(path.slice(0, i));
      if (parent !== undefined) {
        throw new BucketError(
          "BUCKET_KEY_CONFLICT",
          `object key '${parent}' is a file but '${key}' needs it as a directory`,
          {
            bucket,
            key,
          },
        );
      }
    }
  }

  const { fs, dir } = options;
  if (fs.exists(dir)) fs.rm(dir, { recursive: true });
  fs.mkdir(dir);
  const files: string[] = [];
  const queue = [...paths.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [path, key] = next;
      const got = await client.getObject({ key, maxSize: maxObjectSize });
      if (!got) {
        // Deleted between listing and download: left out, as Flux does.
        delete index[key];
        continue;
      }
      if (got.etag !== "" && got.etag !== index[key]) index[key] = got.etag;
      const target = posixPath.join(dir, path);
      fs.mkdir(posixPath.dirname(target));
      fs.writeFile(target, got.data);
      files.push(path);
      options.onProgress?.({ what: bucket, done: files.length, total: paths.size, unit: "objects" });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, queue.length || 1));
  await Promise.all(Array.from({ length: workers }, worker));
  files.sort();

  const revision = bucketRevision(index);
  const artifact: SourceArtifact = { revision, ...archiveDirectory({ fs, dir }) };
  return { changed: true, revision, index, artifact, files, observed };
}

/** Options of {@link bucketCredentialsFromSecret}. */
export interface BucketCredentialsFromSecretOptions {
  cluster: ClusterAdapter;
  /** `spec.secretRef.name`. */
  name: string;
  namespace?: string;
}

/**
 * The access keys in a Bucket's Secret (`accesskey` / `secretkey`, as the generic provider reads them).
 * Throws {@link ValidationError} when either is missing.
 */
export async function bucketCredentialsFromSecret(
  options: BucketCredentialsFromSecretOptions,
): Promise<S3Credentials> {
  const secret = (await options.cluster.get({
    apiVersion: "v1",
    kind: "Secret",
    name: options.name,
    namespace: options.namespace,
  })) as unknown as Record<string, unknown>;
  const where = `secret '${options.namespace ?? "default"}/${options.name}'`;
  const accessKeyId = secretValue(secret, "accesskey", where);
  const secretAccessKey = secretValue(secret, "secretkey", where);
  if (!accessKeyId || !secretAccessKey) {
    throw new ValidationError(`invalid '${where}': key 'accesskey' or 'secretkey' not found`);
  }
  return { accessKeyId, secretAccessKey };
}
