/**
 * Slack and the providers that speak Slack's attachment format: `slack`, `discord` (Discord's
 * `/slack` compatible endpoint) and `rocket` (Rocket.Chat incoming webhooks).
 *
 * @module
 */

import type { Event } from "../event.js";
import { goMarshal } from "../go-json.js";
import { joinPath, jsonPost, metadataEntries, objectLabel, requireRequestUri, splitUrl } from "./common.js";
import { NotificationSendError } from "./errors.js";
import type {
  BuildNotificationOptions,
  NotificationPlan,
  NotificationResponse,
  ResponseVerdict,
} from "./types.js";

const SLACK_API = "https://slack.com/api/chat.postMessage";

function attachmentPayload(
  event: Event,
  options: BuildNotificationOptions,
  channel: string,
  username: string,
  color: string,
  fallback: string,
): Record<string, unknown> {
  const fields = metadataEntries(event, options.metadataOrder).map(([title, value]) => ({
    title,
    value,
    short: false,
  }));
  return {
    channel,
    username,
    icon_url: "",
    icon_emoji: "",
    attachments: [
      {
        fallback,
        color,
        author_name: objectLabel(event),
        text: event.message,
        mrkdwn_in: ["text"],
        fields,
      },
    ],
  };
}

/** Slack's API answers 200 with `{"ok": false, "error": ...}` on failure; Flux checks only that field. */
function checkSlackApi(response: NotificationResponse): ResponseVerdict {
  let parsed: { ok?: unknown; error?: unknown };
  try {
    parsed = JSON.parse(response.body);
  } catch (err) {
    throw new NotificationSendError(
      `request failed: unable to unmarshal response body: ${(err as Error).message}`,
    );
  }
  if (parsed.ok === true) return "continue";
  const reason = typeof parsed.error === "string" ? parsed.error : "";
  throw new NotificationSendError(`request failed: Slack responded with error: ${reason}`);
}

/** `slack`: an attachment with the metadata as fields; a token is sent as a bearer (for `chat.postMessage`). */
export function buildSlack(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Slack hook URL");
  const color = event.severity === "error" ? "danger" : "good";
  const label = objectLabel(event);
  const payload = attachmentPayload(
    event,
    options,
    provider.channel ?? "",
    provider.username || event.reportingController,
    color,
    `${label}: ${event.message.split("\n")[0]}`,
  );
  const headers: Record<string, string> = {};
  if (provider.token) headers.Authorization = `Bearer ${provider.token}`;
  const request = { ...jsonPost(address, goMarshal(payload), headers), errorPrefix: "postMessage failed" };
  return {
    providerType: provider.type,
    requests: [address === SLACK_API ? { ...request, check: checkSlackApi } : request],
  };
}

/** `discord`: the Slack payload (no fallback, no channel) posted to `<address>/slack`. */
export function buildDiscord(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  let address = provider.address ?? "";
  requireRequestUri(address, "Discord hook URL");
  if (!address.endsWith("/slack")) {
    const u = splitUrl(address);
    address = `${u.scheme}${u.authority}${joinPath(u.path, "slack")}${u.query}${u.fragment}`;
  }
  const color = event.severity === "error" ? "danger" : "good";
  const payload = attachmentPayload(
    event,
    options,
    "",
    provider.username || event.reportingController,
    color,
    "",
  );
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload)), errorPrefix: "postMessage failed" }],
  };
}

/** `rocket`: the Slack payload with Rocket.Chat's colours. */
export function buildRocket(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Rocket hook URL");
  const color = event.severity === "error" ? "#FF0000" : "#0076D7";
  const payload = attachmentPayload(
    event,
    options,
    provider.channel ?? "",
    provider.username ?? "",
    color,
    "",
  );
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload)), errorPrefix: "postMessage failed" }],
  };
}
