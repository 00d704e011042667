/**
 * A local webhook receiver: a Node HTTP server on 127.0.0.1 that records every notification the
 * generic provider posts to it (the Flux event as JSON), so the demo can say what people were told.
 */
import { createServer } from "node:http";
import { close, listen } from "./helm-repository.js";

/** One received notification. */
export interface ReceivedNotification {
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body (a Flux event for the generic provider). */
  body: {
    involvedObject?: { kind?: string; name?: string; namespace?: string };
    severity?: string;
    reason?: string;
    message?: string;
    metadata?: Record<string, string>;
    reportingController?: string;
  };
}

/** A running receiver. */
export interface WebhookReceiver {
  /** The URL to give the Provider: `http://127.0.0.1:<port>/hooks/fleet`. */
  url: string;
  received: ReceivedNotification[];
  close(): Promise<void>;
}

/** Start a receiver on a free port of 127.0.0.1. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        received.push({ path: req.url ?? "/", headers, body });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end("not JSON\n");
      }
    });
  });
  const { port } = await listen(server);
  return { url: `http://127.0.0.1:${port}/hooks/fleet`, received, close: () => close(server) };
}
