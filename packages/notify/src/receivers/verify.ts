/**
 * Webhook verification, one rule per receiver type, as the notification-controller's receiver server
 * validates requests: signatures and tokens compared in constant time, event-type filters, payload
 * shapes decoded with Go's rules and error texts.
 *
 * @module
 */

import { constantTimeEqual, errorMessage, hmac, toHex } from "@gitops-kit/core";
import { base64DecodeLenient } from "../crypto/encoding.js";
import { GoJsonError, type GoShape, goDecode, goQuote, goSlice, goStruct, goUnmarshal } from "../go-json.js";
import { validateCDEvent } from "./cdevents.js";
import { type GoogleIdTokenCheck, googleIdTokenVerifier } from "./google-id-token.js";
import { SignatureError, validateSignature } from "./signature.js";

/** An incoming webhook request. Header names are matched case-insensitively. */
export interface ReceiverRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body: signatures are computed over these exact bytes. */
  body: string | Uint8Array;
}

/** Options of {@link verifyReceiverRequest}. */
export interface VerifyReceiverOptions {
  /** The receiver's type and event filter (a Receiver's `spec`). */
  receiver: { type: string; events?: string[] };
  /**
   * The data of the Receiver's Secret (`token`, and `email` / `audience` for gcr), or `undefined`
   * when the Receiver has no `secretRef` (the token is then empty).
   */
  secret?: Record<string, string>;
  /** Named in the error when `secret` lacks `token` (`<namespace>/<name>` of the Secret). */
  secretName?: string;
  request: ReceiverRequest;
  /** The gcr ID-token check (default: {@link googleIdTokenVerifier} over the global fetch). */
  verifyGoogleIdToken?: GoogleIdTokenCheck;
}

/** The outcome of verifying a webhook. */
export interface ReceiverVerification {
  /** Whether the request is authentic and allowed. */
  accepted: boolean;
  /** The status the controller answers: 400 when rejected, 200 when accepted (before reconciling). */
  status: 200 | 400;
  /** Why it was rejected (Flux's text; never contains the token). */
  error?: string;
  /** The event type the request announced, when the type has one (`push`, `Push Hook`, ...). */
  event?: string;
}

/** Case-insensitive header lookup; the first value of a repeated header, as Go's `Header.Get`. */
export function headerValue(headers: ReceiverRequest["headers"], name: string): string {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    return Array.isArray(v) ? (v[0] ?? "") : v;
  }
  return "";
}

class Rejection extends Error {}

const reject = (message: string): never => {
  throw new Rejection(message);
};

function eventAllowed(event: string, allowed: string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((e) => e.toLowerCase() === event.toLowerCase());
}

function goErrorText(err: unknown): string {
  return errorMessage(err);
}

const str: GoShape = { kind: "string" };
const QUAY_PAYLOAD = goStruct("payload", "server.payload", { docker_url: str, updated_tags: goSlice(str) });
const DOCKERHUB_PAYLOAD = goStruct("payload", "server.payload", {
  push_data: goStruct("", 'struct { Tag string "json:\\"tag\\"" }', { tag: str }),
  repository: goStruct("", 'struct { URL string "json:\\"repo_url\\"" }', { repo_url: str }),
});
const ACR_PAYLOAD = goStruct("payload", "server.payload", {
  action: str,
  target: goStruct("target", "server.target", { repository: str, tag: str }),
});
const NEXUS_PAYLOAD = goStruct("payload", "server.payload", { action: str, repositoryName: str });
const GCR_PAYLOAD = goStruct("payload", "server.payload", {
  message: goStruct(
    "",
    "struct { Data string; MessageID string; PublishTime time.Time; Subscription string }",
    {
      data: str,
      messageId: str,
      publishTime: { kind: "time" },
      subscription: str,
    },
  ),
});
const GCR_DATA = goStruct("data", "server.data", { action: str, digest: str, tag: str });

/** go-github's `ValidatePayload`: content type, then signature (`X-Hub-Signature-256`, else `X-Hub-Signature`). */
function validateGitHubPayload(request: ReceiverRequest, body: Uint8Array, token: string): void {
  let signature = headerValue(request.headers, "X-Hub-Signature-256");
  if (signature === "") signature = headerValue(request.headers, "X-Hub-Signature");
  const contentType = mediaType(headerValue(request.headers, "Content-Type"));
  if (contentType !== "application/json" && contentType !== "application/x-www-form-urlencoded") {
    throw new SignatureError(`webhook request has unsupported Content-Type ${goQuote(contentType)}`);
  }
  if (token.length > 0 || signature.length > 0) validateSignature(signature, body, token);
}

/** The media type of a Content-Type value, lower-cased (Go's `mime.ParseMediaType`, errors included). */
function mediaType(value: string): string {
  const type = value.split(";")[0].trim().toLowerCase();
  if (type === "") throw new SignatureError("mime: no media type");
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(type)) {
    throw new SignatureError(
      type.includes("/") ? "mime: expected token after slash" : "mime: expected slash after first token",
    );
  }
  return type;
}

/**
 * Verify a webhook for a receiver type (the controller's `validate` step). Never throws for a bad
 * request: the outcome says accepted or not, with Flux's error text. The token is never part of it.
 */
export async function verifyReceiverRequest(options: VerifyReceiverOptions): Promise<ReceiverVerification> {
  const { receiver, request } = options;
  const body = typeof request.body === "string" ? new TextEncoder().encode(request.body) : request.body;
  const bodyText = typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body);
  let event: string | undefined;
  try {
    let token = "";
    if (options.secret !== undefined) {
      if (!Object.hasOwn(options.secret, "token")) {
        reject(`invalid ${goQuote(options.secretName ?? "secret")} secret data: required field 'token'`);
      }
      token = options.secret.token;
    }
    switch (receiver.type) {
      case "generic":
        break;
      case "generic-hmac":
        try {
          validateSignature(headerValue(request.headers, "X-Signature"), body, token);
        } catch (err) {
          reject(`unable to validate HMAC signature: ${goErrorText(err)}`);
        }
        break;
      case "github":
        try {
          validateGitHubPayload(request, body, token);
        } catch (err) {
          reject(`the GitHub signature header is invalid, err: ${goErrorText(err)}`);
        }
        event = headerValue(request.headers, "X-GitHub-Event");
        if (!eventAllowed(event, receiver.events))
          reject(`the GitHub event ${goQuote(event)} is not authorised`);
        break;
      case "gitlab":
        if (!constantTimeEqual(headerValue(request.headers, "X-Gitlab-Token"), token)) {
          reject("the X-Gitlab-Token header value does not match the receiver token");
        }
        event = headerValue(request.headers, "X-Gitlab-Event");
        if (!eventAllowed(event, receiver.events))
          reject(`the GitLab event ${goQuote(event)} is not authorised`);
        break;
      case "cdevents":
        event = headerValue(request.headers, "Ce-Type");
        try {
          validateCDEvent(bodyText);
        } catch (err) {
          reject(`unable to validate CDEvent event: ${goErrorText(err)}`);
        }
        if (!eventAllowed(event, receiver.events)) reject(`the CDEvent ${goQuote(event)} is not authorised`);
        break;
      case "bitbucket":
        try {
          validateGitHubPayload(request, body, token);
        } catch (err) {
          reject(`the Bitbucket server signature header is invalid, err: ${goErrorText(err)}`);
        }
        event = headerValue(request.headers, "X-Event-Key");
        if (!eventAllowed(event, receiver.events)) {
          reject(`the Bitbucket server event ${goQuote(event)} is not authorised`);
        }
        break;
      case "quay":
        decodeOrReject(() => goDecode(bodyText, QUAY_PAYLOAD), "cannot decode Quay webhook payload: ");
        break;
      case "harbor":
        if (!constantTimeEqual(headerValue(request.headers, "Authorization"), token)) {
          reject("the Harbor Authorization header value does not match the receiver token");
        }
        break;
      case "dockerhub":
        decodeOrReject(
          () => goDecode(bodyText, DOCKERHUB_PAYLOAD),
          "cannot decode DockerHub webhook payload",
          false,
        );
        break;
      case "gcr":
        await verifyGcr(options, bodyText);
        break;
      case "nexus": {
        const signature = headerValue(request.headers, "X-Nexus-Webhook-Signature");
        if (signature.length === 0) reject("the Nexus signature is missing from header");
        if (!constantTimeEqual(signature, toHex(hmac({ algorithm: "sha1", key: token, data: body }))))
          reject("invalid Nexus signature");
        decodeOrReject(() => goUnmarshal(bodyText, NEXUS_PAYLOAD), "cannot decode Nexus webhook payload: ");
        break;
      }
      case "acr":
        decodeOrReject(() => goDecode(bodyText, ACR_PAYLOAD), "cannot decode ACR webhook payload: ");
        break;
      default:
        reject(
          receiver.type === "generic-oidc"
            ? 'receiver type "generic-oidc" is not supported by @gitops-kit/notify'
            : `recevier type ${goQuote(receiver.type)} not supported`,
        );
    }
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    const result: ReceiverVerification = { accepted: false, status: 400, error: err.message };
    if (event !== undefined) result.event = event;
    return result;
  }
  const result: ReceiverVerification = { accepted: true, status: 200 };
  if (event !== undefined) result.event = event;
  return result;
}

function decodeOrReject(decode: () => unknown, prefix: string, withDetail = true): unknown {
  try {
    return decode();
  } catch (err) {
    if (!(err instanceof GoJsonError)) throw err;
    return reject(withDetail ? `${prefix}${err.message}` : prefix);
  }
}

async function verifyGcr(options: VerifyReceiverOptions, bodyText: string): Promise<void> {
  const secret = options.secret;
  if (secret === undefined) reject("secretRef is required for GCR receivers");
  const email = secret!.email ?? "";
  if (email === "") reject("invalid secret data: required field 'email' for GCR receiver");
  const audience = secret!.audience ?? "";
  if (audience === "") reject("invalid secret data: required field 'audience' for GCR receiver");
  const check = options.verifyGoogleIdToken ?? googleIdTokenVerifier();
  try {
    await check(headerValue(options.request.headers, "Authorization"), { email, audience });
  } catch (err) {
    reject(`cannot authenticate GCR request: ${goErrorText(err)}`);
  }
  const envelope = decodeOrReject(
    () => goDecode(bodyText, GCR_PAYLOAD),
    "cannot decode GCR webhook payload: ",
  ) as {
    message: { data: string };
  };
  const raw = new TextDecoder().decode(base64DecodeLenient(envelope.message.data));
  decodeOrReject(() => goUnmarshal(raw, GCR_DATA), "cannot decode GCR webhook body: ");
}
