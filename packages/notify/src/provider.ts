/**
 * Provider objects (`notification.toolkit.fluxcd.io/v1beta3`) and how the notification-controller turns
 * one into notifier settings: address, token, username / password and headers from the Secret
 * (`secretRef`), the proxy from `proxySecretRef` (or the deprecated `spec.proxy` / Secret `proxy`
 * key), TLS material from `certSecretRef`, and the timeout. Secrets are read through a ClusterAdapter
 * (or any lookup function) and every secret value is returned so that callers can mask it.
 *
 * @module
 */

import {
  type ClusterAdapter,
  isNotFoundError,
  type KubeObject,
  parseDuration,
  parseYaml,
  ValidationError,
} from "@gitops-kit/core";
import { z } from "zod";
import { ProviderConfigError } from "./providers/common.js";
import { COMMIT_STATUS_PROVIDER_TYPES, PROVIDER_TYPES, type ProviderSettings } from "./providers/types.js";
import type { HttpTransportOptions } from "./sender.js";

/** The spec of a Provider. */
export interface ProviderSpec {
  type: string;
  channel?: string;
  username?: string;
  address?: string;
  /** Go duration, e.g. `30s`; 15s when absent. */
  timeout?: string;
  /** @deprecated Use `proxySecretRef`. */
  proxy?: string;
  proxySecretRef?: { name: string };
  secretRef?: { name: string };
  certSecretRef?: { name: string };
  serviceAccountName?: string;
  suspend?: boolean;
  /** A CEL expression for the commit status id (not evaluated here). */
  commitStatusExpr?: string;
  interval?: string;
}

/** A Provider object. */
export interface Provider {
  apiVersion: string;
  kind: "Provider";
  metadata: { name: string; namespace: string; uid?: string; [key: string]: unknown };
  spec: ProviderSpec;
}

const localRef = z.object({ name: z.string().min(1) });
const providerSchema = z.object({
  apiVersion: z.string().default("notification.toolkit.fluxcd.io/v1beta3"),
  kind: z.literal("Provider").default("Provider"),
  metadata: z
    .object({ name: z.string().min(1), namespace: z.string().default("default"), uid: z.string().optional() })
    .loose(),
  spec: z
    .object({
      type: z.enum(PROVIDER_TYPES),
      channel: z.string().max(2048).optional(),
      username: z.string().max(2048).optional(),
      address: z.string().max(2048).optional(),
      timeout: z
        .string()
        .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m))+$/, "must be a duration in ms, s or m, e.g. 30s")
        .optional(),
      proxy: z
        .string()
        .max(2048)
        .regex(/^(http|https):\/\/.*$/, "must be an http(s) URL")
        .optional(),
      proxySecretRef: localRef.optional(),
      secretRef: localRef.optional(),
      certSecretRef: localRef.optional(),
      serviceAccountName: z.string().optional(),
      suspend: z.boolean().optional(),
      commitStatusExpr: z.string().optional(),
      interval: z.string().optional(),
    })
    .refine(
      (s) =>
        s.commitStatusExpr === undefined ||
        (COMMIT_STATUS_PROVIDER_TYPES as readonly string[]).includes(s.type),
      {
        message:
          "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
      },
    ),
});

/** Check a Provider object and apply defaults; invalid input is a {@link ValidationError} naming the field. */
export function parseProvider(input: unknown, options: { source?: string } = {}): Provider {
  const parsed = providerSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new ValidationError(`${options.source ?? "Provider"}: ${path}: ${issue.message}`);
  }
  return parsed.data as Provider;
}

/** A Provider from a Kubernetes object. */
export function providerFromObject(obj: KubeObject): Provider {
  return parseProvider(obj, { source: `Provider ${obj.metadata.namespace}/${obj.metadata.name}` });
}

/** Reads the data of a Secret (decoded to text), or `undefined` when it does not exist. */
export type SecretLookup = (ref: {
  namespace: string;
  name: string;
}) => Promise<Record<string, string> | undefined> | Record<string, string> | undefined;

/** A {@link SecretLookup} over a cluster: `data` is base64-decoded, `stringData` taken as is. */
export function clusterSecretLookup(cluster: ClusterAdapter): SecretLookup {
  return async ({ namespace, name }) => {
    let secret: KubeObject;
    try {
      secret = await cluster.get({ apiVersion: "v1", kind: "Secret", namespace, name });
    } catch (err) {
      if (isNotFoundError(err)) return undefined;
      throw err;
    }
    return secretData(secret);
  };
}

/** The data of a Secret object as text: `data` base64-decoded, then `stringData` on top. */
export function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = (secret.data ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== "string") continue;
    try {
      const bin = atob(v.replace(/\s+/g, ""));
      out[k] = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    } catch {
      throw new ValidationError(
        `Secret ${secret.metadata.namespace}/${secret.metadata.name}: data.${k}: not base64`,
      );
    }
  }
  for (const [k, v] of Object.entries((secret.stringData ?? {}) as Record<string, unknown>)) {
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** What a Provider resolves to: notifier settings, transport, timeout, and the values to mask. */
export interface ResolvedProvider {
  provider: Provider;
  /** Settings for `buildNotification` (add `commitStatus` per event for git providers). */
  settings: ProviderSettings;
  /** Proxy and TLS settings for the fetch factory. */
  transport: HttpTransportOptions;
  /** `spec.timeout` in milliseconds (15000 by default). */
  timeoutMs: number;
  /** Every secret value involved: mask these in errors and logs. */
  secrets: string[];
}

/** Options of {@link resolveProvider}. */
export interface ResolveProviderOptions {
  provider: Provider;
  /** Where Secrets come from: a cluster, or a lookup function. */
  cluster?: ClusterAdapter;
  secrets?: SecretLookup;
}

const SUPPORTED_PROXY_SCHEMES = ["http", "https", "socks5"];

/** Resolve a Provider and its Secrets into notifier settings, as the controller's `createNotifier` does. */
export async function resolveProvider(options: ResolveProviderOptions): Promise<ResolvedProvider> {
  const { provider } = options;
  const lookup = options.secrets ?? (options.cluster ? clusterSecretLookup(options.cluster) : undefined);
  const namespace = provider.metadata.namespace;
  const getSecret = async (name: string): Promise<Record<string, string>> => {
    if (lookup === undefined) {
      throw new ProviderConfigError(
        `failed to get secret '${namespace}/${name}': no cluster or secret lookup given`,
      );
    }
    const data = await lookup({ namespace, name });
    if (data === undefined) {
      throw new ProviderConfigError(
        `failed to get secret '${namespace}/${name}': secrets "${name}" not found`,
      );
    }
    return data;
  };
  const spec = provider.spec;
  const settings: ProviderSettings = { type: spec.type };
  if (provider.metadata.uid) settings.providerUID = provider.metadata.uid;
  if (spec.channel) settings.channel = spec.channel;
  if (spec.username) settings.username = spec.username;
  const transport: HttpTransportOptions = {};
  if (spec.proxy) transport.proxy = spec.proxy;
  const secrets: string[] = [];
  let address = spec.address ?? "";
  let secret: Record<string, string> | undefined;
  if (spec.secretRef) {
    secret = await getSecret(spec.secretRef.name);
    if (secret.address !== undefined && secret.address.length > 2048) {
      throw new ProviderConfigError(
        "invalid address in secret: address exceeds maximum length of 2048 bytes",
      );
    }
    if (secret.proxy !== undefined) transport.proxy = secret.proxy.trim();
    if (secret.headers !== undefined) {
      let headers: unknown;
      try {
        headers = parseYaml(secret.headers);
      } catch (err) {
        throw new ProviderConfigError(`failed to read headers from secret: ${(err as Error).message}`);
      }
      if (headers !== null && (typeof headers !== "object" || Array.isArray(headers))) {
        throw new ProviderConfigError("failed to read headers from secret: not a map of strings");
      }
      settings.headers = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
      secrets.push(...Object.values(settings.headers));
    }
    // Flux's auth reader gives up on every method when username and password are not both set.
    const hasUser = Object.hasOwn(secret, "username");
    const hasPassword = Object.hasOwn(secret, "password");
    if (hasUser === hasPassword) {
      if (secret.token !== undefined) settings.token = secret.token;
      if (hasUser) {
        settings.username = secret.username;
        settings.password = secret.password;
      }
    }
    if (secret.address !== undefined) {
      address = secret.address.trim();
      // An address kept in a Secret is a credential (Slack, Discord, Teams hooks embed tokens).
      secrets.push(address);
    }
    for (const key of ["token", "password", "bearerToken"])
      if (secret[key]) secrets.push(secret[key], secret[key].trim());
  }
  if (spec.proxySecretRef) {
    const proxy = await getSecret(spec.proxySecretRef.name);
    transport.proxy = proxyUrlFromSecret(proxy, `${namespace}/${spec.proxySecretRef.name}`);
    if (proxy.password) secrets.push(proxy.password, encodeURIComponent(proxy.password));
  }
  const tlsSource = spec.certSecretRef
    ? await getSecret(spec.certSecretRef.name)
    : (COMMIT_STATUS_PROVIDER_TYPES as readonly string[]).includes(spec.type)
      ? secret
      : undefined;
  if (tlsSource) {
    const pick = (key: string, legacy: string) => tlsSource[key] ?? tlsSource[legacy];
    const ca = pick("ca.crt", "caFile");
    const cert = pick("tls.crt", "certFile");
    const key = pick("tls.key", "keyFile");
    if ((cert === undefined) !== (key === undefined)) {
      throw new ProviderConfigError(
        "failed to get TLS config: both tls.crt and tls.key are required for client certificates",
      );
    }
    if (ca !== undefined) transport.caPem = ca;
    if (cert !== undefined && key !== undefined) {
      transport.certPem = cert;
      transport.keyPem = key;
      secrets.push(key);
    }
  }
  if (address !== "") settings.address = address;
  let timeoutMs = 15_000;
  if (spec.timeout) timeoutMs = parseDuration(spec.timeout);
  return { provider, settings, transport, timeoutMs, secrets: [...new Set(secrets.filter((s) => s !== ""))] };
}

function proxyUrlFromSecret(data: Record<string, string>, ref: string): string {
  const address = data.address;
  if (address === undefined) throw new ProviderConfigError(`secret '${ref}': key 'address' not found`);
  if (address === "") throw new ProviderConfigError(`secret '${ref}': proxy address is empty`);
  if (address.length > 2048)
    throw new ProviderConfigError(`secret '${ref}': proxy URL exceeds maximum length of 2048 characters`);
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/]*@)?(.*)$/.exec(address);
  const scheme = m?.[1] ?? "";
  if (!SUPPORTED_PROXY_SCHEMES.includes(scheme)) {
    throw new ProviderConfigError(
      `secret '${ref}': proxy URL must use one of the supported schemes (${SUPPORTED_PROXY_SCHEMES.join(", ")}), got '${scheme}'`,
    );
  }
  const user = data.username;
  if (user === undefined) return address;
  const userinfo =
    data.password !== undefined
      ? `${encodeURIComponent(user)}:${encodeURIComponent(data.password)}`
      : encodeURIComponent(user);
  return `${scheme}://${userinfo}@${m![2]}`;
}
