/**
 * A real Git smart-HTTP server for tests: `git http-backend` (CGI) behind a small Node HTTP server on
 * 127.0.0.1, with optional basic or bearer authentication. Serves every repository under `root`
 * (`<url>/<name>.git`). Protocol v2 is passed through (`Git-Protocol` header).
 *
 * Also runnable as a process, for benchmarks that time a child `git clone` (which would dead-lock
 * against a server in the same, blocked, process):
 *
 *   node --import tsx packages/source/test/servers/git-http.ts <root>   # prints the base URL
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";

/** Credentials the server requires. */
export type GitHttpAuth = { username: string; password: string } | { token: string };

/** Options of {@link startGitHttpServer}. */
export interface GitHttpServerOptions {
  /** Directory holding the repositories (bare or not). */
  root: string;
  /** Require these credentials on every request (401 otherwise). */
  auth?: GitHttpAuth;
  /** Port (default: any free one). */
  port?: number;
}

/** A running server. */
export interface GitHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:43210`; repositories are `<url>/<name>.git`. */
  url: string;
  /** Requests served so far (any status), for asserting that a no-op did no network work. */
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

function authorized(req: IncomingMessage, auth: GitHttpAuth | undefined): boolean {
  if (!auth) return true;
  const header = req.headers.authorization ?? "";
  if ("token" in auth) return header === `Bearer ${auth.token}`;
  const expected = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
  return header === `Basic ${expected}`;
}

/** Run `git http-backend` for one request and stream its CGI response back. */
function serveCgi(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  done: (status: number) => void,
): void {
  const url = new URL(req.url ?? "/", "http://localhost");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? "GET",
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_USER: "git",
    REMOTE_ADDR: "127.0.0.1",
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: root,
  };
  if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = String(req.headers["content-encoding"]);
  if (req.headers["git-protocol"]) env.GIT_PROTOCOL = String(req.headers["git-protocol"]);
  if (req.headers["content-length"]) env.CONTENT_LENGTH = String(req.headers["content-length"]);
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  req.pipe(child.stdin);
  child.stdin.on("error", () => {});

  let head = Buffer.alloc(0);
  let headersSent = false;
  let status = 200;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf("\r\n\r\n");
    const lf = head.indexOf("\n\n");
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
    if (end < 0) return;
    const sepLength = end === crlf ? 4 : 2;
    const lines = head.subarray(0, end).toString("latin1").split(/\r?\n/);
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.statusCode = status;
    headersSent = true;
    const rest = head.subarray(end + sepLength);
    if (rest.length > 0) res.write(rest);
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  child.on("close", (code) => {
    if (!headersSent) {
      res.statusCode = 500;
      res.end(`http-backend failed (${code}): ${stderr}`);
      done(500);
      return;
    }
    res.end();
    done(status);
  });
}

/** Start the server; resolves once it listens. */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const root = resolve(options.root);
  const requests: GitHttpServer["requests"] = [];
  const server = createServer((req, res) => {
    const record = (status: number) =>
      requests.push({ method: req.method ?? "GET", path: req.url ?? "/", status });
    if (!authorized(req, options.auth)) {
      res.statusCode = 401;
      res.setHeader("WWW-Authenticate", 'Basic realm="git"');
      res.end("unauthorized\n");
      req.resume();
      record(401);
      return;
    }
    serveCgi(root, req, res, record);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// Run as a process: serve the root given as the first argument until killed.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = process.argv[2];
  if (!root) {
    console.error("usage: git-http.ts <root>");
    process.exit(2);
  }
  const server = await startGitHttpServer({ root });
  console.log(server.url);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
