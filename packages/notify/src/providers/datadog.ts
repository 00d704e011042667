/**
 * `datadog`: an event through the Datadog Events API v1 (`POST <site>/api/v1/events`), authorised by
 * the `DD-API-KEY` header. Built from Flux's code and Datadog's API reference (the client library
 * serialises the request through a map, so the keys come out sorted).
 *
 * @module
 */

import { goMap, goMarshal } from "../go-json.js";
import { hostOf, jsonPost, metadataEntries, ProviderConfigError, splitUrl } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `datadog`: title, text, lower-cased tags, `source_type_name: fluxcd`, `alert_type` error or info. */
export function buildDatadog(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  if (!provider.token) throw new ProviderConfigError("token cannot be empty");
  const u = splitUrl(provider.address ?? "");
  if (u.scheme === "" || u.authority === "") {
    throw new ProviderConfigError(`failed to parse address ${JSON.stringify(provider.address ?? "")}`);
  }
  const o = event.involvedObject;
  const tags = [
    `flux_reporting_controller:${event.reportingController}`,
    `flux_reason:${event.reason}`,
    `kube_kind:${o.kind ?? ""}`,
    `kube_name:${o.name ?? ""}`,
    `kube_namespace:${o.namespace ?? ""}`,
    ...metadataEntries(event, options.metadataOrder).map(([k, v]) => `${k}:${v}`),
  ].map((t) => t.toLowerCase());
  const payload = goMap({
    alert_type: event.severity === "error" ? "error" : "info",
    date_happened: event.timestamp === "" ? -62135596800 : Math.floor(Date.parse(event.timestamp) / 1000),
    source_type_name: "fluxcd",
    tags,
    text: event.message,
    title: `Events from the ${o.kind ?? ""} ${o.name ?? ""}/${o.namespace ?? ""}`,
  });
  const url = `${u.scheme}//${hostOf(u)}/api/v1/events`;
  const headers = { Accept: "application/json", "Dd-Api-Key": provider.token };
  return {
    providerType: provider.type,
    requests: [
      { ...jsonPost(url, goMarshal(payload), headers), errorPrefix: "failed to post event to DataDog" },
    ],
  };
}
