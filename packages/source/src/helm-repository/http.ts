/**
 * HTTP GET for chart repositories over any {@link HttpFetch}: credentials only where Helm sends them,
 * redirects followed by hand (so the credential rule applies to every hop), bodies read with a size
 * limit, failures as {@link HelmRepositoryError}s without secrets.
 *
 * @module
 */
import { type GitOpsError, type HttpFetch, redact } from "@gitops-kit/core";
import { concat } from "../artifact/gzip.js";
import { basicAuthHeader } from "../basic-auth.js";
import { HelmRepositoryError } from "./errors.js";

/** Credentials for a chart repository: basic (`username` + `password`) or a bearer `token`. */
export interface HelmRepositoryAuth {
  username?: string;
  password?: string;
  /** Sent as `Authorization: Bearer <token>` (when no username and password are given). */
  token?: string;
}

/** Progress of a transfer: bytes so far of `total` (when the server said), or objects for buckets. */
export interface TransferProgress {
  /** What is transferred (a URL, reference or bucket name). */
  what: string;
  done: number;
  total?: number;
  unit: "bytes" | "objects";
}

/** Called as a transfer advances (at most once per received chunk). */
export type ProgressCallback = (progress: TransferProgress) => void;

/** Options of {@link httpGetBounded}. */
export interface HttpGetOptions {
  url: string;
  fetch: HttpFetch;
  auth?: HelmRepositoryAuth;
  /**
   * The repository URL the credentials belong to. They are sent to a request URL with the same scheme
   * and host (port included), or to any URL when `passCredentials` is set (Helm's rule).
   */
  authUrl: string;
  passCredentials?: boolean;
  /** Refuse bodies longer than this many bytes. */
  maxBytes: number;
  /** The error for a body over the limit. */
  tooLarge: (maxBytes: number) => GitOpsError;
  /** What is fetched, for messages (`index`, `chart`). */
  what: string;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

/** Most redirects followed. */
const MAX_REDIRECTS = 10;

/** `scheme://host[:port]` of a URL, `""` when it does not parse. */
function origin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "";
  }
}

/** The URL without user info, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === "" && u.password === "") return url;
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
  }
}

/** Every secret of `auth` (and of the URL's user info), for {@link redact}. */
export function authSecrets(auth: HelmRepositoryAuth | undefined, url?: string): string[] {
  const secrets = [auth?.password, auth?.token];
  if (url) {
    try {
      const u = new URL(url);
      if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
    } catch {
      // Not a URL: nothing to add.
    }
  }
  return secrets.filter((s): s is string => typeof s === "string" && s !== "");
}

/**
 * Split user info off a URL: `https://u:p@host/x` gives `https://host/x` and `{ username, password }`.
 * Explicit `auth` wins over user info.
 */
export function splitUserInfo(
  url: string,
  auth?: HelmRepositoryAuth,
): { url: string; auth?: HelmRepositoryAuth } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, auth };
  }
  if (u.username === "" && u.password === "") return { url, auth };
  const fromUrl = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = "";
  u.password = "";
  return { url: u.toString(), auth: auth ?? fromUrl };
}

/** The `Authorization` header value for `auth`, if it carries usable credentials. */
export function authorizationHeader(auth: HelmRepositoryAuth | undefined): string | undefined {
  if (auth?.username && auth.password) return basicAuthHeader(auth.username, auth.password);
  if (auth?.token) return `Bearer ${auth.token}`;
  return undefined;
}

/** GET `url` and return the body (at most `maxBytes`), following redirects by hand. */
export async function httpGetBounded(options: HttpGetOptions): Promise<{ data: Uint8Array; url: string }> {
  const secrets = authSecrets(options.auth, options.url);
  const authOrigin = origin(options.authUrl);
  const header = authorizationHeader(options.auth);
  let url = options.url;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { "User-Agent": "gitops-kit" };
    if (header && (options.passCredentials || origin(url) === authOrigin)) headers.Authorization = header;
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: "GET",
        headers,
        redirect: "manual",
        signal: options.signal,
      });
    } catch (err) {
      throw new HelmRepositoryError(
        "HELM_NETWORK",
        redact(`failed to fetch ${redactUrl(url)}: ${(err as Error).message}`, secrets),
        { url: redactUrl(url) },
      );
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) {
        throw new HelmRepositoryError(
          "HELM_HTTP",
          `failed to fetch ${redactUrl(options.url)}: too many redirects`,
          {
            url: redactUrl(options.url),
            status: response.status,
          },
        );
      }
      url = new URL(location, url).toString();
      continue;
    }
    if (response.type === "opaqueredirect") {
      // A browser hides redirect targets: follow it there, sending credentials only when allowed anywhere.
      const follow = options.passCredentials && header ? { Authorization: header } : undefined;
      response = await options.fetch(url, { method: "GET", headers: follow, signal: options.signal });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      const code = response.status === 401 || response.status === 403 ? "HELM_AUTH" : "HELM_HTTP";
      const status = `${response.status} ${response.statusText}`.trim();
      throw new HelmRepositoryError(code, `failed to fetch ${redactUrl(url)} : ${status}`, {
        url: redactUrl(url),
        status: response.status,
      });
    }
    const progress = options.onProgress;
    const data = await readBounded(
      response,
      options.maxBytes,
      options.tooLarge,
      progress ? (done, total) => progress({ what: redactUrl(url), done, total, unit: "bytes" }) : undefined,
    );
    return { data, url };
  }
}

/** Read a response body, failing as soon as it passes `maxBytes`; `onProgress` sees each chunk arrive. */
export async function readBounded(
  response: Response,
  maxBytes: number,
  tooLarge: (maxBytes: number) => GitOpsError,
  onProgress?: (done: number, total?: number) => void,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  const expected = Number.isFinite(declared) ? declared : undefined;
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
    onProgress?.(received, expected);
  }
  return concat(chunks, received);
}
