/**
 * Remote URLs and credentials: telling SSH from HTTP(S) URLs, stripping credentials for messages,
 * building the HTTP authorization header, and turning transport failures into typed errors without
 * any secret in them.
 *
 * @module
 */
import { errorMessage, type GitAuth, GitOpsError, redact } from "@gitops-kit/core";
import { basicAuthHeader } from "../basic-auth.js";
import {
  GitAuthError,
  GitOperationError,
  GitRefNotFoundError,
  GitRepositoryNotFoundError,
} from "../errors.js";

/** Whether a URL needs SSH: `ssh://...` or the scp-like `user@host:path` form. */
export function isSshUrl(url: string): boolean {
  if (/^ssh:\/\//i.test(url) || /^git\+ssh:\/\//i.test(url)) return true;
  if (url.includes("://")) return false;
  // scp-like syntax: a colon before the first slash, and not a Windows drive letter.
  const colon = url.indexOf(":");
  const slash = url.indexOf("/");
  return colon > 1 && (slash < 0 || colon < slash);
}

/** Whether a URL is HTTP or HTTPS. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The URL without user name and password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

/** Every secret value in `auth` (and in the URL's user info), for {@link redact}. */
export function secretsOf(auth: GitAuth | undefined, url?: string): string[] {
  const secrets = [auth?.password, auth?.token, ...Object.values(auth?.headers ?? {})];
  const userinfo = url ? /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url)?.[1] : undefined;
  if (userinfo) {
    secrets.push(userinfo, ...userinfo.split(":").slice(1));
    try {
      secrets.push(decodeURIComponent(userinfo.split(":").slice(1).join(":")));
    } catch {
      // Not percent-encoded text: the raw form is masked already.
    }
  }
  return secrets.filter((s): s is string => typeof s === "string" && s !== "");
}

/**
 * HTTP headers for `auth`: `Authorization: Basic` for a user name and password (or a token with a user
 * name, as GitHub and GitLab accept personal access tokens), `Authorization: Bearer` for a token alone,
 * plus any extra headers.
 */
export function httpAuthHeaders(auth: GitAuth | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (auth?.token !== undefined && auth.token !== "" && !auth.username) {
    headers.Authorization = `Bearer ${auth.token}`;
  } else if (auth?.username !== undefined || auth?.password !== undefined || auth?.token) {
    headers.Authorization = basicAuthHeader(auth.username ?? "", auth.password ?? auth.token ?? "");
  }
  return { ...headers, ...auth?.headers };
}

/** What a failure was about, for messages. */
export interface FailureContext {
  url: string;
  auth?: GitAuth;
  /** The reference being fetched, as a phrase (`branch 'main'`), when a "not found" may be about it. */
  ref?: string;
  /** What was being done, e.g. `clone`. */
  operation: string;
}

/**
 * Turn any failure of a Git operation into a typed error: authentication (HTTP 401/403), repository
 * not found (404), reference not found, or a generic {@link GitOperationError}. Secrets are masked.
 */
export function toGitError(err: unknown, context: FailureContext): GitOpsError {
  const url = redactUrl(context.url);
  const secrets = secretsOf(context.auth, context.url);
  if (
    err instanceof GitAuthError ||
    err instanceof GitRefNotFoundError ||
    err instanceof GitRepositoryNotFoundError
  ) {
    return err;
  }
  const code = (err as { code?: unknown })?.code;
  const data = (err as { data?: { statusCode?: number; what?: string } })?.data;
  const raw = errorMessage(err);
  const message = redact(raw, secrets).split(context.url).join(url);
  if (code === "HttpError" && (data?.statusCode === 401 || data?.statusCode === 403)) {
    return new GitAuthError({ url, detail: `HTTP ${data.statusCode}` });
  }
  if (code === "HttpError" && data?.statusCode === 404) {
    return new GitRepositoryNotFoundError({ url, detail: "HTTP 404" });
  }
  if (code === "NotFoundError" && context.ref) {
    return new GitRefNotFoundError({ url, ref: context.ref, detail: redact(data?.what ?? raw, secrets) });
  }
  if (err instanceof GitOpsError) return err;
  return new GitOperationError(`${context.operation} '${url}': ${message}`);
}
