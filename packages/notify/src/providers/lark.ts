/**
 * `lark`: an interactive card (Lark / Feishu custom bot webhooks).
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, objectLabel, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `lark`: `{msg_type: "interactive", card}`. */
export function buildLark(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Lark hook URL");
  const error = event.severity === "error";
  let content = `**${event.message}**\n\n`;
  for (const [k, v] of metadataEntries(event, options.metadataOrder)) content += `${k}: ${v}\n`;
  const payload = {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: {
        title: { tag: "plain_text", content: `${error ? "🚨" : "💫"} ${objectLabel(event)}` },
        template: error ? "red" : "turquoise",
      },
      elements: [{ tag: "div", text: { tag: "lark_md", content } }],
    },
  };
  return { providerType: provider.type, requests: [jsonPost(address, goMarshal(payload))] };
}
