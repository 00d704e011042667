import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { RequestOptions } from "node:https";
import { KubeConfig, type User } from "@kubernetes/client-node";
import { ExecPluginRefusedError, KubeConfigError } from "./errors.js";

/** TLS material for the connection's agent. */
export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized: boolean;
  servername?: string;
}

/** What one request needs to authenticate. */
export interface Credentials {
  headers: Record<string, string>;
  /** Client certificate from a credential plugin (overrides the kubeconfig's). */
  cert?: Buffer | string;
  key?: Buffer | string;
  /** Values that must never appear in a message or a log line. */
  secrets: string[];
}

/** The selected context of a kubeconfig, resolved into what the transport uses. */
export interface Connection {
  /** The server URL without credentials or a trailing slash, e.g. `https://10.0.0.1:6443`. */
  server: string;
  context: string;
  /** The context's namespace, if it sets one. */
  namespace?: string;
  tls: TlsSettings;
  /** Headers (and plugin certificates) for the next request; may read a token file. */
  credentials(): Promise<Credentials>;
}

/** Options of {@link connectionOf}. */
export interface ConnectionOptions {
  /** Run `exec` credential plugins and `auth-provider` commands. Default false. */
  allowExecPlugins?: boolean;
}

/**
 * Resolve the current context of `kc`: server, TLS files (read once, now) and the credential source.
 * A user that would run a command is refused with {@link ExecPluginRefusedError} unless allowed;
 * a cluster with a `proxy-url` is refused (not supported).
 */
export function connectionOf(kc: KubeConfig, options: ConnectionOptions = {}): Connection {
  const contextName = kc.getCurrentContext();
  const context = contextName ? kc.getContextObject(contextName) : null;
  const cluster = kc.getCurrentCluster();
  if (!context || !cluster) {
    throw new KubeConfigError(`kubeconfig: current-context "${contextName ?? ""}" or its cluster not found`);
  }
  const where = `kubeconfig cluster "${cluster.name}"`;
  if (cluster.proxyUrl) throw new KubeConfigError(`${where}: proxy-url is not supported`);
  const user = kc.getCurrentUser();
  if (user && runsCommand(user) && !options.allowExecPlugins) {
    throw new ExecPluginRefusedError(user.name, context.name);
  }
  const tls: TlsSettings = {
    rejectUnauthorized: !cluster.skipTLSVerify,
    servername: cluster.tlsServerName || undefined,
    ca: material(where, "certificate-authority", cluster.caFile, cluster.caData),
  };
  const userWhere = `kubeconfig user "${user?.name ?? ""}"`;
  if (user) {
    tls.cert = material(userWhere, "client-certificate", user.certFile, user.certData);
    tls.key = material(userWhere, "client-key", user.keyFile, user.keyData);
  }
  return {
    server: serverUrl(cluster.server, where),
    context: context.name,
    namespace: context.namespace || undefined,
    tls,
    credentials: credentialSource(user, userWhere),
  };
}

/** True when authenticating as `user` would run a program. */
export function runsCommand(user: User): boolean {
  const provider = user.authProvider as
    | { name?: string; config?: Record<string, unknown> }
    | undefined
    | null;
  return Boolean(
    user.exec ||
      provider?.name === "exec" ||
      provider?.config?.exec ||
      // The gcp and azure providers run `cmd-path` to get a token.
      provider?.config?.["cmd-path"],
  );
}

function serverUrl(server: string, where: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new KubeConfigError(`${where}: server is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new KubeConfigError(`${where}: server must be an http or https URL`);
  }
  if (url.username || url.password) {
    throw new KubeConfigError(`${where}: server URL must not carry credentials`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function material(where: string, field: string, file?: string, data?: string): Buffer | undefined {
  if (file) {
    try {
      return readFileSync(file);
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? "unreadable";
      throw new KubeConfigError(`${where}: ${field} ${file}: cannot read (${code})`, { cause });
    }
  }
  if (data) return Buffer.from(data, "base64");
  return undefined;
}

function credentialSource(user: User | null, where: string): () => Promise<Credentials> {
  if (!user) return async () => ({ headers: {}, secrets: [] });
  const staticHeaders: Record<string, string> = {};
  const secrets: string[] = [];
  if (user.impersonateUser) staticHeaders["Impersonate-User"] = user.impersonateUser;
  if (user.token) {
    staticHeaders.Authorization = `Bearer ${user.token}`;
    secrets.push(user.token);
  } else if (user.username) {
    const basic = Buffer.from(`${user.username}:${user.password ?? ""}`).toString("base64");
    staticHeaders.Authorization = `Basic ${basic}`;
    secrets.push(basic);
    if (user.password) secrets.push(user.password);
  }
  const provider = user.authProvider as
    | { name?: string; config?: Record<string, unknown> }
    | undefined
    | null;
  const tokenFile = provider?.config?.tokenFile;
  if (typeof tokenFile === "string") {
    // Service account tokens rotate: read the file for each request (it is small and local).
    return async () => {
      let token: string;
      try {
        token = (await readFile(tokenFile, "utf8")).trim();
      } catch (cause) {
        const code = (cause as { code?: string }).code ?? "unreadable";
        throw new KubeConfigError(`${where}: token file ${tokenFile}: cannot read (${code})`, { cause });
      }
      return {
        headers: { ...staticHeaders, Authorization: `Bearer ${token}` },
        secrets: [...secrets, token],
      };
    };
  }
  if (user.exec || provider) return pluginSource(user, staticHeaders, secrets, where);
  return async () => ({ headers: { ...staticHeaders }, secrets: [...secrets] });
}

/**
 * Credentials from client-node's authenticators (exec plugins, oidc, gcp, azure). They run against a
 * private one-user KubeConfig whose cluster skips TLS checks, because only the headers and plugin
 * certificates it produces are used here; the connection's own TLS settings still apply.
 */
function pluginSource(
  user: User,
  staticHeaders: Record<string, string>,
  secrets: string[],
  where: string,
): () => Promise<Credentials> {
  const authKc = new KubeConfig();
  authKc.loadFromOptions({
    clusters: [{ name: "auth", server: "https://auth.invalid", skipTLSVerify: true }],
    users: [user],
    contexts: [{ name: "auth", cluster: "auth", user: user.name }],
    currentContext: "auth",
  });
  return async () => {
    const opts: RequestOptions = { headers: {} };
    try {
      await authKc.applyToHTTPSOptions(opts);
    } catch {
      // Plugin errors may echo the plugin's output (a token): report only that it failed.
      throw new KubeConfigError(`${where}: credential plugin failed`);
    }
    const headers: Record<string, string> = { ...staticHeaders };
    const out = [...secrets];
    const auth = (opts.headers as Record<string, unknown>).Authorization;
    if (typeof auth === "string") {
      headers.Authorization = auth;
      out.push(auth.replace(/^Bearer /, ""));
    }
    return {
      headers,
      secrets: out,
      cert: opts.cert as Buffer | string | undefined,
      key: opts.key as Buffer | string | undefined,
    };
  };
}
