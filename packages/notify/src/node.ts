/**
 * Node.js-only parts of `@gitops-kit/notify`: a `node:http` request handler serving Receivers
 * (mount it in any server), and a fetch factory that reaches providers through an HTTP(S) proxy
 * and with a custom CA or client certificate.
 *
 * @module
 */

import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import {
  Agent as HttpsAgent,
  type RequestOptions as HttpsRequestOptions,
  request as httpsRequest,
} from "node:https";
import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { HttpFetch } from "@gitops-kit/core";
import { errorMessage } from "@gitops-kit/core";
import {
  type HandleReceiverRequestOptions,
  handleReceiverRequest,
  MAX_RECEIVER_BODY_BYTES,
  type ReceiverResponse,
} from "./receivers/handler.js";
import { RECEIVER_WEBHOOK_PREFIX } from "./receivers/receiver.js";
import type { FetchFactory, HttpTransportOptions } from "./sender.js";

/** Options of {@link createReceiverHandler}: everything {@link handleReceiverRequest} takes but the request. */
export interface ReceiverHandlerOptions extends Omit<HandleReceiverRequestOptions, "path" | "request"> {
  /** Called after each request with what was done (for metrics or tests). */
  onResult?: (result: ReceiverResponse) => void;
}

/**
 * A `node:http` handler for webhook receivers: `http.createServer(createReceiverHandler({ cluster }))`.
 * Paths outside `/hook/` get 404; bodies over 3 MiB get 413; the status codes are the controller's,
 * and responses have no body.
 */
export function createReceiverHandler(
  options: ReceiverHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(options, req, res).catch((err: unknown) => {
      options.logger?.error("receiver handler failed", {
        error: errorMessage(err),
      });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

async function serve(
  options: ReceiverHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = req.url ?? "/";
  if (!path.startsWith(RECEIVER_WEBHOOK_PREFIX)) {
    req.resume();
    res.writeHead(404).end();
    return;
  }
  const body = await readBody(req, MAX_RECEIVER_BODY_BYTES);
  if (body === undefined) {
    options.onResult?.({ status: 413, error: "request body too large", resources: [] });
    res.writeHead(413, { Connection: "close" }).end();
    return;
  }
  const result = await handleReceiverRequest({
    ...options,
    path,
    request: { method: req.method ?? "GET", headers: req.headers, body },
  });
  options.onResult?.(result);
  res.writeHead(result.status).end();
}

/** The body, or `undefined` when it is longer than `limit` bytes (reading stops there). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on("error", reject);
  });
}

/**
 * A {@link FetchFactory} for Node.js: requests go through `proxy` (HTTP CONNECT for https targets,
 * absolute-form requests for http ones; `user:pass@` in the proxy URL becomes Proxy-Authorization)
 * and trust `caPem` / present `certPem` + `keyPem`. Redirects are not followed.
 */
export function nodeFetchFactory(): FetchFactory {
  return (transport) => nodeFetch(transport);
}

/** A fetch over `node:http` / `node:https` with the given transport settings. */
export function nodeFetch(transport: HttpTransportOptions = {}): HttpFetch {
  // Connections are not kept alive: a notifier sends rarely, and idle sockets would hold a process open.
  const httpAgent = new HttpAgent({ keepAlive: false });
  const httpsAgent = new HttpsAgent({
    keepAlive: false,
    ...(transport.caPem ? { ca: transport.caPem } : {}),
    ...(transport.certPem ? { cert: transport.certPem, key: transport.keyPem } : {}),
  });
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const body =
      init.body === undefined || init.body === null
        ? undefined
        : Buffer.from(await new Response(init.body).arrayBuffer());
    if (body !== undefined) headers["content-length"] = String(body.length);
    const tls = {
      ...(transport.caPem ? { ca: transport.caPem } : {}),
      ...(transport.certPem ? { cert: transport.certPem, key: transport.keyPem } : {}),
    };
    const signal = init.signal ?? undefined;
    const proxy = transport.proxy ? new URL(transport.proxy) : undefined;
    const proxyAuth = proxy?.username
      ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`
      : undefined;
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    let options: HttpsRequestOptions;
    let useTls = url.protocol === "https:";
    let tunnel: { destroy(): void } | undefined;
    if (proxy && url.protocol === "https:") {
      const socket = await connectTunnel(proxy, `${url.hostname}:${port}`, proxyAuth, signal);
      // SNI carries host names only, never IP addresses.
      const servername = isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 ? url.hostname : undefined;
      const secure = tlsConnect({ socket, ...(servername ? { servername } : {}), ...tls });
      tunnel = secure;
      options = {
        method,
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, ...headers },
        createConnection: () => secure,
      };
      useTls = false; // the TLS session is already in the socket
    } else if (proxy) {
      options = {
        method,
        host: proxy.hostname,
        port: proxy.port || (proxy.protocol === "https:" ? "443" : "80"),
        path: url.href,
        headers: { host: url.host, ...headers, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
      };
      useTls = proxy.protocol === "https:";
      options.agent = useTls ? httpsAgent : httpAgent;
    } else {
      options = { method, host: url.hostname, port, path: `${url.pathname}${url.search}`, headers };
      options.agent = useTls ? httpsAgent : httpAgent;
    }
    return new Promise<Response>((resolve, reject) => {
      const req = (useTls ? httpsRequest : httpRequest)(options, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          tunnel?.destroy();
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const x of v) out.append(k, x);
            else if (v !== undefined) out.set(k, v);
          }
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 205 || status === 304;
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: out }));
        });
        res.on("error", reject);
      });
      const onAbort = () =>
        req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("close", () => signal?.removeEventListener("abort", onAbort));
      req.on("error", (err) => {
        tunnel?.destroy();
        reject(err);
      });
      req.end(body);
    });
  };
}

/** Open a CONNECT tunnel through an HTTP(S) proxy to `target` (`host:port`). */
function connectTunnel(
  proxy: URL,
  target: string,
  proxyAuth: string | undefined,
  signal: AbortSignal | undefined,
): Promise<import("node:net").Socket> {
  return new Promise((resolve, reject) => {
    const request = proxy.protocol === "https:" ? httpsRequest : httpRequest;
    const req = request({
      method: "CONNECT",
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === "https:" ? "443" : "80"),
      path: target,
      headers: { host: target, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
    });
    const onAbort = () => req.destroy(new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("connect", (res, socket) => {
      signal?.removeEventListener("abort", onAbort);
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(
          new Error(
            `proxyconnect tcp: proxy answered ${res.statusCode} ${res.statusMessage ?? ""}`.trimEnd(),
          ),
        );
        return;
      }
      resolve(socket);
    });
    req.on("error", (err) => reject(new Error(`proxyconnect tcp: ${err.message}`)));
    req.end();
  });
}
