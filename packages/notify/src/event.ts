/**
 * Flux events (`event.toolkit.fluxcd.io/v1beta1` `Event`): what controllers POST to the
 * notification-controller, and what the generic providers forward. The JSON form is exactly Go's
 * (field order, `omitempty`, sorted metadata, HTML-safe escaping, RFC 3339 UTC timestamps).
 *
 * @module
 */

import { formatKubeTime, ValidationError } from "@gitops-kit/core";
import { z } from "zod";
import { goMap, goMarshal } from "./go-json.js";

/** API group of event metadata keys that any emitter may set (`event.toolkit.fluxcd.io/<key>`). */
export const EVENT_GROUP = "event.toolkit.fluxcd.io";

/** Event severities: `trace` events are recorded but not sent to the notification-controller. */
export type EventSeverity = "trace" | "info" | "error";

/** Well-known metadata keys (un-prefixed, as providers see them after the metadata merge). */
export const EventMetadataKeys = {
  revision: "revision",
  originRevision: "originRevision",
  /** @deprecated Flux uses `digest`. */
  checksum: "checksum",
  digest: "digest",
  token: "token",
  commit: "commit",
  commitStatus: "commit_status",
  changeRequest: "change_request",
} as const;

/** The value of `commit_status` that marks a commit-status-only update. */
export const COMMIT_STATUS_UPDATE = "update";

/** Kubernetes `ObjectReference`, as events carry it. Every field is optional in the JSON. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** A Flux event. */
export interface Event {
  /** The object this event is about. */
  involvedObject: ObjectReference;
  /** `trace`, `info` or `error` (other values pass through, as in Go). */
  severity: string;
  /** RFC 3339 in UTC, whole seconds (`metav1.Time`). */
  timestamp: string;
  message: string;
  /** Machine-readable reason, e.g. `ReconciliationSucceeded`. */
  reason: string;
  metadata?: Record<string, string>;
  /** e.g. `kustomize-controller`. */
  reportingController: string;
  /** e.g. the controller's pod name. */
  reportingInstance?: string;
}

const objectReferenceSchema = z
  .object({
    kind: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    uid: z.string().optional(),
    apiVersion: z.string().optional(),
    resourceVersion: z.string().optional(),
    fieldPath: z.string().optional(),
  })
  .loose();

/**
 * The JSON schema of an event as Go decodes it: unknown fields ignored, absent strings empty,
 * `metadata` a string map.
 */
export const eventSchema = z
  .object({
    involvedObject: objectReferenceSchema.default({}),
    severity: z.string().default(""),
    timestamp: z.string().nullable().optional(),
    message: z.string().default(""),
    reason: z.string().default(""),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    reportingController: z.string().default(""),
    reportingInstance: z.string().optional(),
  })
  .loose();

/** Options of {@link parseEvent}. */
export interface ParseEventOptions {
  /** Named in error messages (a file name, `request body`). */
  source?: string;
}

/**
 * Read an event from its JSON text or an already parsed value, as the notification-controller's
 * decoder does: unknown fields are ignored and the timestamp is normalised to UTC whole seconds.
 * Wrong types or a malformed timestamp raise a {@link ValidationError} naming the field.
 */
export function parseEvent(input: unknown, options: ParseEventOptions = {}): Event {
  const source = options.source ?? "event";
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new ValidationError(`${source}: invalid JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new ValidationError(`${source}: ${path}: ${issue.message}`);
  }
  const e = parsed.data;
  const ref: ObjectReference = {};
  for (const key of [
    "kind",
    "namespace",
    "name",
    "uid",
    "apiVersion",
    "resourceVersion",
    "fieldPath",
  ] as const) {
    const v = e.involvedObject[key];
    if (typeof v === "string") ref[key] = v;
  }
  const event: Event = {
    involvedObject: ref,
    severity: e.severity,
    timestamp: normalizeTimestamp(e.timestamp ?? null, source),
    message: e.message,
    reason: e.reason,
    reportingController: e.reportingController,
  };
  if (e.metadata) event.metadata = { ...e.metadata };
  if (e.reportingInstance !== undefined && e.reportingInstance !== "")
    event.reportingInstance = e.reportingInstance;
  return event;
}

function normalizeTimestamp(value: string | null, source: string): string {
  // metav1.Time reads RFC 3339 (any offset, fractional seconds) and writes UTC whole seconds; null is zero.
  if (value === null || value === "") return "";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    throw new ValidationError(`${source}: timestamp: not an RFC 3339 time: ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ValidationError(`${source}: timestamp: invalid time ${JSON.stringify(value)}`);
  return formatKubeTime(new Date(Math.floor(ms / 1000) * 1000));
}

/** The value Go's `json.Marshal` produces for an event, as plain data for {@link goMarshal}. */
export function eventToGoValue(event: Event): Record<string, unknown> {
  const o = event.involvedObject;
  const nonEmpty = (s: string | undefined) => (s === undefined || s === "" ? undefined : s);
  const metadata =
    event.metadata && Object.keys(event.metadata).length > 0 ? goMap(event.metadata) : undefined;
  return {
    involvedObject: {
      kind: nonEmpty(o.kind),
      namespace: nonEmpty(o.namespace),
      name: nonEmpty(o.name),
      uid: nonEmpty(o.uid),
      apiVersion: nonEmpty(o.apiVersion),
      resourceVersion: nonEmpty(o.resourceVersion),
      fieldPath: nonEmpty(o.fieldPath),
    },
    severity: event.severity,
    // A zero metav1.Time marshals as null.
    timestamp: event.timestamp === "" ? null : event.timestamp,
    message: event.message,
    reason: event.reason,
    metadata,
    reportingController: event.reportingController,
    reportingInstance: nonEmpty(event.reportingInstance),
  };
}

/** The event as Go's `json.Marshal` writes it: the exact bytes Flux sends and signs. */
export function encodeEvent(event: Event): string {
  return goMarshal(eventToGoValue(event));
}

/** The API group of the involved object (`kustomize.toolkit.fluxcd.io` for `.../v1`; `""` for `v1`). */
export function involvedObjectGroup(event: Pick<Event, "involvedObject">): string {
  const apiVersion = event.involvedObject.apiVersion ?? "";
  const slash = apiVersion.indexOf("/");
  // Go's schema.ParseGroupVersion: "v1" is the core group; more than one "/" yields no group.
  if (slash < 0) return "";
  if (apiVersion.indexOf("/", slash + 1) >= 0) return "";
  return apiVersion.slice(0, slash);
}

/** A deep copy of an event (metadata included). */
export function cloneEvent(event: Event): Event {
  const copy: Event = { ...event, involvedObject: { ...event.involvedObject } };
  if (event.metadata) copy.metadata = { ...event.metadata };
  return copy;
}
