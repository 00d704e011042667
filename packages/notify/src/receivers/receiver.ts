/**
 * Receivers (`notification.toolkit.fluxcd.io/v1`): the object, its schema and its webhook path.
 *
 * @module
 */

import { type KubeObject, sha256Hex, ValidationError } from "@gitops-kit/core";
import { z } from "zod";
import type { CrossNamespaceObjectReference } from "../alert.js";

/** The receiver types of Flux's Receiver API. */
export const RECEIVER_TYPES = [
  "generic",
  "generic-hmac",
  "generic-oidc",
  "github",
  "gitlab",
  "bitbucket",
  "harbor",
  "dockerhub",
  "quay",
  "gcr",
  "nexus",
  "acr",
  "cdevents",
] as const;

/** A receiver type name. */
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

/** The path prefix every webhook is served under. */
export const RECEIVER_WEBHOOK_PREFIX = "/hook/";

/** The spec of a Receiver. */
export interface ReceiverSpec {
  type: string;
  /** Event types to accept (compared case-insensitively); empty accepts every event. */
  events?: string[];
  /** The objects to reconcile when a webhook is accepted. */
  resources: CrossNamespaceObjectReference[];
  /** A CEL expression filtering the resources (not evaluated here; see the README). */
  resourceFilter?: string;
  /** The Secret holding `token` (and `email` / `audience` for gcr). */
  secretRef?: { name: string };
  suspend?: boolean;
  interval?: string;
}

/** A Receiver object. */
export interface Receiver {
  apiVersion: string;
  kind: "Receiver";
  metadata: { name: string; namespace: string; [key: string]: unknown };
  spec: ReceiverSpec;
  status?: {
    webhookPath?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    [key: string]: unknown;
  };
}

const receiverSchema = z.object({
  apiVersion: z.string().default("notification.toolkit.fluxcd.io/v1"),
  kind: z.literal("Receiver").default("Receiver"),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().default("default") }).loose(),
  spec: z.object({
    type: z.enum(RECEIVER_TYPES),
    events: z.array(z.string()).optional(),
    resources: z.array(
      z.object({
        apiVersion: z.string().optional(),
        kind: z.string().min(1),
        name: z.string().min(1).max(253),
        namespace: z.string().min(1).max(253).optional(),
        matchLabels: z.record(z.string(), z.string()).optional(),
      }),
    ),
    resourceFilter: z.string().optional(),
    secretRef: z.object({ name: z.string().min(1) }).optional(),
    suspend: z.boolean().optional(),
    interval: z.string().optional(),
  }),
  status: z
    .object({
      webhookPath: z.string().optional(),
      conditions: z
        .array(
          z
            .object({
              type: z.string(),
              status: z.string(),
              reason: z.string().optional(),
              message: z.string().optional(),
            })
            .loose(),
        )
        .optional(),
    })
    .loose()
    .optional(),
});

/** Check a Receiver object and apply defaults; invalid input is a {@link ValidationError} naming the field. */
export function parseReceiver(input: unknown, options: { source?: string } = {}): Receiver {
  const parsed = receiverSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new ValidationError(`${options.source ?? "Receiver"}: ${path}: ${issue.message}`);
  }
  return parsed.data as Receiver;
}

/** A Receiver from a Kubernetes object. */
export function receiverFromObject(obj: KubeObject): Receiver {
  return parseReceiver(obj, { source: `Receiver ${obj.metadata.namespace}/${obj.metadata.name}` });
}

/** Options of {@link receiverWebhookPath}. */
export interface WebhookPathOptions {
  token: string;
  name: string;
  namespace: string;
}

/** The webhook path of a Receiver: `/hook/` + hex SHA-256 of token + name + namespace. */
export function receiverWebhookPath(options: WebhookPathOptions): string {
  return `${RECEIVER_WEBHOOK_PREFIX}${sha256Hex(options.token + options.name + options.namespace)}`;
}
