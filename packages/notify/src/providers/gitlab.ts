/**
 * `gitlab`: commit statuses through the GitLab REST API v4 (`PRIVATE-TOKEN` auth). Built from Flux's
 * code and GitLab's API reference; the address is the project URL.
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

/** GitLab's path escaping of a project id (`group/sub/project` → `group%2Fsub%2Fproject`, dots too). */
function escapeProject(id: string): string {
  return encodeURIComponent(id).replaceAll(".", "%2E");
}

/**
 * `gitlab`: skip `Progressing`; list the commit's statuses with the same name and stop when one has
 * the same state and description; else `POST /projects/<id>/statuses/<sha>` with
 * `{state, name, description}` (state `success` or `failed`).
 */
export function buildGitLab(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const token = provider.token || provider.password || "";
  if (token === "") throw new ProviderConfigError("gitlab token cannot be empty");
  const { host, id } = parseGitAddress(provider.address ?? "");
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  const sha = requireCommit(event);
  const state = event.severity === "info" ? "success" : event.severity === "error" ? "failed" : undefined;
  if (state === undefined) throw new NotificationEventError("can't convert to gitlab state");
  const { description } = nameAndDescription(event);
  const name = provider.commitStatus;
  const api = `${host}/api/v4/projects/${escapeProject(id)}`;
  const headers = { Accept: "application/json", "Private-Token": token, "User-Agent": "go-gitlab" };
  const list: PlannedRequest = {
    method: "GET",
    url: `${api}/repository/commits/${sha}/statuses?name=${encodeURIComponent(name)}`,
    headers,
    body: "",
    check: (response) => {
      requireSuccess(response, "unable to list commit status");
      for (const s of parseObjectArray(response.body)) {
        if (s.sha === sha && s.status === state && s.description === description && s.name === name)
          return "stop";
      }
      return "continue";
    },
  };
  const create: PlannedRequest = {
    method: "POST",
    url: `${api}/statuses/${sha}`,
    headers: { ...headers, "Content-Type": "application/json" },
    body: goMarshal({ state, name, description }),
    check: (response) => {
      requireSuccess(response, `POST ${api}/statuses/${sha}`);
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [list, create] };
}
