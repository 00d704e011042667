import { accessSync, readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeConfigError } from "./errors.js";

/** Options of {@link loadKubeConfig}. */
export interface LoadKubeConfigOptions {
  /** A kubeconfig file. Default: the files in `$KUBECONFIG` (merged, first wins), else `~/.kube/config`. */
  path?: string;
  /** Kubeconfig YAML text, instead of a file (relative file references then resolve against the cwd). */
  contents?: string;
  /** Use this context instead of the file's `current-context`. */
  context?: string;
  /** Environment for `KUBECONFIG` and `HOME` (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/**
 * Read a kubeconfig into a client-node `KubeConfig`, with the context selected and checked: the
 * context, its cluster (with a `server` URL) and its user must exist. Failures are a
 * {@link KubeConfigError} naming the file and entry, never quoting credentials.
 */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  let kc: KubeConfig;
  let where: string;
  if (options.contents !== undefined) {
    where = "kubeconfig (contents)";
    kc = parseKubeConfig(options.contents, where);
  } else {
    const files = options.path !== undefined ? [options.path] : defaultFiles(env);
    where = `kubeconfig ${files.join(delimiter)}`;
    kc = parseKubeConfig(readText(files[0]), `kubeconfig ${files[0]}`);
    kc.makePathsAbsolute(dirname(files[0]));
    for (const file of files.slice(1)) {
      const more = parseKubeConfig(readText(file), `kubeconfig ${file}`);
      more.makePathsAbsolute(dirname(file));
      mergeFirstWins(kc, more);
    }
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(
        `${where}: context "${options.context}" not found (contexts: ${known.join(", ") || "none"})`,
      );
    }
    kc.setCurrentContext(options.context);
  }
  checkSelection(kc, where);
  return kc;
}

/** Options of {@link inClusterKubeConfig}: where a pod finds its service account. */
export interface InClusterOptions {
  /** Environment with `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/token`; re-read on every request (tokens rotate). */
  tokenPath?: string;
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/ca.crt`. */
  caPath?: string;
  /** Default `/var/run/secrets/kubernetes.io/serviceaccount/namespace`; becomes the default namespace. */
  namespacePath?: string;
}

const SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The configuration of a process running in a pod: the API server from the service environment
 * variables, the service account's CA and token files, and its namespace as the default.
 */
export function inClusterKubeConfig(options: InClusterOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const tokenPath = options.tokenPath ?? `${SERVICE_ACCOUNT}/token`;
  const caPath = options.caPath ?? `${SERVICE_ACCOUNT}/ca.crt`;
  const namespacePath = options.namespacePath ?? `${SERVICE_ACCOUNT}/namespace`;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeConfigError(
      "in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)",
    );
  }
  for (const [what, file] of [
    ["token", tokenPath],
    ["CA certificate", caPath],
  ]) {
    try {
      accessSync(file);
    } catch (cause) {
      throw new KubeConfigError(`in-cluster configuration: service account ${what} ${file} is not readable`, {
        cause,
      });
    }
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(namespacePath, "utf8").trim() || undefined;
  } catch {
    // Optional, as in client-go: without it the default namespace is `default`.
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: "in-cluster",
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile: caPath,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: "in-cluster", authProvider: { name: "tokenFile", config: { tokenFile: tokenPath } } }],
    contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "in-cluster", namespace }],
    currentContext: "in-cluster",
  });
  return kc;
}

function defaultFiles(env: Record<string, string | undefined>): string[] {
  const fromEnv = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  if (fromEnv.length > 0) return fromEnv;
  if (!env.HOME)
    throw new KubeConfigError("no kubeconfig: KUBECONFIG and HOME are unset; pass path or contents");
  return [join(env.HOME, ".kube", "config")];
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "unreadable";
    throw new KubeConfigError(`kubeconfig ${file}: cannot read (${code})`, { cause });
  }
}

function parseKubeConfig(text: string, where: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    throw new KubeConfigError(`${where}: ${describeParseError(err)}`);
  }
  return kc;
}

/**
 * What went wrong, without the parser's own message: YAML parsers quote the offending source lines,
 * and in a kubeconfig those may hold a token or a key.
 */
function describeParseError(err: unknown): string {
  const e = err as { name?: string; message?: string; mark?: { line?: number } };
  if (typeof (err as { code?: unknown })?.code === "string" && (err as { syscall?: unknown }).syscall) {
    return `cannot read a file it references (${(err as { code: string }).code})`;
  }
  if (e?.name === "YAMLException") {
    const line = typeof e.mark?.line === "number" ? ` at line ${e.mark.line + 1}` : "";
    return `invalid YAML${line}`;
  }
  // client-node's own structural messages name entries, e.g. "clusters[0].cluster.server is missing".
  if (
    typeof e?.message === "string" &&
    /^(clusters|users|contexts)\[\d+\]\.[\w.-]+ is missing$/.test(e.message)
  ) {
    return e.message;
  }
  return "not a kubeconfig (expected a map with clusters, users and contexts)";
}

/** kubectl's merge rule for several files: the first file to define a name (or current-context) wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  if (!into.currentContext && from.currentContext) into.currentContext = from.currentContext;
  for (const c of from.clusters) if (!into.getCluster(c.name)) into.clusters.push(c);
  for (const u of from.users) if (!into.getUser(u.name)) into.users.push(u);
  for (const c of from.contexts) if (!into.getContextObject(c.name)) into.contexts.push(c);
}

function checkSelection(kc: KubeConfig, where: string): void {
  const name = kc.getCurrentContext();
  if (!name) throw new KubeConfigError(`${where}: no current-context set; pass a context`);
  const context = kc.getContextObject(name);
  if (!context) throw new KubeConfigError(`${where}: current-context "${name}" not found`);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw new KubeConfigError(`${where}: cluster "${context.cluster}" of context "${name}" not found`);
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new KubeConfigError(`${where}: cluster "${cluster.name}": server is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new KubeConfigError(`${where}: cluster "${cluster.name}": server must be an http or https URL`);
  }
  if (context.user && !kc.getUser(context.user)) {
    throw new KubeConfigError(`${where}: user "${context.user}" of context "${name}" not found`);
  }
}
