/**
 * notification-controller's event server: each event a controller records is cleaned, rate-limited
 * (duplicates within five minutes are dropped, as Flux does), matched against the Alerts in the cluster
 * and sent to their Providers, here the local webhook receiver.
 */
import type { Clock, ClusterAdapter } from "@gitops-kit/core";
import { dispatchEvent, type Event, EventRateLimiter } from "@gitops-kit/notify";
import type { EventRecorder } from "./runtime.js";

/** What became of the recorded events. */
export interface NotificationLog {
  /** Every event recorded, in order. */
  events: Event[];
  /** Events sent to at least one provider. */
  sent: number;
  /** Duplicates dropped by the rate limiter. */
  duplicates: number;
  /** Events no Alert matched (e.g. before the Alert existed). */
  unmatched: number;
  /** Provider failures, with the reason. */
  failures: string[];
}

/** An event recorder that dispatches to the cluster's Alerts and logs the outcome. */
export function createNotifier(options: { cluster: ClusterAdapter; clock: Clock }): {
  record: EventRecorder;
  log: NotificationLog;
} {
  const log: NotificationLog = { events: [], sent: 0, duplicates: 0, unmatched: 0, failures: [] };
  const rateLimiter = new EventRateLimiter({ clock: options.clock });
  const record: EventRecorder = async (event) => {
    log.events.push(event);
    const result = await dispatchEvent({ event, cluster: options.cluster, rateLimiter });
    if (result.status === 429) log.duplicates++;
    else if (result.notifications.length === 0) log.unmatched++;
    for (const n of result.notifications) {
      if (n.outcome === "sent") log.sent++;
      else if (n.outcome === "failed")
        log.failures.push(`${n.alert} -> ${n.provider}: ${n.error ?? n.reason}`);
    }
  };
  return { record, log };
}
