/**
 * `opsgenie`: an alert whose alias identifies the object and reason per Provider, so Opsgenie groups
 * repeated notifications.
 *
 * @module
 */

import { sha256Hex } from "@gitops-kit/core";
import { goMap, goMarshal } from "../go-json.js";
import { jsonPost, ProviderConfigError, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `opsgenie`: `{message, alias, description, details}` with `Authorization: GenieKey <token>`. */
export function buildOpsgenie(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Opsgenie hook URL");
  if (!provider.token) throw new ProviderConfigError("empty Opsgenie apikey/token");
  const o = event.involvedObject;
  const alias = sha256Hex(
    `${provider.providerUID ?? ""}/${o.kind ?? ""}/${o.namespace ?? ""}/${o.name ?? ""}/${event.reason}`,
  );
  const payload = {
    message: `${o.kind ?? ""}/${o.name ?? ""}`,
    alias,
    description: event.message,
    details: goMap({ ...(event.metadata ?? {}), severity: event.severity }),
  };
  return {
    providerType: provider.type,
    requests: [
      {
        ...jsonPost(address, goMarshal(payload), { Authorization: `GenieKey ${provider.token}` }),
        errorPrefix: "postMessage failed",
      },
    ],
  };
}
