import { UnsupportedError } from "./errors.js";

/**
 * A `fetch`-compatible function: the global `fetch` of Node 20+, browsers, Deno and Bun fits, and so
 * does any wrapper (auth, retries, a test double). Everything that talks HTTP takes one of these.
 */
export type HttpFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The runtime's global `fetch`; an {@link UnsupportedError} if the runtime has none. */
export function defaultFetch(): HttpFetch {
  const f = (globalThis as { fetch?: HttpFetch }).fetch;
  if (typeof f !== "function")
    throw new UnsupportedError("this runtime has no global fetch; pass an HttpFetch");
  return (input, init) => f(input, init);
}
