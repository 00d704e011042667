/**
 * `pagerduty`: Events API v2. Errors trigger an incident keyed by the object's UID; info events
 * resolve it and are recorded as change events. `channel` is the routing key.
 *
 * @module
 */

import { goMap, goMarshal } from "../go-json.js";
import { hostOf, jsonPost, nameAndDescription, requireRequestUri, splitUrl } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan, PlannedRequest } from "./types.js";

function pagerDutySeverity(severity: string): string {
  // Flux's switch has an empty `error` case, so error (and anything unknown) maps to "error".
  if (severity === "info") return "info";
  if (severity === "trace") return "info";
  return "error";
}

/** `pagerduty`: `/v2/enqueue` (trigger or resolve), then `/v2/change/enqueue` for info events. */
export function buildPagerDuty(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "PagerDuty endpoint URL");
  if (event.reason === "Progressing")
    return { providerType: provider.type, requests: [], skipped: "reason Progressing" };
  const u = splitUrl(address);
  const endpoint = `${u.scheme}//${hostOf(u)}`;
  const routingKey = provider.channel ?? "";
  const { name, description } = nameAndDescription(event);
  const summary = `${description}: ${name}`;
  const source = `Flux ${event.reportingController}`;
  const details = goMap({ message: event.message, metadata: event.metadata ? goMap(event.metadata) : null });
  const uid = event.involvedObject.uid || undefined;
  const v2 =
    event.severity === "error"
      ? {
          routing_key: routingKey,
          event_action: "trigger",
          dedup_key: uid,
          payload: {
            summary,
            source,
            severity: pagerDutySeverity(event.severity),
            timestamp: event.timestamp || undefined,
            component: event.involvedObject.name || undefined,
            group: event.involvedObject.kind || undefined,
            custom_details: details,
          },
        }
      : { routing_key: routingKey, event_action: "resolve", dedup_key: uid };
  const requests: PlannedRequest[] = [
    { ...jsonPost(`${endpoint}/v2/enqueue`, goMarshal(v2)), errorPrefix: "failed sending event" },
  ];
  if (event.severity === "info") {
    const change = {
      routing_key: routingKey,
      payload: { summary, source, timestamp: event.timestamp || undefined, custom_details: details },
    };
    requests.push({
      ...jsonPost(`${endpoint}/v2/change/enqueue`, goMarshal(change)),
      errorPrefix: "failed sending change event",
    });
  }
  return { providerType: provider.type, requests };
}
