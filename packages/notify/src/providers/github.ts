/**
 * `github` (commit statuses) and `githubdispatch` (repository_dispatch), through the REST API with
 * go-github's headers. GitHub Enterprise hosts get the `/api/v3/` layout, github.com uses
 * api.github.com.
 *
 * @module
 */

import { encodeEvent } from "../event.js";
import { goEncode, RawJson } from "../go-json.js";
import {
  NotificationEventError,
  nameAndDescription,
  ProviderConfigError,
  parseGitAddress,
  requireCommit,
  splitUrl,
} from "./common.js";
import { NotificationSendError, parseObjectArray } from "./errors.js";
import type {
  BuildNotificationOptions,
  NotificationPlan,
  NotificationResponse,
  PlannedRequest,
  ResponseVerdict,
} from "./types.js";

/** The REST API base for a repository host (go-github's `WithEnterpriseURLs` rule). */
export function githubApiBase(host: string): string {
  const u = splitUrl(host);
  const hostname = u.authority.replace(/^\/\//, "");
  if (hostname === "github.com") return "https://api.github.com/";
  let path = u.path.endsWith("/") ? u.path : `${u.path}/`;
  if (!path.endsWith("/api/v3/") && !hostname.startsWith("api.") && !hostname.includes(".api."))
    path += "api/v3/";
  return `${u.scheme}${u.authority}${path}`;
}

interface GitHubRepo {
  api: string;
  owner: string;
  repo: string;
  headers: Record<string, string>;
}

function githubRepo(options: BuildNotificationOptions): GitHubRepo {
  const { provider } = options;
  // The token falls back to the Secret's password, as Flux does.
  const token = provider.token || provider.password || "";
  if (token === "") throw new ProviderConfigError("github token or github app details must be specified");
  const { host, id } = parseGitAddress(provider.address ?? "");
  const parts = id.split("/");
  if (parts.length !== 2) throw new ProviderConfigError(`invalid repository id: '${id}'`);
  return {
    api: githubApiBase(host),
    owner: parts[0],
    repo: parts[1],
    headers: {
      Accept: "application/vnd.github.v3+json",
      Authorization: `Bearer ${token}`,
      "User-Agent": "go-github/v64.0.0",
      "X-Github-Api-Version": "2022-11-28",
    },
  };
}

/** go-github's error for a non-2xx answer: `<prefix>: <method> <url>: <status> <message of the JSON body>`. */
function requireGitHubSuccess(
  response: NotificationResponse,
  prefix: string,
  method: string,
  url: string,
): void {
  if (response.status >= 200 && response.status < 300) return;
  let message = "";
  try {
    const parsed = JSON.parse(response.body) as { message?: unknown };
    if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // not JSON: no message
  }
  throw new NotificationSendError(`${prefix}: ${method} ${url}: ${response.status} ${message}`.trimEnd(), {
    status: response.status,
  });
}

const escapeRef = (ref: string) => ref.split("/").map(encodeURIComponent).join("/");

/**
 * `github`: skip `Progressing`; read the commit from the revision; list the commit's statuses and
 * stop when the newest one with the same context has the same state and description; else create it.
 */
export function buildGitHub(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  const repo = githubRepo(options);
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  const sha = requireCommit(event);
  const state = event.severity === "info" ? "success" : event.severity === "error" ? "failure" : undefined;
  if (state === undefined) throw new NotificationEventError("can't convert to github state");
  const { description } = nameAndDescription(event);
  const context = provider.commitStatus;
  const base = `${repo.api}repos/${repo.owner}/${repo.repo}`;
  const listUrl = `${base}/commits/${escapeRef(sha)}/statuses?per_page=50`;
  const list: PlannedRequest = {
    method: "GET",
    url: listUrl,
    headers: { ...repo.headers },
    body: "",
    check: (response): ResponseVerdict => {
      requireGitHubSuccess(response, "could not list commit statuses", "GET", listUrl);
      for (const s of parseObjectArray(response.body)) {
        if (typeof s.context !== "string" || typeof s.state !== "string" || typeof s.description !== "string")
          continue;
        if (s.context === context)
          return s.state === state && s.description === description ? "stop" : "continue";
      }
      return "continue";
    },
  };
  const createUrl = `${base}/statuses/${escapeRef(sha)}`;
  const create: PlannedRequest = {
    method: "POST",
    url: createUrl,
    headers: { ...repo.headers, "Content-Type": "application/json" },
    body: goEncode({ state, description, context }, { escapeHTML: false }),
    check: (response) => {
      requireGitHubSuccess(response, "could not create commit status", "POST", createUrl);
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [list, create] };
}

/** `githubdispatch`: `repository_dispatch` with `event_type` `<Kind>/<name>.<namespace>` and the event as payload. */
export function buildGitHubDispatch(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const repo = githubRepo(options);
  const o = event.involvedObject;
  const url = `${repo.api}repos/${repo.owner}/${repo.repo}/dispatches`;
  const body = goEncode(
    {
      event_type: `${o.kind ?? ""}/${o.name ?? ""}.${o.namespace ?? ""}`,
      client_payload: new RawJson(encodeEvent(event)),
    },
    { escapeHTML: false },
  );
  return {
    providerType: provider.type,
    requests: [
      {
        method: "POST",
        url,
        headers: { ...repo.headers, "Content-Type": "application/json" },
        body,
        check: (response) => {
          requireGitHubSuccess(response, "could not send github repository dispatch webhook", "POST", url);
          return "continue";
        },
      },
    ],
  };
}
