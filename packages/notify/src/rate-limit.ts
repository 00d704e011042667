/**
 * Duplicate suppression for incoming events, as the notification-controller's event server does it:
 * events with the same key (object, message and the revision / token metadata) are let through once
 * per interval (5 minutes by default) and refused (HTTP 429) otherwise. The clock is injectable.
 *
 * @module
 */

import { type Clock, sha256Hex, systemClock } from "@gitops-kit/core";
import { type Event, involvedObjectGroup } from "./event.js";

/**
 * The rate-limit key of an event: hex SHA-256 of
 * `event/name=<n>/namespace=<ns>/kind=<k>/message=<msg>`, followed by `/originRevision=<v>`,
 * `/revision=<v>` and `/token=<v>` for each of the metadata keys `<involved object group>/originRevision`,
 * `/revision`, `/token` that the event carries (before any metadata merge).
 */
export function eventRateLimitKey(event: Event): string {
  const o = event.involvedObject;
  const parts = [
    "event",
    `name=${o.name ?? ""}`,
    `namespace=${o.namespace ?? ""}`,
    `kind=${o.kind ?? ""}`,
    `message=${event.message}`,
  ];
  const group = involvedObjectGroup(event);
  const metadata = event.metadata ?? {};
  for (const key of ["originRevision", "revision", "token"]) {
    const full = `${group}/${key}`;
    if (Object.hasOwn(metadata, full)) parts.push(`${key}=${metadata[full]}`);
  }
  return sha256Hex(parts.join("/"));
}

/** Options of {@link EventRateLimiter}. */
export interface EventRateLimiterOptions {
  /** The window in milliseconds (default 5 minutes, Flux's `--rate-limit-interval`). */
  intervalMs?: number;
  /** Events allowed per key and window (default 1). */
  tokens?: number;
  clock?: Clock;
}

interface Bucket {
  start: number;
  tick: number;
  available: number;
  lastUsed: number;
}

/**
 * A per-key token bucket refilled at fixed interval boundaries counted from the key's first event
 * (go-limiter's memory store, which the controller uses). Idle keys are forgotten after two intervals.
 */
export class EventRateLimiter {
  readonly intervalMs: number;
  readonly tokens: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(options: EventRateLimiterOptions = {}) {
    this.intervalMs = options.intervalMs ?? 5 * 60 * 1000;
    this.tokens = options.tokens ?? 1;
    if (!(this.intervalMs > 0) || !(this.tokens >= 1)) {
      throw new RangeError("EventRateLimiter: intervalMs must be > 0 and tokens >= 1");
    }
    this.#clock = options.clock ?? systemClock;
  }

  /** Take a token for the event: true when it may be dispatched, false when it is a duplicate (HTTP 429). */
  allow(event: Event): boolean {
    return this.allowKey(eventRateLimitKey(event));
  }

  /** {@link allow} for a precomputed key. */
  allowKey(key: string): boolean {
    const now = this.#clock.now().getTime();
    this.#sweep(now);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { start: now, tick: 0, available: this.tokens, lastUsed: now };
      this.#buckets.set(key, bucket);
    }
    const tick = Math.floor((now - bucket.start) / this.intervalMs);
    if (tick > bucket.tick) {
      bucket.tick = tick;
      bucket.available = this.tokens;
    }
    bucket.lastUsed = now;
    if (bucket.available <= 0) return false;
    bucket.available--;
    return true;
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.intervalMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.lastUsed > 2 * this.intervalMs) this.#buckets.delete(key);
    }
  }
}
