/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution v2.8) on 127.0.0.1 with a free
 * port and storage in a temporary directory, started and stopped by the test.
 *
 * Authentication modes:
 * - `none`: anonymous pull and push.
 * - `htpasswd`: the registry answers `401` with a `Basic` challenge; the password file is written with
 *   `htpasswd -B` (apache2-utils).
 * - `token`: the registry answers with a `Bearer` challenge naming the token server started here, which
 *   checks basic credentials (or an OAuth2 refresh token) and issues RS256 JWTs signed with a key whose
 *   self-signed certificate (made with `openssl`) the registry trusts.
 *
 * docker-registry 2.8 returns every tag in one response (tag list pagination came with distribution
 * 3). With `paginateTags`, requests go through a small front on another port that forwards everything
 * to the registry and answers `GET /v2/<name>/tags/list?n=N[&last=T]` with pages cut from the
 * registry's full list plus a `Link: <...>; rel="next"` header, as the distribution spec describes.
 *
 * A missing binary is an error that says which Debian package `.ci/run` must install.
 */
import { spawn, spawnSync } from "node:child_process";
import { createSign, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REGISTRY_BINARY = "/usr/bin/docker-registry";

/** Options of {@link startRegistry}. */
export interface RegistryOptions {
  auth?:
    | { kind: "none" }
    | { kind: "htpasswd"; username: string; password: string }
    | {
        kind: "token";
        username: string;
        password: string;
        /** An OAuth2 refresh token the token server also accepts (docker config `identitytoken`). */
        identityToken?: string;
        /** Grant pull to anonymous callers (a public repository). */
        anonymousPull?: boolean;
      };
  /** Serve tag lists in pages (see the module comment). */
  paginateTags?: boolean;
}

/** A running registry. */
export interface RegistryServer {
  /** `127.0.0.1:<port>`, the registry part of references. */
  host: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The registry's storage directory (filesystem driver), for tests that tamper with stored content. */
  storage: string;
  /** Requests the token server received (token mode): who asked for which scopes. */
  tokenRequests: { method: string; user: string; scopes: string[] }[];
  close(): Promise<void>;
}

function require(binary: string, pkg: string): void {
  if (!existsSync(binary) && spawnSync("sh", ["-c", `command -v ${binary}`]).status !== 0) {
    throw new Error(
      `${binary} is not installed: .ci/run must install the Debian package '${pkg}' (APT_PACKAGES)`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** A token server for the registry's `token` auth. */
async function startTokenServer(options: {
  dir: string;
  username: string;
  password: string;
  identityToken?: string;
  anonymousPull?: boolean;
  requests: RegistryServer["tokenRequests"];
}): Promise<{ server: Server; url: string; certPath: string }> {
  require("openssl", "openssl");
  const keyPath = join(options.dir, "token.key");
  const certPath = join(options.dir, "token.crt");
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "2",
      "-subj",
      "/CN=gitops-kit-test-token",
    ],
    { stdio: "pipe" },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  const key = readFileSync(keyPath, "utf8");
  const der = readFileSync(certPath, "utf8")
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
    .replace(/\s/g, "");

  const issue = (subject: string, scopes: string[], anonymous: boolean) => {
    const access = scopes.map((scope) => {
      const [type, name, actions] = scope.split(":");
      const granted = (actions ?? "")
        .split(",")
        .filter((a) => (anonymous ? a === "pull" && options.anonymousPull : true));
      return { type, name, actions: granted };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", typ: "JWT", x5c: [der] };
    const claims = {
      iss: "gitops-kit-test",
      sub: subject,
      aud: "test-registry",
      exp: now + 600,
      nbf: now - 60,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(key);
    return `${unsigned}.${base64url(signature)}`;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const reply = (status: number, json: object) => {
        res.statusCode = status;
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(json));
      };
      if (req.method === "POST") {
        const form = new URLSearchParams(body);
        const scopes = (form.get("scope") ?? "").split(" ").filter((s) => s !== "");
        options.requests.push({ method: "POST", user: "refresh-token", scopes });
        if (
          form.get("grant_type") !== "refresh_token" ||
          !options.identityToken ||
          form.get("refresh_token") !== options.identityToken
        ) {
          reply(401, { errors: [{ code: "UNAUTHORIZED", message: "bad refresh token" }] });
          return;
        }
        reply(200, { access_token: issue(options.username, scopes, false) });
        return;
      }
      const scopes = url.searchParams.getAll("scope");
      const header = req.headers.authorization ?? "";
      let user = "";
      if (header.startsWith("Basic ")) {
        const [u, ...p] = Buffer.from(header.slice(6), "base64").toString().split(":");
        if (u !== options.username || p.join(":") !== options.password) {
          options.requests.push({ method: "GET", user: `bad:${u}`, scopes });
          reply(401, { errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] });
          return;
        }
        user = u;
      }
      options.requests.push({ method: "GET", user: user || "anonymous", scopes });
      reply(200, { token: issue(user || "anonymous", scopes, user === "") });
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/token`, certPath };
}

/** A front for `upstream` that paginates tag lists and forwards every other request unchanged. */
async function startPaginatingFront(upstream: string): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const url = new URL(req.url ?? "/", upstream);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === "string" && k !== "host") headers[k] = v;
        const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
        const n = Number(url.searchParams.get("n") ?? "0");
        if (req.method === "GET" && tags && n > 0) {
          const last = url.searchParams.get("last") ?? "";
          const full = await fetch(`${upstream}${url.pathname}`, { headers });
          if (full.status !== 200) {
            res.statusCode = full.status;
            full.headers.forEach((v, k) => {
              res.setHeader(k, v);
            });
            res.end(Buffer.from(await full.arrayBuffer()));
            return;
          }
          const body = (await full.json()) as { name: string; tags: string[] };
          const sorted = [...body.tags].sort();
          const rest = last === "" ? sorted : sorted.filter((t) => t > last);
          const page = rest.slice(0, n);
          if (rest.length > n) {
            res.setHeader(
              "Link",
              `</v2/${tags[1]}/tags/list?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`,
            );
          }
          res.setHeader("Content-Type", "application/json");
          res.end(JSON.stringify({ name: body.name, tags: page }));
          return;
        }
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const response = await fetch(url, { method: req.method, headers, body, redirect: "manual" });
        res.statusCode = response.status;
        response.headers.forEach((v, k) => {
          if (k !== "content-encoding" && k !== "transfer-encoding") res.setHeader(k, v);
        });
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (err) {
        res.statusCode = 502;
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  return { server, host: `127.0.0.1:${port}` };
}

/** Start a registry; resolves once it answers on `/v2/`. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RegistryServer> {
  require(REGISTRY_BINARY, "docker-registry");
  const dir = mkdtempSync(join(tmpdir(), "gitops-kit-registry-"));
  const port = await freePort();
  const auth = options.auth ?? { kind: "none" };
  const tokenRequests: RegistryServer["tokenRequests"] = [];
  let tokenServer: Server | undefined;
  let authConfig = "";
  if (auth.kind === "htpasswd") {
    require("htpasswd", "apache2-utils");
    const made = spawnSync("htpasswd", ["-Bbn", auth.username, auth.password], { stdio: "pipe" });
    if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr.toString()}`);
    writeFileSync(join(dir, "htpasswd"), made.stdout);
    authConfig = `auth:\n  htpasswd:\n    realm: gitops-kit-test\n    path: ${join(dir, "htpasswd")}\n`;
  } else if (auth.kind === "token") {
    const token = await startTokenServer({ dir, ...auth, requests: tokenRequests });
    tokenServer = token.server;
    authConfig = `auth:\n  token:\n    realm: ${token.url}\n    service: test-registry\n    issuer: gitops-kit-test\n    rootcertbundle: ${token.certPath}\n`;
  }
  const config = join(dir, "config.yml");
  writeFileSync(
    config,
    `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, "data")}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
  secret: gitops-kit-test-secret
${authConfig}`,
  );
  const child = spawn(REGISTRY_BINARY, ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const front = options.paginateTags ? await startPaginatingFront(url) : undefined;
  const host = front?.host ?? `127.0.0.1:${port}`;
  return {
    host,
    url: `http://${host}`,
    storage: join(dir, "data"),
    tokenRequests,
    async close() {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      for (const server of [front?.server, tokenServer]) {
        if (!server) continue;
        server.closeAllConnections();
        await new Promise<void>((ok) => server.close(() => ok()));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
