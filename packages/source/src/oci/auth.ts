/**
 * The registry authentication handshake (Docker token authentication, RFC 6750 style challenges):
 * parse `WWW-Authenticate`, then either answer a `Basic` challenge with the credentials or obtain a
 * bearer token from the realm a `Bearer` challenge names (anonymous, with basic credentials, with an
 * identity token through the OAuth2 refresh-token grant, or a registry token used as is).
 *
 * @module
 */
import { type HttpFetch, redact } from "@gitops-kit/core";
import { basicAuthHeader } from "../basic-auth.js";
import { OciError } from "./errors.js";

/** Credentials for one registry. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker config `identitytoken`), exchanged at the token realm. */
  identityToken?: string;
  /** A bearer token sent as is (docker config `registrytoken`). */
  registryToken?: string;
}

/** One challenge of a `WWW-Authenticate` header. */
export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`. */
  scheme: string;
  /** Parameters with lower-cased names (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

/**
 * Parse a `WWW-Authenticate` header into its challenges (`Bearer realm="...",service="..."`, several
 * challenges separated by commas, quoted strings with backslash escapes).
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  const token = () => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i])) i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skipSpace();
    while (i < n && header[i] === ",") {
      i++;
      skipSpace();
    }
    const scheme = token();
    if (scheme === "") {
      i++;
      continue;
    }
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skipSpace();
      const save = i;
      const name = token();
      skipSpace();
      if (name === "" || header[i] !== "=") {
        i = save;
        break;
      }
      i++;
      skipSpace();
      let value = "";
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === "\\" && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++;
      } else {
        value = token();
      }
      challenge.params[name.toLowerCase()] = value;
      skipSpace();
      if (header[i] === ",") {
        i++;
        continue;
      }
      break;
    }
  }
  return out;
}

/** `Basic <base64(username:password)>`, or `undefined` without a username. */
export function basicAuthorization(credentials: RegistryCredentials | undefined): string | undefined {
  if (!credentials?.username) return undefined;
  return basicAuthHeader(credentials.username, credentials.password ?? "");
}

/** Every secret value of the credentials, for {@link redact}. */
export function credentialSecrets(credentials: RegistryCredentials | undefined): string[] {
  return [credentials?.password, credentials?.identityToken, credentials?.registryToken].filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
}

/** Options of {@link fetchBearerToken}. */
export interface FetchBearerTokenOptions {
  fetch: HttpFetch;
  challenge: AuthChallenge;
  /** Scopes to ask for, e.g. `repository:foo/bar:pull`. */
  scopes: string[];
  credentials?: RegistryCredentials;
  /** The registry, for messages. */
  registry: string;
  userAgent: string;
  signal?: AbortSignal;
}

/** Obtain a bearer token from the realm of a `Bearer` challenge. */
export async function fetchBearerToken(options: FetchBearerTokenOptions): Promise<string> {
  const { challenge, credentials, registry } = options;
  if (credentials?.registryToken) return credentials.registryToken;
  const realm = challenge.params.realm;
  let realmUrl: URL;
  try {
    realmUrl = new URL(realm ?? "");
    if (realmUrl.protocol !== "https:" && realmUrl.protocol !== "http:") throw new Error("not HTTP");
  } catch {
    throw new OciError("OCI_AUTH", `registry '${registry}' sent a bearer challenge without a valid realm`, {
      reference: registry,
    });
  }
  const secrets = credentialSecrets(credentials);
  const service = challenge.params.service;
  const scopes =
    options.scopes.length > 0 ? options.scopes : challenge.params.scope ? [challenge.params.scope] : [];
  let response: Response;
  try {
    if (credentials?.identityToken) {
      // OAuth2 refresh-token grant, as docker does with an identity token.
      const form = new URLSearchParams();
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", credentials.identityToken);
      form.set("client_id", "gitops-kit");
      if (service) form.set("service", service);
      if (scopes.length > 0) form.set("scope", scopes.join(" "));
      response = await options.fetch(realmUrl.toString(), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": options.userAgent },
        body: form.toString(),
        signal: options.signal,
      });
    } else {
      if (service) realmUrl.searchParams.set("service", service);
      for (const scope of scopes) realmUrl.searchParams.append("scope", scope);
      const headers: Record<string, string> = { "User-Agent": options.userAgent };
      const basic = basicAuthorization(credentials);
      if (basic) headers.Authorization = basic;
      response = await options.fetch(realmUrl.toString(), { method: "GET", headers, signal: options.signal });
    }
  } catch (err) {
    throw new OciError(
      "OCI_NETWORK",
      redact(
        `token request to '${realmUrl.origin}' for '${registry}' failed: ${(err as Error).message}`,
        secrets,
      ),
      { reference: registry },
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const code = response.status === 401 || response.status === 403 ? "OCI_AUTH" : "OCI_HTTP";
    throw new OciError(
      code,
      `token request to '${realmUrl.origin}' for '${registry}' failed: ${response.status} ${response.statusText}`.trim(),
      { reference: registry, status: response.status },
    );
  }
  let body: { token?: unknown; access_token?: unknown };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new OciError("OCI_AUTH", `token response from '${realmUrl.origin}' is not JSON`, {
      reference: registry,
    });
  }
  const token = typeof body.token === "string" && body.token !== "" ? body.token : body.access_token;
  if (typeof token !== "string" || token === "") {
    throw new OciError("OCI_AUTH", `token response from '${realmUrl.origin}' has no token`, {
      reference: registry,
    });
  }
  return token;
}
