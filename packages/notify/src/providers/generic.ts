/**
 * `generic` and `generic-hmac`: the event JSON posted as is, with `Gotk-Component` and the provider's
 * headers; `generic-hmac` adds `X-Signature: sha256=<hex HMAC-SHA256 of the body keyed by the token>`.
 *
 * @module
 */

import { hmac, toHex } from "@gitops-kit/core";
import { encodeEvent } from "../event.js";
import { jsonPost, ProviderConfigError, requireRequestUri, setHeader } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

function forward(options: BuildNotificationOptions, hmacKey: string | undefined): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "hook URL");
  const body = encodeEvent(event);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  setHeader(headers, "gotk-component", event.reportingController);
  for (const [k, v] of Object.entries(provider.headers ?? {})) setHeader(headers, k, v);
  if (hmacKey !== undefined)
    setHeader(
      headers,
      "X-Signature",
      `sha256=${toHex(hmac({ algorithm: "sha256", key: hmacKey, data: body }))}`,
    );
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, body, headers), errorPrefix: "postMessage failed" }],
  };
}

/** `generic`: forward the event JSON. */
export function buildGeneric(options: BuildNotificationOptions): NotificationPlan {
  return forward(options, undefined);
}

/** `generic-hmac`: forward the event JSON signed with the token. */
export function buildGenericHmac(options: BuildNotificationOptions): NotificationPlan {
  const key = options.provider.token ?? "";
  if (key === "") throw new ProviderConfigError("HMAC key is empty");
  return forward(options, key);
}
