/**
 * `matrix`: a plain-text room message, sent with PUT under a transaction id derived from the event
 * (hex SHA-1 of its JSON), so a retried send is not posted twice.
 *
 * @module
 */

import { sha1, toHex } from "@gitops-kit/core";
import { encodeEvent } from "../event.js";
import { goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, objectLabel, requireRequestUri } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

/** `matrix`: `PUT <homeserver>/_matrix/client/r0/rooms/<room>/send/m.room.message/<txn id>`. */
export function buildMatrix(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  const address = provider.address ?? "";
  requireRequestUri(address, "Matrix homeserver URL");
  const txnId = toHex(sha1(encodeEvent(event)));
  const url = `${address}/_matrix/client/r0/rooms/${provider.channel ?? ""}/send/m.room.message/${txnId}`;
  const emoji = event.severity === "error" ? "🚨" : "💫";
  let metadata = "";
  for (const [k, v] of metadataEntries(event, options.metadataOrder)) metadata += `- ${k}: ${v}\n`;
  const body = `${emoji} ${objectLabel(event)}\n${event.message}\n${metadata}`;
  const request = jsonPost(url, goMarshal({ body, msgtype: "m.text" }), {
    Authorization: `Bearer ${provider.token ?? ""}`,
  });
  return {
    providerType: provider.type,
    requests: [{ ...request, method: "PUT", errorPrefix: "postMessage failed" }],
  };
}
