/** A source of the current time. Pass one wherever time matters so runs can be made deterministic. */
export interface Clock {
  now(): Date;
}

/** The real time (`new Date()`). */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `date` (a Date, an ISO string or epoch milliseconds). */
export function fixedClock(date: Date | string | number): Clock {
  const ms = new Date(date).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`fixedClock: invalid date ${JSON.stringify(String(date))}`);
  return { now: () => new Date(ms) };
}

/** A clock that only moves when told to: for tests of intervals, timeouts and transition times. */
export interface ManualClock extends Clock {
  /** Move forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jump to a point in time. */
  set(date: Date | string | number): void;
}

/** A {@link ManualClock} starting at `start`. */
export function manualClock(start: Date | string | number): ManualClock {
  let ms = fixedClock(start).now().getTime();
  return {
    now: () => new Date(ms),
    advance: (delta) => {
      ms += delta;
    },
    set: (date) => {
      ms = fixedClock(date).now().getTime();
    },
  };
}

/**
 * Format a time as Kubernetes serialises `metav1.Time`: RFC 3339 in UTC, whole seconds
 * (`2024-05-01T12:00:00Z`).
 */
export function formatKubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
