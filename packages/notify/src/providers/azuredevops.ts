/**
 * `azuredevops`: commit statuses through the Azure DevOps Git REST API (PAT as basic auth with an
 * empty user). Built from Flux's code and Microsoft's API reference; the address is the repository
 * URL `https://dev.azure.com/<org>/<project>/_git/<repo>`. Workload identity is not supported here:
 * pass a token.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import {
  basicAuth,
  NotificationEventError,
  nameAndDescription,
  ProviderConfigError,
  parseGitAddress,
  requireCommit,
} from "./common.js";
import { requireSuccess } from "./errors.js";
import type { BuildNotificationOptions, NotificationPlan, PlannedRequest } from "./types.js";

const API_VERSION = "6.0-preview.1";

/**
 * `azuredevops`: skip `Progressing`; list the commit's statuses and stop when the first one with the
 * same context name and genre has the same state and description; else POST
 * `{context: {genre, name}, description, state}` (state `succeeded` or `error`; genre `fluxcd`, or
 * `fluxcd:<summary>` when the event has a `summary`).
 */
export function buildAzureDevOps(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const token = provider.token ?? "";
  if (token === "")
    throw new ProviderConfigError(
      "failed to acquire azure devops token: no token given (workload identity is not supported)",
    );
  const { host, id } = parseGitAddress(provider.address ?? "");
  if (!provider.commitStatus) throw new ProviderConfigError("commit status cannot be empty");
  const parts = id.split("/");
  if (parts.length !== 4) throw new ProviderConfigError(`invalid repository id ${JSON.stringify(id)}`);
  const [org, project, , repo] = parts;
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  const sha = requireCommit(event);
  const state = event.severity === "info" ? "succeeded" : event.severity === "error" ? "error" : undefined;
  if (state === undefined) throw new NotificationEventError("can't convert to azure devops state");
  const summary = event.metadata?.summary;
  const genre = summary !== undefined ? `fluxcd:${summary}` : "fluxcd";
  const { description } = nameAndDescription(event);
  const name = provider.commitStatus;
  const url = `${host}/${org}/${project}/_apis/git/repositories/${repo}/commits/${sha}/statuses`;
  const headers = {
    Accept: `application/json;api-version=${API_VERSION}`,
    Authorization: basicAuth("", token),
  };
  const list: PlannedRequest = {
    method: "GET",
    url,
    headers,
    body: "",
    check: (response) => {
      requireSuccess(response, "could not list commit statuses");
      let statuses: unknown[] = [];
      try {
        const parsed = JSON.parse(response.body);
        statuses = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.value) ? parsed.value : [];
      } catch {
        statuses = [];
      }
      for (const s of statuses as {
        context?: { name?: unknown; genre?: unknown };
        state?: unknown;
        description?: unknown;
      }[]) {
        const c = s?.context;
        if (!c || c.name == null || c.genre == null || s.state == null || s.description == null) continue;
        if (c.name === name && c.genre === genre) {
          return s.state === state && s.description === description ? "stop" : "continue";
        }
      }
      return "continue";
    },
  };
  const create: PlannedRequest = {
    method: "POST",
    url,
    headers: { ...headers, "Content-Type": "application/json" },
    body: goMarshal({ context: { genre, name }, description, state }),
    check: (response) => {
      requireSuccess(response, "could not create commit status");
      return "continue";
    },
  };
  return { providerType: provider.type, requests: [list, create] };
}
