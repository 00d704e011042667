/**
 * `sentry`: the event as a Sentry envelope (`POST <dsn host>/api/<project>/envelope/`). Error events
 * are sent as Sentry events with the metadata as context; info events as a transaction with one span
 * tagged with the object, controller and metadata. `channel` is the Sentry environment.
 *
 * Built from Flux's code and Sentry's envelope protocol. Event ids and the send time are random /
 * the current time unless given, so there is no byte-exact reference; Flux never reports a Sentry
 * delivery failure, and neither does the plan (any response continues).
 *
 * @module
 */

import { toHex } from "@gitops-kit/core";
import { goMap, goMarshal } from "../go-json.js";
import { jsonPost, metadataEntries, ProviderConfigError, splitUrl } from "./common.js";
import type { BuildNotificationOptions, NotificationPlan } from "./types.js";

const SDK = { name: "sentry.go", version: "0.31.1" };

/** The parts of a Sentry DSN (`https://<key>@<host>/<project>`). */
export function parseSentryDsn(dsn: string): { envelopeUrl: string; publicKey: string; secretKey?: string } {
  const u = splitUrl(dsn);
  const authority = u.authority.replace(/^\/\//, "");
  const at = authority.lastIndexOf("@");
  const segments = u.path.split("/").filter((s) => s !== "");
  const project = segments.pop();
  if (u.scheme === "" || at <= 0 || project === undefined || !/^\d+$/.test(project)) {
    throw new ProviderConfigError("invalid Sentry DSN: expected <scheme>://<key>@<host>/<project id>");
  }
  const [publicKey, secretKey] = authority.slice(0, at).split(":");
  const prefix = segments.length > 0 ? `/${segments.join("/")}` : "";
  return {
    envelopeUrl: `${u.scheme}//${authority.slice(at + 1)}${prefix}/api/${project}/envelope/`,
    publicKey,
    secretKey,
  };
}

function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(b);
  return toHex(b);
}

/** `sentry`: one envelope per event. */
export function buildSentry(options: BuildNotificationOptions): NotificationPlan {
  const { provider, event } = options;
  if (!provider.address) throw new ProviderConfigError("DSN cannot be empty");
  const dsn = parseSentryDsn(provider.address);
  const eventId = options.sentry?.eventId ?? randomHex(16);
  const sentAt = (options.sentry?.now ?? new Date()).toISOString();
  const o = event.involvedObject;
  const transaction = `${o.kind ?? ""}: ${o.namespace ?? ""}/${o.name ?? ""}`;
  const metadata = Object.fromEntries(metadataEntries(event, options.metadataOrder));
  const base = {
    event_id: eventId,
    environment: provider.channel || undefined,
    platform: "go",
    sdk: SDK,
    timestamp: event.timestamp || undefined,
  };
  let item: Record<string, unknown>;
  let type: string;
  if (event.severity === "error") {
    type = "event";
    item = {
      ...base,
      level: "error",
      message: event.message,
      server_name: event.reportingController,
      transaction,
      contexts: { metadata: goMap(metadata) },
    };
  } else {
    type = "transaction";
    const traceId = options.sentry?.eventId ?? randomHex(16);
    const spanId = traceId.slice(0, 16);
    const tags = goMap({
      flux_involved_object_kind: o.kind ?? "",
      flux_involved_object_namespace: o.namespace ?? "",
      flux_involved_object_name: o.name ?? "",
      flux_reporting_controller: event.reportingController,
      flux_reporting_instance: event.reportingInstance ?? "",
      flux_reason: event.reason,
      ...metadata,
    });
    item = {
      ...base,
      type: "transaction",
      transaction,
      message: event.message,
      start_timestamp: event.timestamp || undefined,
      contexts: { trace: { trace_id: traceId, span_id: spanId, op: "event" } },
      tags,
      spans: [
        {
          trace_id: traceId,
          span_id: spanId,
          op: "event",
          tags,
          start_timestamp: event.timestamp || undefined,
          timestamp: event.timestamp || undefined,
        },
      ],
    };
  }
  const payload = goMarshal(item);
  const header = goMarshal({ event_id: eventId, sent_at: sentAt, dsn: provider.address, sdk: SDK });
  const itemHeader = goMarshal({ type, length: new TextEncoder().encode(payload).length });
  const auth = [
    `sentry_version=7`,
    `sentry_client=${SDK.name}/${SDK.version}`,
    `sentry_key=${dsn.publicKey}`,
  ];
  if (dsn.secretKey) auth.push(`sentry_secret=${dsn.secretKey}`);
  const request = jsonPost(dsn.envelopeUrl, `${header}\n${itemHeader}\n${payload}\n`, {
    "Content-Type": "application/x-sentry-envelope",
    "X-Sentry-Auth": `Sentry ${auth.join(", ")}`,
  });
  return { providerType: provider.type, requests: [{ ...request, check: () => "continue" }] };
}
