/**
 * `telegram`: a MarkdownV2 message through the Bot API. The token is part of the URL, as the Bot API
 * requires; `channel` is the chat id, optionally `<chat id>:<thread id>` for forum topics.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, ProviderConfigError } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** The Bot API base Flux uses; tests may point a provider elsewhere with `address`. */
export const TELEGRAM_API = "https://api.telegram.org";

/** Escape Telegram MarkdownV2's reserved characters with a backslash. */
export function escapeTelegram(text: string): string {
  return text.replace(/[\\.\-_[\]()~>`#+=|{}!*]/g, (c) => `\\${c}`);
}

/**
 * `telegram`: `POST <api>/bot<token>/sendMessage`. Flux always talks to api.telegram.org; a provider
 * `address` here replaces that base (a test server, a Bot API proxy).
 */
export function buildTelegram(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const channel = provider.channel ?? "";
  const token = provider.token ?? "";
  if (channel === "") throw new ProviderConfigError("empty Telegram channel");
  if (token === "") throw new ProviderConfigError("empty Telegram token");
  const o = event.involvedObject;
  const emoji = event.severity === "error" ? "🚨" : "💫";
  const heading = `${emoji} ${(o.kind ?? "").toLowerCase()}/${o.name ?? ""}/${o.namespace ?? ""}`;
  let metadata = "";
  for (const [k, v] of metadataEntries(event, options.metadataOrder)) {
    metadata += `\\- *${escapeTelegram(k)}*: ${escapeTelegram(v)}\n`;
  }
  const text = `*${escapeTelegram(heading)}*\n${escapeTelegram(event.message)}\n${metadata}`;
  const colon = channel.indexOf(":");
  const payload = {
    chat_id: colon >= 0 ? channel.slice(0, colon) : channel,
    message_thread_id: colon >= 0 && channel.slice(colon + 1) !== "" ? channel.slice(colon + 1) : undefined,
    text,
    parse_mode: "MarkdownV2",
  };
  const base = (provider.address || TELEGRAM_API).replace(/\/+$/, "");
  return {
    providerType: provider.type,
    requests: [jsonPost(`${base}/bot${token}/sendMessage`, goMarshal(payload))],
  };
}
