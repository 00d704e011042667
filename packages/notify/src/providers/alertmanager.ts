/**
 * `alertmanager`: one firing alert (`POST /api/v2/alerts`) whose labels are the event's metadata plus
 * the object, reason and severity; `summary` becomes an annotation.
 *
 * @module
 */

import { goMap, goMarshal } from "../go-json.js";
import { basicAuth, jsonPost, requireRequestUri, titleCase } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `alertmanager`: labels `alertname: Flux<Kind><Reason title-cased>`, severity, reason, kind, name, namespace. */
export function buildAlertmanager(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Alertmanager URL");
  const o = event.involvedObject;
  const metadata = { ...(event.metadata ?? {}) };
  const annotations: Record<string, string> = { message: event.message };
  if (Object.hasOwn(metadata, "summary")) {
    annotations.summary = metadata.summary;
    delete metadata.summary;
  }
  const labels: Record<string, string> = {
    ...metadata,
    alertname: `Flux${o.kind ?? ""}${titleCase(event.reason)}`,
    severity: event.severity,
    reason: event.reason,
    kind: o.kind ?? "",
    name: o.name ?? "",
    namespace: o.namespace ?? "",
    reportingcontroller: event.reportingController,
  };
  const payload = [
    {
      status: "firing",
      labels: goMap(labels),
      annotations: goMap(annotations),
      startsAt: event.timestamp || "0001-01-01T00:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
    },
  ];
  // Flux installs one request modifier and the last one wins: basic auth over the token.
  const headers: Record<string, string> = {};
  if (provider.username && provider.password)
    headers.Authorization = basicAuth(provider.username, provider.password);
  else if (provider.token) headers.Authorization = `Bearer ${provider.token}`;
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload), headers), errorPrefix: "postMessage failed" }],
  };
}
