/**
 * isomorphic-git's HTTP client over any `fetch` ({@link HttpFetch}), so Git over HTTP(S) works in every
 * runtime with the caller's fetch (proxies, custom TLS, test doubles).
 *
 * @module
 */
import { defaultFetch, type HttpFetch } from "@gitops-kit/core";
import { concat } from "../artifact/gzip.js";

/** A request as isomorphic-git makes it. */
export interface GitHttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  signal?: AbortSignal;
}

/** A response as isomorphic-git reads it. */
export interface GitHttpResponse {
  url: string;
  method: string;
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: AsyncIterableIterator<Uint8Array>;
}

/** isomorphic-git's `http` option. */
export interface GitHttpClient {
  request(request: GitHttpRequest): Promise<GitHttpResponse>;
}

async function collect(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body) {
    parts.push(part);
    size += part.length;
  }
  return concat(parts, size);
}

async function* chunks(response: Response): AsyncIterableIterator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Options of {@link fetchHttpClient}. */
export interface FetchHttpClientOptions {
  /** The fetch to use (default: the runtime's global fetch). */
  fetch?: HttpFetch;
  /** Headers added to every request (e.g. `Authorization`); a request's own headers win. */
  headers?: Record<string, string>;
}

/** An isomorphic-git HTTP client that sends every request through `fetch`. */
export function fetchHttpClient(options: FetchHttpClientOptions = {}): GitHttpClient {
  const doFetch = options.fetch ?? defaultFetch();
  return {
    async request(request) {
      const method = request.method ?? "GET";
      const body = request.body ? await collect(request.body) : undefined;
      const response = await doFetch(request.url, {
        method,
        headers: { ...options.headers, ...request.headers },
        body: body as RequestInit["body"],
        signal: request.signal,
        redirect: "follow",
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return {
        url: response.url || request.url,
        method,
        statusCode: response.status,
        statusMessage: response.statusText,
        headers,
        body: chunks(response),
      };
    },
  };
}
