/**
 * Registry credentials from Docker configuration: the `kubernetes.io/dockerconfigjson` Secret that an
 * OCIRepository's `secretRef` names (or the legacy `kubernetes.io/dockercfg`), read through a
 * {@link ClusterAdapter}, and the lookup of the entry that applies to a registry and repository the way
 * Kubernetes' credential keyring matches them (host globs, port, path prefix, most specific first).
 *
 * @module
 */
import { type ClusterAdapter, ValidationError } from "@gitops-kit/core";
import type { RegistryCredentials } from "./auth.js";
import { DOCKER_HUB } from "./reference.js";

/** One `auths` entry of a Docker config file. */
export interface DockerConfigEntry {
  username?: string;
  password?: string;
  /** base64 of `username:password`. */
  auth?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** A Docker config (`config.json` / `.dockerconfigjson`). */
export interface DockerConfig {
  auths: Record<string, DockerConfigEntry>;
}

/**
 * Parse `.dockerconfigjson` text (`{"auths": {...}}`), or the legacy `.dockercfg` form (the `auths`
 * map alone). Throws {@link ValidationError} for text that is not such JSON (the text itself is never
 * quoted, as it holds secrets).
 */
export function parseDockerConfig(text: string, name = ".dockerconfigjson"): DockerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ValidationError(`${name}: not valid JSON`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(`${name}: expected a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const auths = "auths" in obj ? obj.auths : obj;
  if (auths === null || typeof auths !== "object" || Array.isArray(auths)) {
    throw new ValidationError(`${name}: 'auths' must be an object`);
  }
  const out: Record<string, DockerConfigEntry> = {};
  for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ValidationError(`${name}: auths['${key}'] must be an object`);
    }
    const entry: DockerConfigEntry = {};
    for (const field of ["username", "password", "auth", "identitytoken", "registrytoken"] as const) {
      const v = (value as Record<string, unknown>)[field];
      if (typeof v === "string") entry[field] = v;
      else if (v !== undefined && v !== null) {
        throw new ValidationError(`${name}: auths['${key}'].${field} must be a string`);
      }
    }
    out[key] = entry;
  }
  return { auths: out };
}

/** The credentials an entry gives (`auth` decoded when username / password are not set). */
export function entryCredentials(entry: DockerConfigEntry): RegistryCredentials {
  let { username, password } = entry;
  if ((username === undefined || username === "") && entry.auth) {
    const decoded = decodeBase64Text(entry.auth);
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new ValidationError("docker config: 'auth' is not base64 of 'username:password'");
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const out: RegistryCredentials = {};
  if (username) out.username = username;
  if (password) out.password = password;
  if (entry.identitytoken) out.identityToken = entry.identitytoken;
  if (entry.registrytoken) out.registryToken = entry.registrytoken;
  return out;
}

function decodeBase64Text(text: string): string {
  try {
    const binary = atob(text.replace(/\s/g, ""));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    throw new ValidationError("docker config: 'auth' is not valid base64");
  }
}

interface ParsedKey {
  key: string;
  host: string;
  port: string;
  path: string;
}

const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

function parseKey(key: string): ParsedKey | undefined {
  let text = key.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    // `*` is not a valid host character for URL; stand in for it while parsing.
    url = new URL(text.replaceAll("*", "x-wildcard-x"));
  } catch {
    return undefined;
  }
  let host = url.hostname.replaceAll("x-wildcard-x", "*").toLowerCase();
  if (DOCKER_HUB_HOSTS.has(host)) host = DOCKER_HUB;
  let path = url.pathname.replaceAll("x-wildcard-x", "*");
  if (path === "/v1/" || path === "/v1" || path === "/v2/" || path === "/v2") path = "";
  path = path.replace(/^\/+|\/+$/g, "");
  return { key, host, port: url.port, path };
}

function globSegment(pattern: string, text: string): boolean {
  if (!pattern.includes("*")) return pattern === text;
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join("[^.]*")}$`);
  return re.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.split(".");
  const h = host.split(".");
  return p.length === h.length && p.every((seg, i) => globSegment(seg, h[i]));
}

/** Options of {@link dockerConfigCredentials}. */
export interface DockerConfigCredentialsOptions {
  config: DockerConfig;
  /** Registry host with its port (`ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Repository path, for entries that name one. */
  repository?: string;
}

/**
 * The credentials of the most specific `auths` entry that applies to `registry` / `repository`: its
 * host matches (with `*` globs per label), its port is the same, its path is a prefix of the
 * repository. `undefined` when no entry applies.
 */
export function dockerConfigCredentials(
  options: DockerConfigCredentialsOptions,
): RegistryCredentials | undefined {
  const target = parseKey(options.registry);
  if (!target) return undefined;
  const repository = options.repository ?? "";
  const candidates = Object.keys(options.config.auths)
    .map(parseKey)
    .filter((k): k is ParsedKey => k !== undefined)
    .filter(
      (k) =>
        hostMatches(k.host, target.host) &&
        k.port === target.port &&
        (k.path === "" || repository === k.path || repository.startsWith(`${k.path}/`)),
    )
    // Most specific first: exact hosts before globs, longer paths first.
    .sort(
      (a, b) =>
        Number(a.host.includes("*")) - Number(b.host.includes("*")) ||
        b.path.length - a.path.length ||
        (a.key < b.key ? 1 : a.key > b.key ? -1 : 0),
    );
  const best = candidates[0];
  return best ? entryCredentials(options.config.auths[best.key]) : undefined;
}

/** Options of {@link registryCredentialsFromSecret}. */
export interface RegistryCredentialsFromSecretOptions {
  cluster: ClusterAdapter;
  /** Secret name (`spec.secretRef.name`). */
  name: string;
  namespace?: string;
  registry: string;
  repository?: string;
}

/**
 * Read a `kubernetes.io/dockerconfigjson` (or `kubernetes.io/dockercfg`) Secret and pick the entry for
 * `registry`. A missing Secret is a `NotFoundError`; a Secret without Docker config data is a
 * {@link ValidationError}; `undefined` when the config has no entry for the registry.
 */
export async function registryCredentialsFromSecret(
  options: RegistryCredentialsFromSecretOptions,
): Promise<RegistryCredentials | undefined> {
  const secret = await options.cluster.get({
    apiVersion: "v1",
    kind: "Secret",
    name: options.name,
    namespace: options.namespace,
  });
  const where = `secret '${options.namespace ?? "default"}/${options.name}'`;
  const text =
    secretValue(secret as unknown as Record<string, unknown>, ".dockerconfigjson", where) ??
    secretValue(secret as unknown as Record<string, unknown>, ".dockercfg", where);
  if (text === undefined) {
    throw new ValidationError(`${where} has no '.dockerconfigjson' or '.dockercfg' key`);
  }
  const config = parseDockerConfig(text, where);
  return dockerConfigCredentials({ config, registry: options.registry, repository: options.repository });
}

/** A Secret value: `data` (base64) or `stringData` (plain text). */
export function secretValue(secret: Record<string, unknown>, key: string, where: string): string | undefined {
  const data = secret.data as Record<string, unknown> | undefined;
  const stringData = secret.stringData as Record<string, unknown> | undefined;
  if (data && typeof data[key] === "string") {
    try {
      const binary = atob((data[key] as string).replace(/\s/g, ""));
      return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    } catch {
      throw new ValidationError(`${where}: data['${key}'] is not valid base64`);
    }
  }
  if (stringData && typeof stringData[key] === "string") return stringData[key] as string;
  return undefined;
}
