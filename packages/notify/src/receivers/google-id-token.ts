/**
 * Verification of Google-signed OpenID Connect ID tokens, as the gcr receiver needs for Pub/Sub push
 * subscriptions: RS256 signature against Google's published keys (fetched through the HttpFetch
 * adapter, verified with WebCrypto), expiry, audience, issuer, and the service account's verified email.
 *
 * @module
 */

import { type Clock, defaultFetch, type HttpFetch, systemClock } from "@gitops-kit/core";

/** Google's JSON Web Key Set for ID tokens. */
export const GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v3/certs";

/** Checks the `Authorization` header of a GCR webhook; rejects with the reason when it is not acceptable. */
export type GoogleIdTokenCheck = (
  authorization: string,
  expected: { email: string; audience: string },
) => Promise<void>;

/** Options of {@link googleIdTokenVerifier}. */
export interface GoogleIdTokenVerifierOptions {
  fetch?: HttpFetch;
  clock?: Clock;
  /** Where the keys are published (default {@link GOOGLE_CERTS_URL}). */
  certsUrl?: string;
}

interface Jwk {
  kid?: string;
  kty: string;
  n: string;
  e: string;
  alg?: string;
}

function base64UrlDecode(text: string): Uint8Array {
  const b64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function decodeJson(part: string): Record<string, unknown> {
  const value = JSON.parse(new TextDecoder().decode(base64UrlDecode(part)));
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("not a JSON object");
  return value as Record<string, unknown>;
}

/**
 * A {@link GoogleIdTokenCheck} that verifies tokens against Google's keys, with Flux's messages
 * (`token email is 'x', want 'y'`). Keys are cached for as long as Google's `Cache-Control` allows.
 */
export function googleIdTokenVerifier(options: GoogleIdTokenVerifierOptions = {}): GoogleIdTokenCheck {
  const clock = options.clock ?? systemClock;
  const certsUrl = options.certsUrl ?? GOOGLE_CERTS_URL;
  let cache: { keys: Jwk[]; until: number } | undefined;

  const keys = async (): Promise<Jwk[]> => {
    const now = clock.now().getTime();
    if (cache && cache.until > now) return cache.keys;
    const res = await (options.fetch ?? defaultFetch())(certsUrl);
    if (!res.ok) throw new Error(`idtoken: unable to retrieve cert: status ${res.status}`);
    const body = (await res.json()) as { keys?: Jwk[] };
    const maxAge = /max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "");
    cache = { keys: body.keys ?? [], until: now + (maxAge ? Number(maxAge[1]) * 1000 : 0) };
    return cache.keys;
  };

  return async (authorization, expected) => {
    const prefix = "Bearer ";
    if (!authorization.startsWith(prefix))
      throw new Error("the Authorization header is missing or malformed");
    const token = authorization.slice(prefix.length);
    const parts = token.split(".");
    let claims: Record<string, unknown> = {};
    const fail = (reason: string): never => {
      const aud = typeof claims.aud === "string" && claims.aud !== "" ? claims.aud : "<unknown>";
      throw new Error(`invalid ID token: audience is '${aud}', want '${expected.audience}': ${reason}`);
    };
    if (parts.length !== 3) fail("idtoken: invalid token, token must have three segments");
    let header: Record<string, unknown>;
    try {
      header = decodeJson(parts[0]);
      claims = decodeJson(parts[1]);
    } catch (err) {
      return fail(`idtoken: unable to decode JWT: ${(err as Error).message}`);
    }
    if (header.alg !== "RS256")
      fail(`idtoken: expected JWT signed with RS256 but found ${String(header.alg)}`);
    const now = clock.now().getTime() / 1000;
    if (typeof claims.exp !== "number" || now > claims.exp) {
      fail(`idtoken: token expired: now=${Math.floor(now)}, expires=${String(claims.exp)}`);
    }
    if (claims.aud !== expected.audience)
      fail("idtoken: audience provided does not match aud claim in the JWT");
    const jwk = (await keys()).find((k) => k.kid === header.kid);
    if (!jwk) fail("idtoken: could not find matching cert keyId for the token provided");
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: jwk!.kty, n: jwk!.n, e: jwk!.e, alg: "RS256", ext: true },
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"],
    );
    const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64UrlDecode(parts[2]), signed);
    if (!ok) fail("idtoken: invalid token, signature verification failed");
    const issuer = typeof claims.iss === "string" ? claims.iss : "";
    if (issuer !== "accounts.google.com" && issuer !== "https://accounts.google.com") {
      throw new Error(
        `token issuer is '${issuer}', want 'accounts.google.com' or 'https://accounts.google.com'`,
      );
    }
    const email = typeof claims.email === "string" ? claims.email : "";
    if (email !== expected.email) throw new Error(`token email is '${email}', want '${expected.email}'`);
    if (claims.email_verified !== true) throw new Error(`token email '${email}' is not verified`);
  };
}
