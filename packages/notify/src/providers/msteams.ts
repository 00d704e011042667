/**
 * `msteams`: an Adaptive Card for Teams workflow webhooks, or the legacy MessageCard for Office 365
 * connector URLs (`*.webhook.office.com`).
 *
 * @module
 */

import { compareUtf8, goMarshal } from "../go-json.js";
import { hostOf, jsonPost, metadataEntries, objectLabel, requireRequestUri, splitUrl } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `msteams`: the card format is chosen from the webhook host, as Flux does. */
export function buildMSTeams(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "MS Teams webhook URL");
  const host = hostOf(splitUrl(address)).split(":")[0];
  const label = objectLabel(event);
  const payload = host.endsWith(".webhook.office.com")
    ? connectorCard(options, label)
    : adaptiveCard(options, label);
  return {
    providerType: provider.type,
    requests: [{ ...jsonPost(address, goMarshal(payload)), errorPrefix: "postMessage failed" }],
  };
}

function connectorCard(options: BuildNotificationOptions, label: string): Record<string, unknown> {
  const { event } = options;
  return {
    "@type": "MessageCard",
    "@context": "http://schema.org/extensions",
    themeColor: event.severity === "error" ? "FF0000" : "0076D7",
    summary: label,
    sections: [
      {
        activityTitle: event.message,
        activitySubtitle: label,
        facts: metadataEntries(event, options.metadataOrder).map(([name, value]) => ({ name, value })),
      },
    ],
  };
}

function adaptiveCard(options: BuildNotificationOptions, label: string): Record<string, unknown> {
  const { event } = options;
  // `summary` first, then the other keys sorted (Flux sorts these itself, so the order is fixed).
  const metadata = event.metadata ?? {};
  const facts: { title: string; value: string }[] = [];
  if (Object.hasOwn(metadata, "summary")) facts.push({ title: "summary", value: metadata.summary });
  const rest = Object.keys(metadata)
    .filter((k) => k !== "summary")
    .sort(compareUtf8)
    .map((title) => ({ title, value: metadata[title] }));
  facts.push(...rest);
  const message: Record<string, unknown> = { type: "TextBlock", text: event.message || undefined };
  if (event.severity === "error") message.color = "attention";
  message.wrap = true;
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            {
              type: "Container",
              items: [
                { type: "TextBlock", text: label || undefined, size: "large", weight: "bolder", wrap: true },
                message,
                { type: "FactSet", facts: facts.length > 0 ? facts : undefined },
              ],
            },
          ],
          msteams: { width: "Full" },
        },
      },
    ],
  };
}
