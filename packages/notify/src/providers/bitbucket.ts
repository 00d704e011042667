/**
 * Bitbucket build statuses: `bitbucketserver` (Bitbucket Server / Data Center REST API, exact to
 * Flux) and `bitbucket` (Bitbucket Cloud API 2.0, built from Flux's code and Atlassian's reference).
 * The status key is the hex SHA-1 of the commit status id, because the API limits keys to 40 chars.
 *
 * @module
 */

import { sha1, toHex } from "@gitops-kit/core";
import { goEncode, goMarshal } from "../go-json.js";
import {
  basicAuth,
  NotificationEventError,
  nameAndDescription,
  ProviderConfigError,
  parseGitAddress,
  requireCommit,
  splitUrl,
} from "./common.js";
import { NotificationSendError, requireSuccess } from "./errors.js";
import type { BuildNotificationOptions, NotificationPlan, PlannedRequest } from "./types.js";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function bitbucketState(severity: string, what: string): string {
  if (severity === "info") return "SUCCESSFUL";
  if (severity === "error") return "FAILED";
  throw new NotificationEventError(what);
}

/**
 * The REST base of a Bitbucket Server clone URL: `<scheme>://<host>[<context>]/scm/<PROJECT>/<repo>.git`
 * becomes `<scheme>://<host>[<context>]/rest/api/latest/projects/<PROJECT>/repos/<repo>/commits`.
 */
export function bitbucketServerCommitsUrl(address: string): string {
  const u = splitUrl(address);
  if (u.scheme !== "http:" && u.scheme !== "https:") {
    throw new ProviderConfigError(
      `could not parse git address: unsupported scheme type in address: ${u.scheme.replace(/:$/, "")}. Must be http or https`,
    );
  }
  const path = u.path.replace(/\.git$/, "");
  const at = path.lastIndexOf("/scm/");
  if (at < 0) {
    throw new ProviderConfigError(
      "could not parse git address: supplied provider address is not http(s) git clone url",
    );
  }
  const parts = path.slice(at + 5).split("/");
  if (parts.length !== 2) {
    throw new ProviderConfigError(
      `could not parse git address: invalid repository id ${JSON.stringify(path.slice(at + 5))}`,
    );
  }
  return `${u.scheme}${u.authority}${path.slice(0, at)}/rest/api/latest/projects/${parts[0]}/repos/${parts[1]}/commits`;
}

/**
 * `bitbucketserver`: skip `Progressing`; `GET .../commits/<sha>/builds?key=<key>` (404 means none) and
 * stop when the existing status is the same; else POST `{description, key, name, state, url}`.
 * Auth: bearer token, else basic with username and password.
 */
export function buildBitbucketServer(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  const commits = bitbucketServerCommitsUrl(address);
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  const token = provider.token ?? "";
  if (token === "" && (!provider.username || !provider.password)) {
    throw new ProviderConfigError(
      "invalid credentials, expected to be one of username/password or API Token",
    );
  }
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  let sha: string;
  try {
    sha = requireCommit(event);
  } catch (err) {
    throw new NotificationEventError(`could not parse revision: ${(err as Error).message}`, { cause: err });
  }
  const state = bitbucketState(
    event.severity,
    "couldn't convert to bitbucket server state: bitbucket server state generated on info or error events only",
  );
  const nd = nameAndDescription(event);
  const name = `${nd.name} [${nd.description}]`;
  const description = nd.description;
  const key = toHex(sha1(provider.commitStatus));
  const url = `${commits}/${sha}/builds`;
  const headers = {
    Authorization:
      token !== "" ? `Bearer ${token}` : basicAuth(provider.username ?? "", provider.password ?? ""),
    "X-Atlassian-Token": "no-check",
    "X-Requested-With": "XMLHttpRequest",
  };
  const httpError = (prefix: string, status: number) =>
    new NotificationSendError(`${prefix}: ${status} - ${STATUS_TEXT[status] ?? ""}`, { status });
  const lookup: PlannedRequest = {
    method: "GET",
    url: `${url}?key=${encodeURIComponent(key)}`,
    headers,
    body: "",
    errorPrefix: "could not get existing commit status",
    check: (response) => {
      if (response.status > 399 && response.status !== 404) {
        throw httpError("failed api call to check duplicate commit status", response.status);
      }
      if (response.status !== 200) return "continue";
      let existing: Record<string, unknown>;
      try {
        existing = JSON.parse(response.body);
      } catch (err) {
        throw new NotificationSendError(
          `could not unmarshal json response body for duplicate commit status: ${(err as Error).message}`,
        );
      }
      const same =
        existing?.key === key &&
        existing.state === state &&
        existing.description === description &&
        existing.name === name;
      return same ? "stop" : "continue";
    },
  };
  const post: PlannedRequest = {
    method: "POST",
    url,
    headers: { ...headers, "Content-Type": "application/json" },
    body: goEncode({
      description: description || undefined,
      key,
      name: name || undefined,
      state,
      url: address,
    }),
    errorPrefix: "could not post build status",
    check: (response) => {
      if (response.status > 399) throw httpError("could not post build commit status", response.status);
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [lookup, post] };
}

/** The Bitbucket Cloud API base (go-bitbucket's default). */
export const BITBUCKET_CLOUD_API = "https://api.bitbucket.org/2.0";

/**
 * `bitbucket` (Cloud): the token is `<username>:<app password>` (basic auth); skip `Progressing`;
 * `GET /repositories/<owner>/<repo>/commit/<sha>/statuses/build/<key>` and stop when state and
 * description are unchanged; else POST `{key, url, state, name, description}` to `.../statuses/build`.
 */
export function buildBitbucket(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const token = provider.token ?? "";
  if (token === "") throw new ProviderConfigError("bitbucket token cannot be empty");
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  const { id } = parseGitAddress(provider.address ?? "");
  const credentials = token.split(":");
  if (credentials.length !== 2)
    throw new ProviderConfigError("invalid token format, expected to be <user>:<password>");
  const repo = id.split("/");
  if (repo.length !== 2) throw new ProviderConfigError(`invalid repository id ${JSON.stringify(id)}`);
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  const sha = requireCommit(event);
  const state = bitbucketState(event.severity, "can't convert to bitbucket state");
  const { name, description } = nameAndDescription(event);
  const key = toHex(sha1(provider.commitStatus));
  const base = `${BITBUCKET_CLOUD_API}/repositories/${repo[0]}/${repo[1]}/commit/${sha}/statuses/build`;
  const headers = { Authorization: basicAuth(credentials[0], credentials[1]) };
  const lookup: PlannedRequest = {
    method: "GET",
    url: `${base}/${key}`,
    headers,
    body: "",
    check: (response) => {
      if (response.status === 404) return "continue";
      requireSuccess(response, "could not get commit status");
      try {
        const existing = JSON.parse(response.body);
        return existing?.state === state && existing?.description === description ? "stop" : "continue";
      } catch {
        return "continue";
      }
    },
  };
  const post: PlannedRequest = {
    method: "POST",
    url: base,
    headers: { ...headers, "Content-Type": "application/json" },
    body: goMarshal({ key, url: "https://bitbucket.org", state, name, description }),
    check: (response) => {
      requireSuccess(response);
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [lookup, post] };
}
