/**
 * Sending a notification plan over HTTP: Flux's retrying client (go-retryablehttp: up to 4 retries on
 * connection errors, 429 and 5xx other than 501, exponential backoff from 2 s to 30 s, `Retry-After`
 * honoured), an overall timeout (the Provider's `spec.timeout`, 15 s by default), and errors with
 * Flux's wording from which every secret is masked.
 *
 * Proxies and custom CAs are the fetch adapter's business: pass a `fetchFactory` (such as
 * `nodeFetchFactory()` from `@gitops-kit/notify/node`) and the transport settings.
 *
 * @module
 */

import {
  defaultFetch,
  errorMessage,
  type HttpFetch,
  type Logger,
  redact,
  silentLogger,
} from "@gitops-kit/core";
import { NotificationSendError, postMessageCheck } from "./providers/errors.js";
import type {
  NotificationPlan,
  NotificationRequest,
  NotificationResponse,
  PlannedRequest,
  ResponseVerdict,
} from "./providers/types.js";

/** How a request reaches its server, beyond the URL: a proxy and TLS material. */
export interface HttpTransportOptions {
  /** `http://[user:pass@]host:port` of an HTTP(S) proxy. */
  proxy?: string;
  /** PEM CA bundle to trust instead of the system roots. */
  caPem?: string;
  /** PEM client certificate and key for mutual TLS. */
  certPem?: string;
  keyPem?: string;
}

/** Makes a fetch that uses a proxy and / or TLS settings (runtime specific). */
export type FetchFactory = (options: HttpTransportOptions) => HttpFetch;

/** Retry settings; the defaults are Flux's. */
export interface RetryOptions {
  /** Retries after the first attempt (default 4, so at most 5 attempts). */
  max?: number;
  /** First wait (default 2000 ms), doubled each retry. */
  minWaitMs?: number;
  /** Longest wait (default 30000 ms). */
  maxWaitMs?: number;
}

/** Carries one request and returns its response; a transport failure rejects. */
export type Transport = (request: NotificationRequest, signal: AbortSignal) => Promise<NotificationResponse>;

/** Options of {@link executePlan}. */
export interface ExecutePlanOptions {
  plan: NotificationPlan;
  /** Sends one request (no retries at this level). */
  transport: Transport;
  retry?: RetryOptions;
  /** Wait between retries (default: a timer); tests pass a recorder. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Overall time limit for the whole plan, retries included (default 15000 ms; 0 = none). */
  timeoutMs?: number;
  /** Values masked in every error message and log line (tokens, passwords, secret addresses). */
  secrets?: readonly (string | undefined)[];
  logger?: Logger;
  signal?: AbortSignal;
}

/** One exchange of a sent plan. */
export interface SentRequest {
  request: NotificationRequest;
  response: NotificationResponse;
  /** How many attempts it took. */
  attempts: number;
}

/** What sending a plan did. */
export interface SendResult {
  exchanges: SentRequest[];
  /** True when a response ended the plan early (e.g. the commit status already existed). */
  stopped: boolean;
  skipped?: string;
}

/** Options of {@link sendNotification}. */
export interface SendNotificationOptions extends Omit<ExecutePlanOptions, "transport"> {
  /** The fetch to use (default: the runtime's global fetch). */
  fetch?: HttpFetch;
  /** Proxy and TLS settings, handed to `fetchFactory`. */
  transport?: HttpTransportOptions;
  /** Required when `transport` sets anything. */
  fetchFactory?: FetchFactory;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Send a plan over HTTP with Flux's retries, backoff and timeout. */
export async function sendNotification(options: SendNotificationOptions): Promise<SendResult> {
  const wantsTransport =
    options.transport !== undefined &&
    Object.values(options.transport).some((v) => v !== undefined && v !== "");
  let fetchFn: HttpFetch;
  if (wantsTransport) {
    if (!options.fetchFactory) {
      throw new NotificationSendError(
        "a proxy or TLS settings need a fetchFactory (e.g. nodeFetchFactory() from @gitops-kit/notify/node)",
      );
    }
    fetchFn = options.fetchFactory(options.transport!);
  } else {
    fetchFn = options.fetch ?? defaultFetch();
  }
  return executePlan({ ...options, transport: fetchTransport(fetchFn) });
}

/** A {@link Transport} over a fetch function. */
export function fetchTransport(fetchFn: HttpFetch): Transport {
  return async (request, signal) => {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      signal,
      redirect: "follow",
    };
    if (request.body !== "" || request.method !== "GET") init.body = request.body;
    const res = await fetchFn(request.url, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, body: await res.text() };
  };
}

/** Run a plan through a transport: each request in order, with retries, until the end or a `stop`. */
export async function executePlan(options: ExecutePlanOptions): Promise<SendResult> {
  const { plan } = options;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s !== "");
  const mask = (text: string) => redact(text, secrets);
  const logger = options.logger ?? silentLogger;
  const result: SendResult = { exchanges: [], stopped: false };
  if (plan.skipped !== undefined) result.skipped = plan.skipped;
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (const request of plan.requests) {
      const { response, attempts } = await sendWithRetries(
        request,
        options,
        controller.signal,
        () => timedOut,
        mask,
        logger,
      );
      result.exchanges.push({ request: stripPlan(request), response, attempts });
      let verdict: ResponseVerdict;
      try {
        verdict = (request.check ?? postMessageCheck)(response);
      } catch (err) {
        throw wrap(request, err, mask);
      }
      if (verdict === "stop") {
        result.stopped = true;
        break;
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  return result;
}

function stripPlan(request: PlannedRequest): NotificationRequest {
  return { method: request.method, url: request.url, headers: request.headers, body: request.body };
}

function wrap(request: PlannedRequest, err: unknown, mask: (s: string) => string): NotificationSendError {
  const message = errorMessage(err);
  const text = request.errorPrefix ? `${request.errorPrefix}: ${message}` : message;
  const status = err instanceof NotificationSendError ? err.status : undefined;
  // The cause is dropped on purpose: it may carry unmasked secrets.
  return new NotificationSendError(mask(text), { status });
}

/** go-retryablehttp's DefaultRetryPolicy for a response status. */
function retryableStatus(status: number): boolean {
  return status === 0 || status === 429 || (status >= 500 && status !== 501);
}

function backoffMs(
  attempt: number,
  response: NotificationResponse | undefined,
  retry: Required<RetryOptions>,
): number {
  if (response && (response.status === 429 || response.status === 503)) {
    const after = response.headers["retry-after"] ?? response.headers["Retry-After"];
    if (after !== undefined && /^\d+$/.test(after.trim())) return Number(after.trim()) * 1000;
  }
  const wait = retry.minWaitMs * 2 ** attempt;
  return Math.min(wait, retry.maxWaitMs);
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });

async function sendWithRetries(
  request: PlannedRequest,
  options: ExecutePlanOptions,
  signal: AbortSignal,
  timedOut: () => boolean,
  mask: (s: string) => string,
  logger: Logger,
): Promise<{ response: NotificationResponse; attempts: number }> {
  const retry: Required<RetryOptions> = {
    max: options.retry?.max ?? 4,
    minWaitMs: options.retry?.minWaitMs ?? 2000,
    maxWaitMs: options.retry?.maxWaitMs ?? 30_000,
  };
  const sleep = options.sleep ?? defaultSleep;
  const prefix = request.errorPrefix ? `${request.errorPrefix}: ` : "";
  const where = `${request.method} ${request.url}`;
  let lastError: unknown;
  let attempt = 0;
  for (;;) {
    attempt++;
    let response: NotificationResponse | undefined;
    lastError = undefined;
    try {
      response = await options.transport(request, signal);
    } catch (err) {
      lastError = err;
    }
    if (signal.aborted) {
      const why = timedOut() ? "context deadline exceeded" : "context canceled";
      throw new NotificationSendError(mask(`${prefix}failed to execute request: ${where}: ${why}`));
    }
    const retryable = lastError !== undefined || (response !== undefined && retryableStatus(response.status));
    if (!retryable) return { response: response!, attempts: attempt };
    logger.debug("notification request failed, will retry", {
      request: mask(where),
      attempt,
      status: response?.status,
      error: lastError === undefined ? undefined : mask(errorText(lastError)),
    });
    if (attempt > retry.max) {
      const cause = lastError === undefined ? "" : `: ${errorText(lastError)}`;
      throw new NotificationSendError(
        mask(`${prefix}failed to execute request: ${where} giving up after ${attempt} attempt(s)${cause}`),
        { status: response?.status },
      );
    }
    try {
      await sleep(backoffMs(attempt - 1, response, retry), signal);
    } catch {
      const why = timedOut() ? "context deadline exceeded" : "context canceled";
      throw new NotificationSendError(mask(`${prefix}failed to execute request: ${where}: ${why}`));
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error && cause.message !== err.message
      ? `${err.message}: ${cause.message}`
      : err.message;
  }
  return String(err);
}
