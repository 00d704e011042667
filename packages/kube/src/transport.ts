import http from "node:http";
import https from "node:https";
import { type Logger, redact, silentLogger } from "@gitops-kit/core";
import type { Connection } from "./connection.js";
import { ClusterUnreachableError } from "./errors.js";

/** One API request. `path` is absolute from the server root, e.g. `/api/v1/namespaces`. */
export interface KubeRequest {
  method: "GET" | "PATCH" | "DELETE";
  path: string;
  query?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  contentType?: string;
}

/** The answer: status, JSON body (undefined when there is none or it is not JSON). */
export interface KubeResponse {
  status: number;
  body: unknown;
  /** The raw text, for messages when the body is not JSON. */
  text: string;
  /** Credentials used by the request, to redact from anything built from the response. */
  secrets: string[];
}

/** Options of {@link Transport}. */
export interface TransportOptions {
  /** Per request, from sending to the last byte of the answer. Default 30 s. */
  timeoutMs?: number;
  /** Larger answers are cut off with an error. Default 256 MiB. */
  maxResponseBytes?: number;
  logger?: Logger;
  userAgent?: string;
}

/**
 * Sends requests to the API server with node's http/https over one keep-alive agent, adding the
 * credentials of the connection. Network failures and timeouts become {@link ClusterUnreachableError}
 * naming the server; HTTP statuses are returned, not thrown (see `status.ts`).
 */
export class Transport {
  private agent?: http.Agent;
  private agentKey?: unknown[];
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly logger: Logger;
  private readonly userAgent: string;
  private readonly secure: boolean;

  constructor(
    private readonly connection: Connection,
    options: TransportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBytes = options.maxResponseBytes ?? 256 * 1024 * 1024;
    this.logger = options.logger ?? silentLogger;
    this.userAgent = options.userAgent ?? "gitops-kit-kube/0.1.0";
    this.secure = connection.server.startsWith("https:");
  }

  /** The server URL, for messages. */
  get server(): string {
    return this.connection.server;
  }

  async request(req: KubeRequest): Promise<KubeResponse> {
    const creds = await this.connection.credentials();
    const url = new URL(this.connection.server + req.path);
    for (const [k, v] of req.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.userAgent,
      ...creds.headers,
    };
    if (req.body !== undefined) {
      headers["Content-Type"] = req.contentType ?? "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(req.body));
    }
    const agent = this.agentFor(creds.cert, creds.key);
    const started = Date.now();
    const requestLine = `${req.method} ${url.pathname}${url.search}`;
    const send = this.secure ? https.request : http.request;
    const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const done = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (detail: string, cause?: unknown) =>
        done(() =>
          reject(
            new ClusterUnreachableError(
              this.connection.server,
              redact(`${requestLine}: cannot reach ${this.connection.server}: ${detail}`, creds.secrets),
              { cause: cause === undefined ? undefined : sanitizedCause(cause) },
            ),
          ),
        );
      const request = send(url, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBytes) {
            fail(`response larger than ${this.maxBytes} bytes`);
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          done(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") })),
        );
        res.on("error", (err) => fail(errorDetail(err), err));
      });
      // A deadline for the whole exchange: a socket idle timeout would let a trickling answer run forever.
      timer = setTimeout(() => {
        fail(`no answer within ${this.timeoutMs} ms`);
        request.destroy();
      }, this.timeoutMs);
      request.on("error", (err) => fail(errorDetail(err), err));
      request.end(req.body);
    });
    this.logger.debug("kube request", {
      method: req.method,
      path: url.pathname + url.search,
      status: result.status,
      ms: Date.now() - started,
    });
    let body: unknown;
    if (result.text !== "") {
      try {
        body = JSON.parse(result.text);
      } catch {
        body = undefined;
      }
    }
    return { status: result.status, body, text: result.text, secrets: creds.secrets };
  }

  /** Close idle connections. Requests still work afterwards (a new agent is made). */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
    this.agentKey = undefined;
  }

  private agentFor(cert?: Buffer | string, key?: Buffer | string): http.Agent {
    const tls = this.connection.tls;
    const wanted = [cert ?? tls.cert, key ?? tls.key];
    if (this.agent && this.agentKey?.every((v, i) => sameMaterial(v, wanted[i]))) return this.agent;
    this.agent?.destroy();
    this.agent = this.secure
      ? new https.Agent({
          keepAlive: true,
          ca: tls.ca,
          cert: wanted[0],
          key: wanted[1],
          rejectUnauthorized: tls.rejectUnauthorized,
          servername: tls.servername,
        })
      : new http.Agent({ keepAlive: true });
    this.agentKey = wanted;
    return this.agent;
  }
}

function sameMaterial(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return false;
}

function errorDetail(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === "string") return e.code;
  return typeof e?.message === "string" ? e.message : String(err);
}

/** Node's socket errors carry no credentials, but keep only code and message to be sure of it. */
function sanitizedCause(err: unknown): Error {
  const e = err as { code?: unknown; message?: unknown };
  const out = new Error(typeof e?.message === "string" ? e.message : String(err));
  if (typeof e?.code === "string") (out as Error & { code: string }).code = e.code;
  return out;
}
