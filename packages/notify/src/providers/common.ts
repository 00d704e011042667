/**
 * Helpers shared by the provider request builders: Go-compatible URL handling (addresses are used as
 * written, never normalised), header canonicalisation, Flux's name / description / revision rules and
 * the order metadata is listed in.
 *
 * @module
 */

import { GitOpsError } from "@gitops-kit/core";
import { base64Encode } from "../crypto/encoding.js";
import type { Event } from "../event.js";
import { compareUtf8 } from "../go-json.js";
import type { MetadataOrder, NotificationRequest } from "./types.js";

/** A provider cannot be used as configured (bad address, missing token, unsupported type). */
export class ProviderConfigError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("PROVIDER_CONFIG", message, options);
  }
}

/** The event cannot be turned into a notification (e.g. no commit hash for a commit status). */
export class NotificationEventError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("NOTIFICATION_EVENT", message, options);
  }
}

/** A URL split the way Go's `url.Parse` sees it, without any normalisation. */
export interface SplitUrl {
  /** `https:` (with the colon), or `""`. */
  scheme: string;
  /** `//user@host:port`, or `""`. */
  authority: string;
  path: string;
  /** `?a=b`, or `""`. */
  query: string;
  /** `#x`, or `""`. */
  fragment: string;
}

/** Split a URL into its parts, keeping every character as written. */
export function splitUrl(address: string): SplitUrl {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#.*)?$/s.exec(address)!;
  return {
    scheme: m[1] ?? "",
    authority: m[2] ?? "",
    path: m[3] ?? "",
    query: m[4] ?? "",
    fragment: m[5] ?? "",
  };
}

/** The host part (`host:port`) of an authority, without user info. */
export function hostOf(url: SplitUrl): string {
  const a = url.authority.replace(/^\/\//, "");
  const at = a.lastIndexOf("@");
  return at >= 0 ? a.slice(at + 1) : a;
}

/**
 * Go's `url.ParseRequestURI` check, which every HTTP notifier runs on its address: an absolute URL
 * or an absolute path. `label` names the address in the error (`Slack hook URL`).
 */
export function requireRequestUri(address: string, label: string): void {
  const valid = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(address) || address.startsWith("/");
  // Go rejects ASCII control characters anywhere in a URL.
  if (!valid || /[\x00-\x1f\x7f]/.test(address)) {
    throw new ProviderConfigError(
      `invalid ${label} ${address}: parse ${JSON.stringify(address)}: invalid URI for request`,
    );
  }
}

/** Go's `path.Join` for URL paths: joins with `/`, then cleans `.`, `..` and repeated slashes. */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  if (joined === "") return "";
  const rooted = joined.startsWith("/");
  const out: string[] = [];
  for (const seg of joined.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(seg);
  }
  const cleaned = out.join("/");
  return rooted ? `/${cleaned}` : cleaned || ".";
}

/** Go's `http.CanonicalHeaderKey` (`x-custom` → `X-Custom`); keys with invalid bytes are kept as they are. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  let upper = true;
  let out = "";
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === "-";
  }
  return out;
}

/** Set a header as Go's `Header.Set` does (canonical key, replacing any previous value). */
export function setHeader(headers: Record<string, string>, key: string, value: string): void {
  headers[canonicalHeaderKey(key)] = value;
}

/** The `Basic` authorization value for a user and password. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${base64Encode(`${username}:${password}`)}`;
}

/** A JSON POST request with Flux's default headers. */
export function jsonPost(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): NotificationRequest {
  return { method: "POST", url, headers: { "Content-Type": "application/json", ...headers }, body };
}

/** `kind/name.namespace` with the kind lower-cased, as chat providers title messages. */
export function objectLabel(event: Event): string {
  const o = event.involvedObject;
  return `${(o.kind ?? "").toLowerCase()}/${o.name ?? ""}.${o.namespace ?? ""}`;
}

/** The metadata entries in the order a provider lists them (see {@link MetadataOrder}). */
export function metadataEntries(event: Event, order: MetadataOrder = "sorted"): [string, string][] {
  const entries = Object.entries(event.metadata ?? {});
  if (order === "sorted") entries.sort(([a], [b]) => compareUtf8(a, b));
  return entries;
}

/**
 * Flux's `splitCamelcase`: runs of lower-case, upper-case, digits and other characters, with an
 * upper-case letter moved to the lower-case run that follows it (`HealthCheckFailed` →
 * `Health`, `Check`, `Failed`; `PDFLoader` → `PDF`, `Loader`).
 */
export function splitCamelCase(src: string): string[] {
  // Go refuses to split invalid UTF-8; in a JS string that is a lone surrogate.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(src)) return [src];
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const cls = /\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4;
    if (cls === last) runs[runs.length - 1].push(ch);
    else runs.push([ch]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i][0]) && /\p{Ll}/u.test(runs[i + 1][0])) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/**
 * Flux's `formatNameAndDescription`: name `kind/name` and description the reason's words, both
 * lower-cased (`ReconciliationSucceeded` → `reconciliation succeeded`).
 */
export function nameAndDescription(event: Event): { name: string; description: string } {
  const o = event.involvedObject;
  return {
    name: `${o.kind ?? ""}/${o.name ?? ""}`.toLowerCase(),
    description: splitCamelCase(event.reason).join(" ").toLowerCase(),
  };
}

/** `event.GetRevision()`: metadata `commit`, else `originRevision`, else `revision`. */
export function eventRevision(event: Event): string | undefined {
  const m = event.metadata ?? {};
  for (const key of ["commit", "originRevision", "revision"]) {
    if (Object.hasOwn(m, key)) return m[key];
  }
  return undefined;
}

/**
 * The commit hash in a revision, as Flux's git notifiers read it: the text after the last `:`
 * (`main@sha1:<hash>`), else after the last `/` (legacy `main/<hash>`), else the whole string; it
 * must be 40 characters long (a SHA-1). Throws the error Flux returns otherwise.
 */
export function commitHash(revision: string): string {
  let hash = revision;
  const colon = revision.lastIndexOf(":");
  if (colon >= 0) hash = revision.slice(colon + 1);
  else if (revision.lastIndexOf("/") >= 0) hash = revision.slice(revision.lastIndexOf("/") + 1);
  if (new TextEncoder().encode(hash).length !== 40) {
    throw new NotificationEventError(`failed to extract commit hash from '${revision}' revision`);
  }
  return hash;
}

/** The commit to report a status on, or the error Flux's git notifiers return. */
export function requireCommit(event: Event): string {
  const revision = eventRevision(event);
  if (revision === undefined) throw new NotificationEventError("missing revision metadata");
  return commitHash(revision);
}

/**
 * `cases.Title(language.Und)`: the first letter of each word upper-case, the rest lower-case. Words are
 * runs of letters, marks, digits and `_`, with `'`, `.` and `:` allowed between letters.
 */
export function titleCase(text: string): string {
  const chars = [...text];
  let out = "";
  let inWord = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const wordChar = /[\p{L}\p{M}\p{Nd}_]/u.test(ch);
    const joiner =
      inWord &&
      /['.:]/.test(ch) &&
      i + 1 < chars.length &&
      /\p{L}/u.test(chars[i + 1]) &&
      /\p{L}/u.test(chars[i - 1]);
    if (wordChar || joiner) {
      out += inWord ? ch.toLowerCase() : ch.toUpperCase();
      inWord = true;
    } else {
      out += ch;
      inWord = false;
    }
  }
  return out;
}

/**
 * Go's `parseGitAddress` (via git-urls): `https://host/owner/repo(.git)`, `ssh://git@host/owner/repo`
 * or scp-like `git@host:owner/repo`; ssh becomes https. Returns the base `scheme://host` and the
 * repository id (path without the leading `/` and the `.git` suffix).
 */
export function parseGitAddress(address: string): { host: string; id: string } {
  const scp = /^(?:([^@/]+)@)?([^:/]+):(?!\/\/)(.*)$/.exec(address);
  if (scp && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(address)) {
    return { host: `https://${scp[2]}`, id: scp[3].replace(/^\/+/, "").replace(/\.git$/, "") };
  }
  const u = splitUrl(address);
  if (u.scheme === "" || u.authority === "") {
    throw new ProviderConfigError(`failed parsing URL ${JSON.stringify(address)}: not a Git URL`);
  }
  const scheme = u.scheme === "ssh:" ? "https:" : u.scheme;
  return { host: `${scheme}//${hostOf(u)}`, id: u.path.replace(/^\/+/, "").replace(/\.git$/, "") };
}
