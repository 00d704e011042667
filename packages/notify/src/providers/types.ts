/**
 * The types of provider request building: the settings a notifier is made from, the HTTP requests
 * it sends, and the plan that strings several requests together (a commit status provider reads
 * the existing statuses first and stops when the status is already there).
 *
 * @module
 */

import type { Event } from "../event.js";

/** Every provider type of Flux's Provider API (v1beta3). */
export const PROVIDER_TYPES = [
  "slack",
  "discord",
  "msteams",
  "rocket",
  "generic",
  "generic-hmac",
  "github",
  "gitlab",
  "gitea",
  "giteapullrequestcomment",
  "bitbucketserver",
  "bitbucket",
  "azuredevops",
  "googlechat",
  "googlepubsub",
  "webex",
  "sentry",
  "azureeventhub",
  "telegram",
  "lark",
  "matrix",
  "opsgenie",
  "alertmanager",
  "grafana",
  "githubdispatch",
  "githubpullrequestcomment",
  "gitlabmergerequestcomment",
  "pagerduty",
  "datadog",
  "nats",
  "zulip",
  "otel",
  "zoom",
  "incident.io",
] as const;

/** A provider type name. */
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** The git providers that post commit statuses. */
export const COMMIT_STATUS_PROVIDER_TYPES = [
  "github",
  "gitlab",
  "gitea",
  "bitbucketserver",
  "bitbucket",
  "azuredevops",
] as const;

/** The providers that comment on pull / merge requests (they need the `change_request` metadata key). */
export const CHANGE_REQUEST_PROVIDER_TYPES = [
  "githubpullrequestcomment",
  "gitlabmergerequestcomment",
  "giteapullrequestcomment",
] as const;

/**
 * What a notifier is made from: the Provider spec merged with its Secret (the controller's
 * `notifierOptions`). Secrets (`token`, `password`, header values) are only ever placed in requests.
 */
export interface ProviderSettings {
  type: string;
  /** Webhook URL, API base, repository URL, DSN... depending on the type. */
  address?: string;
  channel?: string;
  username?: string;
  password?: string;
  token?: string;
  /** Extra headers (generic providers), from the Secret's `headers` key. */
  headers?: Record<string, string>;
  /** `metadata.uid` of the Provider (Opsgenie alias, default commit status id). */
  providerUID?: string;
  /** The commit status id for git providers (see {@link defaultCommitStatus}). */
  commitStatus?: string;
}

/**
 * How providers that list metadata from a Go map order it. Flux iterates the map, so its order is
 * random; `sorted` (the default) lists keys in byte order, `insertion` in the order of the event's
 * metadata object.
 */
export type MetadataOrder = "sorted" | "insertion";

/** One HTTP request, exactly as the notifier sends it. */
export interface NotificationRequest {
  method: "GET" | "POST" | "PUT";
  url: string;
  /** Header names in Go's canonical form (`Content-Type`, `X-Signature`). */
  headers: Record<string, string>;
  /** The body bytes as text (`""` for none). */
  body: string;
}

/** The response to a request, as a plan's checks see it. */
export interface NotificationResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What to do after a response: go on with the next request, or stop (the work is already done). */
export type ResponseVerdict = "continue" | "stop";

/** A request of a plan, with the rule that judges its response. */
export interface PlannedRequest extends NotificationRequest {
  /**
   * Judge the response: `continue`, `stop`, or throw a {@link NotificationSendError} (imported from the
   * sender) to fail. Absent: any 2xx continues, anything else fails.
   */
  check?: (response: NotificationResponse) => ResponseVerdict;
  /** Flux's wording for a failure of this request (`postMessage failed`, `could not list commit statuses`). */
  errorPrefix?: string;
}

/** The requests one event turns into for one provider, in order. */
export interface NotificationPlan {
  providerType: string;
  requests: PlannedRequest[];
  /** Why nothing is sent, when `requests` is empty (e.g. a `Progressing` event for a commit status). */
  skipped?: string;
}

/** Options of {@link buildNotification}. */
export interface BuildNotificationOptions {
  provider: ProviderSettings;
  /** The event as the provider receives it (after the Alert's metadata merge). */
  event: Event;
  /** See {@link MetadataOrder}; default `sorted`. */
  metadataOrder?: MetadataOrder;
  /**
   * Sentry only: the event id and the clock reading for the envelope (random and "now" by default).
   */
  sentry?: { eventId?: string; now?: Date };
}

/** A request builder for one provider type. */
export type ProviderBuilder = (options: BuildNotificationOptions) => NotificationPlan;

/**
 * Provider types whose Flux notifier lists metadata by iterating a Go map, so that Flux's own output
 * orders those entries differently from one run to the next. For these, any order of the metadata
 * entries is Flux's output; the others (JSON maps, sorted lists) have one fixed order.
 */
export const METADATA_ORDER_VARIES: readonly string[] = [
  "slack",
  "discord",
  "rocket",
  "msteams",
  "googlechat",
  "webex",
  "telegram",
  "matrix",
  "lark",
  "grafana",
  "datadog",
  "sentry",
];
