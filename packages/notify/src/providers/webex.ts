/**
 * `webex`: a Markdown message to a room (`channel` is the room id), authorised by the bot token.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, objectLabel, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `webex`: `{roomId, markdown}`. */
export function buildWebex(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Webex hook URL");
  const emoji = event.severity === "error" ? "💣" : "✅";
  let markdown = `${emoji} **${objectLabel(event)}**\n${event.message}\n`;
  for (const [k, v] of metadataEntries(event, options.metadataOrder)) markdown += `>**${k}**: ${v}\n`;
  const payload = { roomId: provider.channel || undefined, markdown: markdown || undefined };
  return {
    providerType: provider.type,
    requests: [
      {
        ...jsonPost(address, goMarshal(payload), { Authorization: `Bearer ${provider.token ?? ""}` }),
        errorPrefix: "postMessage failed",
      },
    ],
  };
}
