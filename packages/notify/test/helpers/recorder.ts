/** A local HTTP(S) server on 127.0.0.1 that records every request and answers from a script. */
import { once } from "node:events";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeout tests). */
  hang?: boolean;
}

export interface Recorder {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Decide the reply for each request (default 200, empty body). */
  reply: (req: RecordedRequest, index: number) => Reply;
  close(): Promise<void>;
}

export async function startRecorder(
  options: { tls?: { cert: string; key: string } } = {},
): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const recorder: Recorder = {
    url: "",
    port: 0,
    requests,
    reply: () => ({ status: 200 }),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(", ") : (v ?? "");
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const reply = recorder.reply(recorded, requests.length - 1);
      if (reply.hang) {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? "");
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  recorder.port = port;
  recorder.url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return recorder;
}
