/**
 * An OCI distribution (registry v2) client over any {@link HttpFetch}: authentication handshake, tag
 * listing with `Link` pagination, manifests and indexes, blobs with digest verification, and pushes
 * (monolithic blob uploads, manifests). Runtime-neutral; used by OCIRepository, OCI Helm repositories
 * and the image package's tag scanning.
 *
 * @module
 */
import { defaultFetch, digestOf, type HttpFetch, parseDigest, redact, sha256Hex } from "@gitops-kit/core";
import { type ProgressCallback, readBounded } from "../helm-repository/http.js";
import {
  type AuthChallenge,
  basicAuthorization,
  credentialSecrets,
  fetchBearerToken,
  parseWwwAuthenticate,
  type RegistryCredentials,
} from "./auth.js";
import { OciError } from "./errors.js";
import {
  type DecodedManifest,
  decodeManifest,
  formatPlatform,
  type OciPlatform,
  selectPlatform,
} from "./manifest.js";
import { MANIFEST_MEDIA_TYPES } from "./media-types.js";
import { formatOciReference, type OciReference, parseOciReference, registryBaseUrl } from "./reference.js";

/** Credentials for every registry, or a function that picks them per registry and repository. */
export type RegistryCredentialsSource =
  | RegistryCredentials
  | ((
      registry: string,
      repository: string,
    ) => RegistryCredentials | undefined | Promise<RegistryCredentials | undefined>);

/** Options of {@link OciClient}. */
export interface OciClientOptions {
  /** The fetch to use (default: the runtime's global fetch). */
  fetch?: HttpFetch;
  credentials?: RegistryCredentialsSource;
  /** Allow plain HTTP, for registries on this machine only (see `registryBaseUrl`). */
  insecure?: boolean;
  /** `User-Agent` header (default `gitops-kit`). */
  userAgent?: string;
  /** Aborts every request. */
  signal?: AbortSignal;
  /** Largest manifest accepted, in bytes (default 4 MiB). */
  maxManifestSize?: number;
}

/** A manifest as fetched. */
export type FetchedManifest = DecodedManifest & {
  /** `sha256:<hex>` of the manifest bytes (what a digest reference names). */
  digest: string;
  /** The manifest bytes. */
  data: Uint8Array;
  /** When a platform was selected from an index: the index's digest. */
  indexDigest?: string;
};

/** A reference given as text (`[oci://]host/repo[:tag][@digest]`) or parsed. */
export type OciReferenceInput = string | OciReference;

/** Default blob size limit: 1 GiB (blobs are held in memory). */
export const DEFAULT_MAX_BLOB_SIZE = 1024 * 1024 * 1024;
const DEFAULT_MAX_MANIFEST_SIZE = 4 * 1024 * 1024;
const MAX_TAG_PAGE_SIZE = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

type Actions = "pull" | "pull,push";

interface RequestInit2 {
  method: string;
  /** A path below the registry (`/v2/...`) or an absolute URL (upload locations, pagination links). */
  target: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

function toRef(input: OciReferenceInput): OciReference {
  return typeof input === "string" ? parseOciReference(input) : input;
}

/**
 * A registry client. Each method takes one options object; authentication is negotiated on the first
 * `401` per repository and the result cached for the client's lifetime.
 *
 * @example
 * const client = new OciClient({ credentials: { username: "u", password: "p" } });
 * const tags = await client.listTags({ repository: "ghcr.io/stefanprodan/podinfo" });
 */
export class OciClient {
  readonly #fetch: HttpFetch;
  readonly #credentials?: RegistryCredentialsSource;
  readonly #insecure: boolean;
  readonly #userAgent: string;
  readonly #signal?: AbortSignal;
  readonly #maxManifest: number;
  /** Authorization header per `registry|repository|actions`. */
  readonly #auth = new Map<string, string>();
  readonly #resolvedCredentials = new Map<string, RegistryCredentials | undefined>();

  constructor(options: OciClientOptions = {}) {
    this.#fetch = options.fetch ?? defaultFetch();
    this.#credentials = options.credentials;
    this.#insecure = options.insecure ?? false;
    this.#userAgent = options.userAgent ?? "gitops-kit";
    this.#signal = options.signal;
    this.#maxManifest = options.maxManifestSize ?? DEFAULT_MAX_MANIFEST_SIZE;
  }

  /**
   * Every tag of a repository, following `Link` pagination (`pageSize` sets the `n` parameter; by
   * default the registry chooses). Throws `OCI_TOO_LARGE` past `maxTags` (default 100 000).
   */
  async listTags(options: {
    repository: OciReferenceInput;
    pageSize?: number;
    maxTags?: number;
  }): Promise<string[]> {
    const ref = toRef(options.repository);
    const maxTags = options.maxTags ?? 100_000;
    const tags: string[] = [];
    let target = `/v2/${ref.repository}/tags/list${options.pageSize ? `?n=${options.pageSize}` : ""}`;
    const seen = new Set<string>();
    for (;;) {
      const response = await this.#request(ref, "pull", { method: "GET", target }, "tags of");
      const data = await readBounded(response, MAX_TAG_PAGE_SIZE, (max) =>
        this.#tooLarge(ref, "tag list page", max),
      );
      let page: { tags?: unknown };
      try {
        page = JSON.parse(new TextDecoder().decode(data)) as { tags?: unknown };
      } catch {
        throw new OciError("OCI_HTTP", `tag list of '${describe(ref)}' is not JSON`, {
          reference: describe(ref),
        });
      }
      if (page.tags !== null && page.tags !== undefined) {
        if (!Array.isArray(page.tags) || page.tags.some((t) => typeof t !== "string")) {
          throw new OciError("OCI_HTTP", `tag list of '${describe(ref)}' has no list of tags`, {
            reference: describe(ref),
          });
        }
        tags.push(...(page.tags as string[]));
        if (tags.length > maxTags) throw this.#tooLarge(ref, "tag list", maxTags, "tags");
      }
      const next = nextLink(response.headers.get("link"));
      if (!next) return tags;
      const url = new URL(next, response.url || this.#url(ref, target)).toString();
      if (seen.has(url)) return tags;
      seen.add(url);
      target = url;
    }
  }

  /**
   * A manifest by tag or digest. A digest reference is verified against the bytes. With `platform`,
   * an index is resolved to the manifest for that platform (`OCI_NO_PLATFORM` when none fits).
   */
  async getManifest(options: {
    reference: OciReferenceInput;
    platform?: OciPlatform;
  }): Promise<FetchedManifest> {
    const ref = toRef(options.reference);
    const fetched = await this.#getManifest(ref);
    if (fetched.kind === "index" && options.platform) {
      const entry = selectPlatform(fetched.index, options.platform);
      if (!entry) {
        throw new OciError(
          "OCI_NO_PLATFORM",
          `no manifest for platform ${formatPlatform(options.platform)} in index '${describe(ref)}'`,
          { reference: describe(ref) },
        );
      }
      const child = await this.#getManifest({ ...ref, tag: undefined, digest: entry.digest });
      return { ...child, indexDigest: fetched.digest };
    }
    return fetched;
  }

  /** The digest a tag points to: `HEAD` on the manifest, falling back to `GET` when the registry gives no digest. */
  async resolveDigest(options: { reference: OciReferenceInput }): Promise<string> {
    const ref = toRef(options.reference);
    if (ref.digest) return ref.digest;
    const response = await this.#request(
      ref,
      "pull",
      {
        method: "HEAD",
        target: `/v2/${ref.repository}/manifests/${ref.tag ?? "latest"}`,
        headers: acceptManifests(),
      },
      "manifest",
    );
    const header = response.headers.get("docker-content-digest");
    if (header && /^sha256:[0-9a-f]{64}$/.test(header)) return header;
    return (await this.#getManifest(ref)).digest;
  }

  /** A blob, verified against its digest; at most `maxSize` bytes (default 1 GiB). */
  async getBlob(options: {
    repository: OciReferenceInput;
    digest: string;
    maxSize?: number;
    onProgress?: ProgressCallback;
  }): Promise<Uint8Array> {
    const ref = { ...toRef(options.repository), tag: undefined, digest: options.digest };
    requireSha256(options.digest, ref);
    const response = await this.#request(
      ref,
      "pull",
      { method: "GET", target: `/v2/${ref.repository}/blobs/${options.digest}` },
      "blob",
    );
    const max = options.maxSize ?? DEFAULT_MAX_BLOB_SIZE;
    const progress = options.onProgress;
    const data = await readBounded(
      response,
      max,
      (m) => this.#tooLarge(ref, "blob", m),
      progress ? (done, total) => progress({ what: describe(ref), done, total, unit: "bytes" }) : undefined,
    );
    verify(data, options.digest, ref, "blob");
    return data;
  }

  /** Whether the repository has a blob. */
  async hasBlob(options: { repository: OciReferenceInput; digest: string }): Promise<boolean> {
    const ref = { ...toRef(options.repository), tag: undefined, digest: options.digest };
    try {
      await this.#request(
        ref,
        "pull",
        { method: "HEAD", target: `/v2/${ref.repository}/blobs/${options.digest}` },
        "blob",
      );
      return true;
    } catch (err) {
      if (err instanceof OciError && err.code === "OCI_NOT_FOUND") return false;
      throw err;
    }
  }

  /** Upload a blob (one `POST` + `PUT`), unless the repository has it already. Returns its digest. */
  async pushBlob(options: { repository: OciReferenceInput; data: Uint8Array }): Promise<string> {
    const base = toRef(options.repository);
    const digest = digestOf(options.data);
    const ref = { ...base, tag: undefined, digest };
    if (await this.#existsForPush(ref)) return digest;
    const started = await this.#request(
      ref,
      "pull,push",
      { method: "POST", target: `/v2/${ref.repository}/blobs/uploads/`, headers: { "Content-Length": "0" } },
      "blob upload",
      [202],
    );
    const location = started.headers.get("location");
    if (!location) {
      throw new OciError("OCI_PUSH", `registry gave no upload location for '${describe(ref)}'`, {
        reference: describe(ref),
      });
    }
    const upload = new URL(location, started.url || this.#url(ref, "/v2/"));
    upload.searchParams.set("digest", digest);
    await this.#request(
      ref,
      "pull,push",
      {
        method: "PUT",
        target: upload.toString(),
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Length": String(options.data.length),
        },
        body: options.data,
      },
      "blob upload",
      [201, 204],
    );
    return digest;
  }

  /** Store a manifest under a tag (or its digest). Returns the manifest digest. */
  async putManifest(options: {
    reference: OciReferenceInput;
    mediaType: string;
    data: Uint8Array;
  }): Promise<string> {
    const ref = toRef(options.reference);
    const digest = digestOf(options.data);
    const target = `/v2/${ref.repository}/manifests/${ref.tag ?? digest}`;
    const response = await this.#request(
      ref,
      "pull,push",
      { method: "PUT", target, headers: { "Content-Type": options.mediaType }, body: options.data },
      "manifest upload",
      [201, 200, 202],
    );
    const header = response.headers.get("docker-content-digest");
    if (header && header !== digest) {
      throw new OciError(
        "OCI_DIGEST_MISMATCH",
        `registry stored '${describe(ref)}' as ${header}, expected ${digest}`,
        {
          reference: describe(ref),
        },
      );
    }
    return digest;
  }

  async #existsForPush(ref: OciReference): Promise<boolean> {
    try {
      await this.#request(
        ref,
        "pull,push",
        { method: "HEAD", target: `/v2/${ref.repository}/blobs/${ref.digest}` },
        "blob",
      );
      return true;
    } catch (err) {
      if (err instanceof OciError && err.code === "OCI_NOT_FOUND") return false;
      throw err;
    }
  }

  async #getManifest(ref: OciReference): Promise<FetchedManifest> {
    const target = `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? "latest"}`;
    const response = await this.#request(
      ref,
      "pull",
      { method: "GET", target, headers: acceptManifests() },
      "manifest",
    );
    const data = await readBounded(response, this.#maxManifest, (m) => this.#tooLarge(ref, "manifest", m));
    const digest = `sha256:${sha256Hex(data)}`;
    if (ref.digest) verify(data, ref.digest, ref, "manifest");
    const decoded = decodeManifest({
      data,
      contentType: response.headers.get("content-type") ?? undefined,
      reference: describe(ref),
    });
    return { ...decoded, digest, data };
  }

  #tooLarge(ref: OciReference, what: string, max: number, unit = "bytes"): OciError {
    return new OciError(
      "OCI_TOO_LARGE",
      `${what} of '${describe(ref)}' exceeds the limit of ${max} ${unit}`,
      {
        reference: describe(ref),
      },
    );
  }

  #url(ref: OciReference, target: string): string {
    return /^https?:\/\//.test(target) ? target : `${registryBaseUrl(ref.registry, this.#insecure)}${target}`;
  }

  async #credentialsFor(ref: OciReference): Promise<RegistryCredentials | undefined> {
    const key = `${ref.registry}/${ref.repository}`;
    if (this.#resolvedCredentials.has(key)) return this.#resolvedCredentials.get(key);
    const source = this.#credentials;
    const creds = typeof source === "function" ? await source(ref.registry, ref.repository) : source;
    this.#resolvedCredentials.set(key, creds);
    return creds;
  }

  /**
   * Send a request with the cached authorization, negotiate on `401` and retry once, follow redirects
   * (credentials only to the registry itself), and map failures to {@link OciError}s.
   */
  async #request(
    ref: OciReference,
    actions: Actions,
    init: RequestInit2,
    what: string,
    ok: number[] = [200],
  ): Promise<Response> {
    const authKey = `${ref.registry}|${ref.repository}|${actions}`;
    const credentials = await this.#credentialsFor(ref);
    const secrets = credentialSecrets(credentials);
    let response = await this.#send(ref, init, this.#auth.get(authKey), secrets);
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.headers.get("www-authenticate") ?? "");
      await response.body?.cancel();
      const authorization = await this.#negotiate(ref, actions, challenges, credentials);
      this.#auth.set(authKey, authorization);
      response = await this.#send(ref, init, authorization, secrets);
    }
    if (ok.includes(response.status)) return response;
    throw await this.#failure(ref, init, response, what, credentials !== undefined);
  }

  async #negotiate(
    ref: OciReference,
    actions: Actions,
    challenges: AuthChallenge[],
    credentials: RegistryCredentials | undefined,
  ): Promise<string> {
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer) {
      const token = await fetchBearerToken({
        fetch: this.#fetch,
        challenge: bearer,
        scopes: [`repository:${ref.repository}:${actions}`],
        credentials,
        registry: ref.registry,
        userAgent: this.#userAgent,
        signal: this.#signal,
      });
      return `Bearer ${token}`;
    }
    if (challenges.some((c) => c.scheme === "basic")) {
      const basic = basicAuthorization(credentials);
      if (basic) return basic;
      throw new OciError(
        "OCI_AUTH",
        `registry '${ref.registry}' requires authentication and no credentials were given`,
        {
          reference: describe(ref),
          status: 401,
        },
      );
    }
    throw new OciError(
      "OCI_AUTH",
      `registry '${ref.registry}' refused the request without a usable challenge`,
      {
        reference: describe(ref),
        status: 401,
      },
    );
  }

  async #send(
    ref: OciReference,
    init: RequestInit2,
    authorization: string | undefined,
    secrets: string[],
  ): Promise<Response> {
    let url = this.#url(ref, init.target);
    const registryOrigin = new URL(this.#url(ref, "/v2/")).origin;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { "User-Agent": this.#userAgent, ...init.headers };
      if (authorization && new URL(url).origin === registryOrigin) headers.Authorization = authorization;
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method: init.method,
          headers,
          body: init.body as NonNullable<RequestInit["body"]> | undefined,
          redirect: "manual",
          signal: this.#signal,
        });
      } catch (err) {
        throw new OciError(
          "OCI_NETWORK",
          redact(`${init.method} ${safeUrl(url)} failed: ${(err as Error).message}`, secrets),
          { reference: describe(ref), cause: err },
        );
      }
      const location = response.headers.get("location");
      const redirect = [301, 302, 303, 307, 308].includes(response.status) && location;
      if (!redirect || (init.method !== "GET" && init.method !== "HEAD")) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) {
        throw new OciError("OCI_HTTP", `too many redirects for '${describe(ref)}'`, {
          reference: describe(ref),
        });
      }
      url = new URL(location, url).toString();
      if (!url.startsWith("https://") && !url.startsWith(registryOrigin)) {
        throw new OciError("OCI_HTTP", `refusing a redirect of '${describe(ref)}' to plain HTTP`, {
          reference: describe(ref),
        });
      }
    }
  }

  async #failure(
    ref: OciReference,
    init: RequestInit2,
    response: Response,
    what: string,
    hadCredentials: boolean,
  ): Promise<OciError> {
    const status = response.status;
    let detail = "";
    if (init.method !== "HEAD") {
      try {
        const text = new TextDecoder().decode(
          await readBounded(response, 64 * 1024, () => new OciError("OCI_HTTP", "")),
        );
        const body = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
        detail = (body.errors ?? [])
          .map((e) => [e.code, e.message].filter((x) => typeof x === "string" && x !== "").join(": "))
          .filter((s) => s !== "")
          .join("; ");
      } catch {
        // No registry error body.
      }
    } else {
      await response.body?.cancel();
    }
    const suffix = detail ? ` (${detail.slice(0, 500)})` : "";
    const reference = describe(ref);
    const line = `${status} ${response.statusText}`.trim();
    if (status === 401 || status === 403) {
      const why = hadCredentials ? "credentials were refused" : "authentication required";
      return new OciError("OCI_AUTH", `${what} '${reference}': ${why}: ${line}${suffix}`, {
        reference,
        status,
      });
    }
    if (status === 404) {
      return new OciError("OCI_NOT_FOUND", `${what} '${reference}' not found: ${line}${suffix}`, {
        reference,
        status,
      });
    }
    const code = init.method === "PUT" || init.method === "POST" ? "OCI_PUSH" : "OCI_HTTP";
    return new OciError(code, `${init.method} ${what} '${reference}': ${line}${suffix}`, {
      reference,
      status,
    });
  }
}

function acceptManifests(): Record<string, string> {
  return { Accept: MANIFEST_MEDIA_TYPES.join(", ") };
}

function describe(ref: OciReference): string {
  return formatOciReference(ref);
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.toString();
  } catch {
    return url;
  }
}

function requireSha256(digest: string, ref: OciReference): void {
  let algorithm: string;
  try {
    algorithm = parseDigest(digest).algorithm;
  } catch {
    throw new OciError("OCI_INVALID_REFERENCE", `invalid digest '${digest}'`, { reference: describe(ref) });
  }
  if (algorithm !== "sha256") {
    throw new OciError(
      "OCI_INVALID_REFERENCE",
      `cannot verify digest '${digest}': only sha256 is supported`,
      {
        reference: describe(ref),
      },
    );
  }
}

function verify(data: Uint8Array, digest: string, ref: OciReference, what: string): void {
  requireSha256(digest, ref);
  const actual = `sha256:${sha256Hex(data)}`;
  if (actual !== digest) {
    throw new OciError(
      "OCI_DIGEST_MISMATCH",
      `${what} of '${describe(ref)}' has digest ${actual}, expected ${digest}`,
      {
        reference: describe(ref),
      },
    );
  }
}

/** The `rel="next"` target of a `Link` header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}
