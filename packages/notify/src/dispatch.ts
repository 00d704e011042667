/**
 * The notification-controller's event pipeline as one function: an incoming event is cleaned up,
 * rate limited, matched against every Alert, and for each matching Alert its Provider is resolved,
 * the provider-specific drop rules applied, the metadata merged and the notification built and sent.
 * Alerts, Providers, Secrets and involved objects come from a ClusterAdapter (or explicit lists).
 *
 * @module
 */

import {
  type ClusterAdapter,
  errorMessage,
  type HttpFetch,
  type Logger,
  redact,
  silentLogger,
} from "@gitops-kit/core";
import {
  type Alert,
  type AlertWarning,
  alertFromObject,
  cleanupEventMetadata,
  combineEventMetadata,
  type LabelLookup,
  matchAlert,
} from "./alert.js";
import { COMMIT_STATUS_UPDATE, EVENT_GROUP, type Event, involvedObjectGroup, parseEvent } from "./event.js";
import { type Provider, providerFromObject, resolveProvider, type SecretLookup } from "./provider.js";
import { buildNotification, defaultCommitStatus } from "./providers/registry.js";
import {
  CHANGE_REQUEST_PROVIDER_TYPES,
  COMMIT_STATUS_PROVIDER_TYPES,
  type MetadataOrder,
} from "./providers/types.js";
import type { EventRateLimiter } from "./rate-limit.js";
import { type FetchFactory, type RetryOptions, type SentRequest, sendNotification } from "./sender.js";

/** Options of {@link dispatchEvent}. */
export interface DispatchEventOptions {
  /** The event as received (JSON text or value) or already parsed. */
  event: Event | string | unknown;
  /** Source of Alerts, Providers, Secrets and involved-object labels. */
  cluster?: ClusterAdapter;
  /** The Alerts to consider (default: every Alert in `cluster`). */
  alerts?: readonly Alert[];
  /** The Providers (default: read from `cluster`). */
  providers?: readonly Provider[];
  /** Secret lookup (default: through `cluster`). */
  secrets?: SecretLookup;
  /** Labels of involved objects, for event sources with matchLabels (default: through `cluster`). */
  labels?: LabelLookup;
  /** Drop duplicates (HTTP 429) with Flux's key; none when absent. */
  rateLimiter?: EventRateLimiter;
  /** Refuse Alerts that take events from other namespaces (`--no-cross-namespace-refs`). */
  noCrossNamespaceRefs?: boolean;
  fetch?: HttpFetch;
  fetchFactory?: FetchFactory;
  retry?: RetryOptions;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  metadataOrder?: MetadataOrder;
  logger?: Logger;
}

/** What happened for one matching Alert. */
export interface DispatchOutcome {
  /** `<namespace>/<name>` of the Alert. */
  alert: string;
  /** `<namespace>/<name>` of its Provider. */
  provider: string;
  /**
   * `sent`; `skipped` (suspended Provider, a commit-status update for a chat provider, a plan with
   * nothing to send); `dropped` (a commit status provider and no commit, or a change request provider
   * without change request); `failed` (the error says why, secrets masked).
   */
  outcome: "sent" | "skipped" | "dropped" | "failed";
  reason?: string;
  error?: string;
  /** The requests sent and their responses. */
  exchanges?: SentRequest[];
}

/** The result of {@link dispatchEvent}. */
export interface DispatchResult {
  /** What the event server answers: 202 (accepted), 429 (duplicate), 400 (unreadable event). */
  status: 202 | 400 | 429;
  /** The event after cleanup, when it could be read. */
  event?: Event;
  notifications: DispatchOutcome[];
  /** Warnings the controller would record as Kubernetes events on the Alerts. */
  warnings: (AlertWarning & { alert: string })[];
}

const isCommitStatusProvider = (t: string) => (COMMIT_STATUS_PROVIDER_TYPES as readonly string[]).includes(t);
const isChangeRequestProvider = (t: string) =>
  (CHANGE_REQUEST_PROVIDER_TYPES as readonly string[]).includes(t);
const isGenericProvider = (t: string) => t === "generic" || t === "generic-hmac";

/** Dispatch one event to every Alert that takes it; all notifications are awaited. */
export async function dispatchEvent(options: DispatchEventOptions): Promise<DispatchResult> {
  const logger = options.logger ?? silentLogger;
  let incoming: Event;
  try {
    incoming = parseEvent(options.event, { source: "event" });
  } catch (err) {
    logger.error("decoding the event failed", { error: (err as Error).message });
    return { status: 400, notifications: [], warnings: [] };
  }
  const cleaned = cleanupEventMetadata(incoming);
  if (options.rateLimiter && !options.rateLimiter.allow(cleaned)) {
    logger.debug("discarding event, rate limiting duplicate events");
    return { status: 429, event: cleaned, notifications: [], warnings: [] };
  }
  const alerts = options.alerts ?? (await listAlerts(options.cluster));
  const labels = options.labels ?? (options.cluster ? clusterLabelLookup(options.cluster) : undefined);
  const warnings: DispatchResult["warnings"] = [];
  const matching: Alert[] = [];
  for (const alert of alerts) {
    const name = `${alert.metadata.namespace}/${alert.metadata.name}`;
    const result = await matchAlert({
      alert,
      event: cleaned,
      labels,
      onWarning: (w) => warnings.push({ ...w, alert: name }),
    });
    if (result.matched) matching.push(alert);
  }
  const notifications = await Promise.all(
    matching.map((alert) => notifyAlert(options, cleaned, alert, warnings)),
  );
  return { status: 202, event: cleaned, notifications, warnings };
}

async function listAlerts(cluster: ClusterAdapter | undefined): Promise<Alert[]> {
  if (!cluster) return [];
  const objects = await cluster.list({ apiVersion: "notification.toolkit.fluxcd.io/v1beta3", kind: "Alert" });
  return objects.map(alertFromObject);
}

function clusterLabelLookup(cluster: ClusterAdapter): LabelLookup {
  return async (ref) => {
    try {
      const obj = await cluster.get(ref);
      return obj.metadata.labels ?? {};
    } catch {
      return undefined;
    }
  };
}

async function findProvider(
  options: DispatchEventOptions,
  namespace: string,
  name: string,
): Promise<Provider> {
  if (options.providers) {
    const found = options.providers.find(
      (p) => p.metadata.namespace === namespace && p.metadata.name === name,
    );
    if (!found) throw new Error(`failed to read provider: providers "${name}" not found`);
    return found;
  }
  if (!options.cluster) throw new Error(`failed to read provider: providers "${name}" not found`);
  try {
    const obj = await options.cluster.get({
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Provider",
      namespace,
      name,
    });
    return providerFromObject(obj);
  } catch (err) {
    throw new Error(`failed to read provider: ${(err as Error).message}`);
  }
}

async function notifyAlert(
  options: DispatchEventOptions,
  event: Event,
  alert: Alert,
  warnings: DispatchResult["warnings"],
): Promise<DispatchOutcome> {
  const alertName = `${alert.metadata.namespace}/${alert.metadata.name}`;
  const providerName = `${alert.metadata.namespace}/${alert.spec.providerRef.name}`;
  const outcome = (o: Omit<DispatchOutcome, "alert" | "provider">): DispatchOutcome => ({
    alert: alertName,
    provider: providerName,
    ...o,
  });
  const o = event.involvedObject;
  if (options.noCrossNamespaceRefs && o.namespace !== alert.metadata.namespace) {
    return outcome({
      outcome: "failed",
      error: `discarding event, access denied to cross-namespace sources: alert '${alertName}' can't process event from '${o.kind}/${o.namespace}/${o.name}', cross-namespace references have been blocked`,
    });
  }
  let secrets: string[] = [];
  try {
    const provider = await findProvider(options, alert.metadata.namespace, alert.spec.providerRef.name);
    const type = provider.spec.type;
    if (provider.spec.suspend) return outcome({ outcome: "skipped", reason: "provider suspended" });
    const metadata = event.metadata ?? {};
    // The commit status flag is set by the emitting controller under its own group; the commit and
    // change request keys come from object annotations (event.toolkit.fluxcd.io/...).
    const commitStatusUpdate =
      metadata[`${involvedObjectGroup(event)}/commit_status`] === COMMIT_STATUS_UPDATE;
    if (!isCommitStatusProvider(type) && !isGenericProvider(type) && commitStatusUpdate) {
      return outcome({ outcome: "skipped", reason: "commit status update" });
    }
    const hasCommit = (metadata[`${EVENT_GROUP}/commit`] ?? "") !== "";
    if (isCommitStatusProvider(type) && !hasCommit && !commitStatusUpdate && event.severity !== "error") {
      return outcome({ outcome: "dropped", reason: "missing commit metadata key" });
    }
    if (isChangeRequestProvider(type) && (metadata[`${EVENT_GROUP}/change_request`] ?? "") === "") {
      return outcome({ outcome: "dropped", reason: "missing change request metadata key" });
    }
    if (provider.spec.serviceAccountName) {
      throw new Error("workload identity (spec.serviceAccountName) is not supported by @gitops-kit/notify");
    }
    const notification = combineEventMetadata({
      event,
      alert,
      onWarning: (w) => warnings.push({ ...w, alert: alertName }),
    });
    const resolved = await resolveProvider({ provider, cluster: options.cluster, secrets: options.secrets });
    secrets = resolved.secrets;
    const settings = { ...resolved.settings };
    if (isCommitStatusProvider(type)) {
      if (provider.spec.commitStatusExpr) {
        throw new Error(
          "failed to create commit status: spec.commitStatusExpr (CEL) is not supported by @gitops-kit/notify",
        );
      }
      settings.commitStatus = defaultCommitStatus(provider.metadata.uid ?? "", notification);
    }
    const plan = buildNotification({
      provider: settings,
      event: notification,
      metadataOrder: options.metadataOrder,
    });
    if (plan.requests.length === 0)
      return outcome({ outcome: "skipped", reason: plan.skipped ?? "nothing to send" });
    const sent = await sendNotification({
      plan,
      fetch: options.fetch,
      fetchFactory: options.fetchFactory,
      transport: resolved.transport,
      retry: options.retry,
      sleep: options.sleep,
      timeoutMs: resolved.timeoutMs,
      secrets,
      logger: options.logger,
    });
    return outcome({
      outcome: sent.stopped && sent.exchanges.length < plan.requests.length ? "skipped" : "sent",
      reason: sent.stopped ? "already reported" : undefined,
      exchanges: sent.exchanges,
    });
  } catch (err) {
    const message = redact(errorMessage(err), secrets);
    (options.logger ?? silentLogger).error("failed to send notification", {
      alert: alertName,
      error: message,
    });
    return outcome({ outcome: "failed", error: message });
  }
}
