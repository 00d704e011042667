/**
 * `gitea`: commit statuses through the Gitea / Forgejo API v1 (`Authorization: token <token>`).
 * Unlike the other git providers, `Progressing` is reported, as `pending`. Built from Flux's code
 * and Gitea's API reference.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import {
  NotificationEventError,
  nameAndDescription,
  ProviderConfigError,
  parseGitAddress,
  requireCommit,
} from "./common.js";
import { parseObjectArray, requireSuccess } from "./errors.js";
import type { BuildNotificationOptions, NotificationPlan, PlannedRequest } from "./types.js";

/**
 * `gitea`: list the commit's statuses (newest first) and stop when the first one with the same context
 * has the same state and description; else `POST /repos/<owner>/<repo>/statuses/<sha>`.
 */
export function buildGitea(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  const token = provider.token || provider.password || "";
  if (token === "") throw new ProviderConfigError("gitea token cannot be empty");
  const { host, id } = parseGitAddress(provider.address ?? "");
  const parts = id.split("/");
  if (parts.length !== 2) throw new ProviderConfigError(`invalid repository id ${JSON.stringify(id)}`);
  const sha = requireCommit(event);
  let state: string;
  if (event.reason === "Progressing") state = "pending";
  else if (event.severity === "info") state = "success";
  else if (event.severity === "error") state = "failure";
  else throw new NotificationEventError("can't convert to gitea state");
  const { description } = nameAndDescription(event);
  const context = provider.commitStatus;
  const repo = `${host}/api/v1/repos/${encodeURIComponent(parts[0])}/${encodeURIComponent(parts[1])}`;
  const headers = { Authorization: `token ${token}` };
  const list: PlannedRequest = {
    method: "GET",
    url: `${repo}/commits/${sha}/statuses?limit=50&page=1`,
    headers,
    body: "",
    check: (response) => {
      requireSuccess(response, "could not list commit statuses");
      for (const s of parseObjectArray(response.body)) {
        if (!s.context || !s.status || !s.description) continue;
        if (s.context === context)
          return s.status === state && s.description === description ? "stop" : "continue";
      }
      return "continue";
    },
  };
  const create: PlannedRequest = {
    method: "POST",
    url: `${repo}/statuses/${sha}`,
    headers: { ...headers, "Content-Type": "application/json" },
    body: goMarshal({ state, target_url: "", description, context }),
    check: (response) => {
      requireSuccess(response, "could not create commit status");
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [list, create] };
}
