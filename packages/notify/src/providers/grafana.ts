/**
 * `grafana`: an annotation (`POST /api/annotations`) tagged with the controller, the metadata and the
 * object; `:` in tags becomes `|` because Grafana reads `key:value` tags specially.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import { basicAuth, jsonPost, metadataEntries, objectLabel, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `grafana`: `{when, text, tags}`; bearer token, else basic auth with username and password. */
export function buildGrafana(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Grafana URL");
  const o = event.involvedObject;
  const tags = ["flux", event.reportingController];
  for (const [k, v] of metadataEntries(event, options.metadataOrder)) {
    tags.push(`${k.replaceAll(":", "|")}: ${v.replaceAll(":", "|")}`);
  }
  tags.push(`kind: ${o.kind ?? ""}`, `name: ${o.name ?? ""}`, `namespace: ${o.namespace ?? ""}`);
  const when = event.timestamp === "" ? -62135596800 : Math.floor(Date.parse(event.timestamp) / 1000);
  const headers: Record<string, string> = {};
  if (provider.token) headers.Authorization = `Bearer ${provider.token}`;
  else if (provider.username && provider.password)
    headers.Authorization = basicAuth(provider.username, provider.password);
  const payload = { when, text: objectLabel(event), tags };
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload), headers), errorPrefix: "postMessage failed" }],
  };
}
