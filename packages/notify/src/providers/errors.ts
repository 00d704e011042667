/**
 * The error a notification fails with when a provider answers badly or cannot be reached. The message
 * follows Flux's wording and never contains the provider's secrets (the sender masks them).
 *
 * @module
 */

import { GitOpsError } from "@gitops-kit/core";

/** Sending a notification failed. `status` is the last HTTP status, when there was a response. */
export class NotificationSendError extends GitOpsError {
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super("NOTIFICATION_SEND", message, options);
    this.status = options.status;
  }
}

/** Flux's default response rule for webhook posts: any 2xx status succeeds. */
export function postMessageCheck(response: { status: number; body: string }): "continue" {
  if (response.status >= 200 && response.status < 300) return "continue";
  throw new NotificationSendError(
    `request failed: request failed with status code ${response.status}: ${response.body}`,
    { status: response.status },
  );
}

/**
 * The 2xx rule of the git commit-status providers: any other status fails with
 * `<what>: <status> <body>` (just `<status> <body>` without `what`).
 */
export function requireSuccess(response: { status: number; body: string }, what?: string): void {
  if (response.status >= 200 && response.status < 300) return;
  const detail = `${response.status} ${response.body}`;
  throw new NotificationSendError((what === undefined ? detail : `${what}: ${detail}`).trimEnd(), {
    status: response.status,
  });
}

/** A JSON array body's object elements; anything else (not JSON, not an array) gives none. */
export function parseObjectArray(body: string): Record<string, unknown>[] {
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? parsed.filter((x) => typeof x === "object" && x !== null) : [];
  } catch {
    return [];
  }
}
