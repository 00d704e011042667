/**
 * `googlechat`: a card with the object as title, the controller as subtitle, the message (red for
 * errors) and the metadata as key/value widgets.
 *
 * @module
 */

import { goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, objectLabel, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `googlechat`: a Google Chat card message. */
export function buildGoogleChat(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Google Chat hook URL");
  const text = event.severity === "error" ? `<font color="#ff0000">${event.message}</font>` : event.message;
  const sections: Record<string, unknown>[] = [
    { header: "", widgets: [{ textParagraph: { text }, keyValue: null }] },
  ];
  const entries = metadataEntries(event, options.metadataOrder);
  if (entries.length > 0) {
    sections.push({
      header: "",
      widgets: entries.map(([k, v]) => ({
        textParagraph: null,
        keyValue: { topLabel: k, content: v, contentMultiline: false, bottomLabel: null, icon: null },
      })),
    });
  }
  const payload = {
    cards: [
      {
        header: {
          title: objectLabel(event),
          subtitle: event.reportingController,
          imageUrl: null,
          imageStyle: null,
        },
        sections,
      },
    ],
  };
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload)), errorPrefix: "postMessage failed" }],
  };
}
