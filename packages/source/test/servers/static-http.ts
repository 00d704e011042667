/**
 * A static HTTP server for tests (a Helm chart repository: `index.yaml` + `.tgz` files) on 127.0.0.1,
 * with optional basic or bearer authentication and redirects, recording every request and whether it
 * carried an `Authorization` header (to check where credentials are sent).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Credentials the server requires. */
export type StaticHttpAuth = { username: string; password: string } | { token: string };

/** Options of {@link startStaticHttpServer}. */
export interface StaticHttpServerOptions {
  /** Path (starting with `/`) → content. */
  files?: Record<string, string | Uint8Array>;
  /** Path → `Location` for a `302`. */
  redirects?: Record<string, string>;
  auth?: StaticHttpAuth;
}

/** A running server. */
export interface StaticHttpServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Content served; may be changed while running. */
  files: Record<string, string | Uint8Array>;
  redirects: Record<string, string>;
  requests: { path: string; status: number; authorization?: string }[];
  close(): Promise<void>;
}

function authorized(header: string | undefined, auth: StaticHttpAuth | undefined): boolean {
  if (!auth) return true;
  if ("token" in auth) return header === `Bearer ${auth.token}`;
  return header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}

/** Start the server; resolves once it listens. */
export async function startStaticHttpServer(
  options: StaticHttpServerOptions = {},
): Promise<StaticHttpServer> {
  const files = { ...options.files };
  const redirects = { ...options.redirects };
  const requests: StaticHttpServer["requests"] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const authorization = req.headers.authorization;
    const done = (status: number) =>
      requests.push({ path, status, ...(authorization ? { authorization } : {}) });
    req.resume();
    if (redirects[path]) {
      res.statusCode = 302;
      res.setHeader("Location", redirects[path]);
      res.end();
      done(302);
      return;
    }
    if (!authorized(authorization, options.auth)) {
      res.statusCode = 401;
      res.setHeader("WWW-Authenticate", 'Basic realm="charts"');
      res.end("unauthorized\n");
      done(401);
      return;
    }
    const body = files[path];
    if (body === undefined) {
      res.statusCode = 404;
      res.end("not found\n");
      done(404);
      return;
    }
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
    res.setHeader("Content-Length", String(bytes.length));
    res.setHeader("Content-Type", path.endsWith(".yaml") ? "text/yaml" : "application/octet-stream");
    res.end(bytes);
    done(200);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    redirects,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
