/**
 * Alerts (`notification.toolkit.fluxcd.io/v1beta3`): which events go to which provider, and the
 * metadata a provider then sees. The rules are the notification-controller's event server: event
 * sources (kind, name or `*`, namespace defaulting to the Alert's, matchLabels), severity, RE2
 * inclusion / exclusion lists, suspend, and the RFC 0008 metadata merge.
 *
 * @module
 */

import { compileGoRegexp, type GoRegexp, type KubeObject, ValidationError } from "@gitops-kit/core";
import { z } from "zod";
import { cloneEvent, EVENT_GROUP, type Event, involvedObjectGroup } from "./event.js";

/** The kinds Flux's CRD accepts as event sources. */
export const EVENT_SOURCE_KINDS = [
  "Bucket",
  "GitRepository",
  "Kustomization",
  "HelmRelease",
  "HelmChart",
  "HelmRepository",
  "ImageRepository",
  "ImagePolicy",
  "ImageUpdateAutomation",
  "OCIRepository",
  "ArtifactGenerator",
  "ExternalArtifact",
] as const;

/** `CrossNamespaceObjectReference`: an event source of an Alert, or a resource of a Receiver. */
export interface CrossNamespaceObjectReference {
  apiVersion?: string;
  kind: string;
  /** A name, or `*` for every object of the kind (with matchLabels, for receivers). */
  name: string;
  /** Defaults to the Alert's (or Receiver's) namespace. Never a wildcard. */
  namespace?: string;
  matchLabels?: Record<string, string>;
}

/** The spec of an Alert, with Flux's defaults applied. */
export interface AlertSpec {
  providerRef: { name: string };
  /** `info` (every event) or `error` (error events only). */
  eventSeverity: "info" | "error";
  eventSources: CrossNamespaceObjectReference[];
  inclusionList?: string[];
  exclusionList?: string[];
  eventMetadata?: Record<string, string>;
  /** @deprecated Use `eventMetadata.summary`. */
  summary?: string;
  suspend?: boolean;
}

/** An Alert object. */
export interface Alert {
  apiVersion: string;
  kind: "Alert";
  metadata: { name: string; namespace: string; [key: string]: unknown };
  spec: AlertSpec;
}

function crossNamespaceRefSchema(strict: boolean) {
  return z.object({
    apiVersion: z.string().optional(),
    kind: strict ? z.enum(EVENT_SOURCE_KINDS) : z.string().min(1),
    name: z.string().min(1).max(253),
    namespace: z.string().min(1).max(253).optional(),
    matchLabels: z.record(z.string(), z.string()).optional(),
  });
}

function alertSchema(strict: boolean) {
  return z.object({
    apiVersion: z.string().default("notification.toolkit.fluxcd.io/v1beta3"),
    kind: z.literal("Alert").default("Alert"),
    metadata: z.object({ name: z.string().min(1), namespace: z.string().default("default") }).loose(),
    spec: z.object({
      providerRef: z.object({ name: z.string().min(1) }),
      eventSeverity: z.enum(["info", "error"]).default("info"),
      eventSources: z.array(crossNamespaceRefSchema(strict)),
      inclusionList: z.array(z.string()).optional(),
      exclusionList: z.array(z.string()).optional(),
      eventMetadata: z.record(z.string(), z.string()).optional(),
      summary: z.string().max(255).optional(),
      suspend: z.boolean().optional(),
    }),
  });
}

/** Options of {@link parseAlert}. */
export interface ParseAlertOptions {
  /**
   * Validate as the CRD does (event source kinds from {@link EVENT_SOURCE_KINDS}); default true. Pass
   * false for objects that were admitted by other means and must only be matched.
   */
  strict?: boolean;
  /** Named in error messages. */
  source?: string;
}

/**
 * Check an Alert object and apply the CRD defaults (`eventSeverity: info`, namespace `default`).
 * Invalid input raises a {@link ValidationError} naming the field.
 */
export function parseAlert(input: unknown, options: ParseAlertOptions = {}): Alert {
  const parsed = alertSchema(options.strict ?? true).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new ValidationError(`${options.source ?? "Alert"}: ${path}: ${issue.message}`);
  }
  return parsed.data as Alert;
}

/** Why an Alert did not take an event; `undefined` when it did. */
export type AlertMismatch =
  | "suspended"
  | "no eventSource matched"
  | "not in inclusionList"
  | "matched exclusionList";

/** A warning the controller would raise as a Kubernetes event on the Alert (e.g. an invalid regex). */
export interface AlertWarning {
  reason: "InvalidConfig" | "SourceFetchFailed" | "MetadataAppendFailed";
  message: string;
}

/**
 * Looks up the labels of an event's involved object, for event sources with `matchLabels`.
 * Returns `undefined` when the object cannot be read (the source then does not match).
 */
export type LabelLookup = (ref: {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}) => Promise<Record<string, string> | undefined> | Record<string, string> | undefined;

/** Options of {@link matchAlert}. */
export interface MatchAlertOptions {
  alert: Alert;
  event: Event;
  /** Needed only when an event source has `matchLabels`; without it such a source never matches. */
  labels?: LabelLookup;
  /** Receives the warnings the controller would record on the Alert. */
  onWarning?: (warning: AlertWarning) => void;
}

/** The outcome of {@link matchAlert}. */
export interface AlertMatch {
  matched: boolean;
  /** Set when `matched` is false. */
  reason?: AlertMismatch;
}

/** Whether an Alert takes an event (the controller's `filterAlertsForEvent` for one Alert). */
export async function matchAlert(options: MatchAlertOptions): Promise<AlertMatch> {
  const { alert, event } = options;
  if (alert.spec.suspend) return { matched: false, reason: "suspended" };
  let sourceMatched = false;
  for (const source of alert.spec.eventSources) {
    const withNamespace = { ...source, namespace: source.namespace || alert.metadata.namespace };
    if (await eventMatchesSource(options, withNamespace)) {
      sourceMatched = true;
      break;
    }
  }
  if (!sourceMatched) return { matched: false, reason: "no eventSource matched" };
  const warn = options.onWarning ?? (() => {});
  if (!messageIsIncluded(event.message, alert.spec.inclusionList, warn)) {
    return { matched: false, reason: "not in inclusionList" };
  }
  if (messageIsExcluded(event.message, alert.spec.exclusionList, warn)) {
    return { matched: false, reason: "matched exclusionList" };
  }
  return { matched: true };
}

/** Options of {@link filterAlertsForEvent}. */
export interface FilterAlertsOptions extends Omit<MatchAlertOptions, "alert"> {
  alerts: readonly Alert[];
}

/** The Alerts (of any namespace) that take the event, in the given order. */
export async function filterAlertsForEvent(options: FilterAlertsOptions): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const alert of options.alerts) {
    if ((await matchAlert({ ...options, alert })).matched) out.push(alert);
  }
  return out;
}

async function eventMatchesSource(
  options: MatchAlertOptions,
  source: CrossNamespaceObjectReference & { namespace: string },
): Promise<boolean> {
  const { event, alert } = options;
  const obj = event.involvedObject;
  if ((obj.namespace ?? "") !== source.namespace || (obj.kind ?? "") !== source.kind) return false;
  const severity = alert.spec.eventSeverity;
  if (event.severity !== severity && severity !== "info") return false;
  if (source.name !== "*" && source.name !== (obj.name ?? "")) return false;
  if (source.matchLabels === undefined) return true;
  const labels = options.labels
    ? await options.labels({
        apiVersion: obj.apiVersion ?? "",
        kind: obj.kind ?? "",
        namespace: obj.namespace ?? "",
        name: obj.name ?? "",
      })
    : undefined;
  if (labels === undefined) {
    options.onWarning?.({
      reason: "SourceFetchFailed",
      message: `error getting source object ${obj.kind}/${obj.namespace}/${obj.name}`,
    });
    return false;
  }
  return Object.entries(source.matchLabels).every(([k, v]) => labels[k] === v);
}

// Patterns are compiled once per text; Alerts are matched against every event.
const regexpCache = new Map<string, GoRegexp | Error>();

function compileCached(pattern: string): GoRegexp | Error {
  let re = regexpCache.get(pattern);
  if (re === undefined) {
    try {
      re = compileGoRegexp(pattern);
    } catch (err) {
      re = err instanceof Error ? err : new Error(String(err));
    }
    if (regexpCache.size > 1000) regexpCache.clear();
    regexpCache.set(pattern, re);
  }
  return re;
}

function messageIsIncluded(
  message: string,
  list: string[] | undefined,
  warn: (w: AlertWarning) => void,
): boolean {
  if (!list || list.length === 0) return true;
  for (const pattern of list) {
    const re = compileCached(pattern);
    if (re instanceof Error) {
      warn({ reason: "InvalidConfig", message: `failed to compile inclusion regex: ${pattern}` });
      continue;
    }
    if (re.matchString(message)) return true;
  }
  return false;
}

function messageIsExcluded(
  message: string,
  list: string[] | undefined,
  warn: (w: AlertWarning) => void,
): boolean {
  if (!list || list.length === 0) return false;
  for (const pattern of list) {
    const re = compileCached(pattern);
    if (re instanceof Error) {
      warn({ reason: "InvalidConfig", message: `failed to compile exclusion regex: ${pattern}` });
      continue;
    }
    if (re.matchString(message)) return true;
  }
  return false;
}

/** Options of {@link combineEventMetadata}. */
export interface CombineMetadataOptions {
  event: Event;
  alert: Alert;
  /** Receives a `MetadataAppendFailed` warning when keys come from more than one place. */
  onWarning?: (warning: AlertWarning) => void;
}

/**
 * The event a provider receives for an Alert (Flux RFC 0008), lowest to highest precedence:
 * `event.toolkit.fluxcd.io/<key>` metadata (prefix removed), `spec.eventMetadata`, `spec.summary`
 * as `summary`, then `<involved object group>/<key>` metadata (prefix removed). Other keys are
 * dropped, unless nothing comes out at all: then the metadata is left as it was. Returns a copy.
 */
export function combineEventMetadata(options: CombineMetadataOptions): Event {
  const { event, alert } = options;
  const out = cloneEvent(event);
  const metadata: Record<string, string> = {};
  const sources = new Map<string, string[]>();
  const put = (key: string, value: string, source: string) => {
    metadata[key] = value;
    sources.set(key, [...(sources.get(key) ?? []), source]);
  };
  const eventPrefix = `${EVENT_GROUP}/`;
  for (const [k, v] of Object.entries(event.metadata ?? {})) {
    if (k.startsWith(eventPrefix)) put(k.slice(eventPrefix.length), v, "involved object annotations");
  }
  for (const [k, v] of Object.entries(alert.spec.eventMetadata ?? {}))
    put(k, v, "Alert object .spec.eventMetadata");
  if (alert.spec.summary) put("summary", alert.spec.summary, "Alert object .spec.summary");
  const objectPrefix = `${involvedObjectGroup(event)}/`;
  for (const [k, v] of Object.entries(event.metadata ?? {})) {
    if (k.startsWith(objectPrefix))
      put(k.slice(objectPrefix.length), v, "involved object controller metadata");
  }
  const conflicts = [...sources.entries()].filter(([, s]) => s.length > 1).map(([k]) => k);
  if (conflicts.length > 0) {
    options.onWarning?.({
      reason: "MetadataAppendFailed",
      message: `metadata key conflicts detected (please refer to the Alert API docs and Flux RFC 0008 for more information): ${conflicts.sort().join(", ")}`,
    });
  }
  if (Object.keys(metadata).length > 0) out.metadata = metadata;
  return out;
}

/**
 * What the event server does to an incoming event before matching: drop every metadata key that is
 * neither `event.toolkit.fluxcd.io/*` nor `<involved object group>/*`, and the internal keys
 * `<group>/checksum`, `<group>/digest` (compared case-insensitively) and `<group>/token`. Returns a copy.
 */
export function cleanupEventMetadata(event: Event): Event {
  const out = cloneEvent(event);
  const group = involvedObjectGroup(event);
  const objectPrefix = `${group}/`;
  const excluded = [`${objectPrefix}checksum`, `${objectPrefix}digest`].map((k) => k.toLowerCase());
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.metadata ?? {})) {
    if (excluded.includes(k.toLowerCase())) continue;
    if (k.startsWith(`${EVENT_GROUP}/`) || k.startsWith(objectPrefix)) metadata[k] = v;
  }
  delete metadata[`${group}/token`];
  out.metadata = metadata;
  return out;
}

/** An Alert from a Kubernetes object (as read through a ClusterAdapter), validated leniently. */
export function alertFromObject(obj: KubeObject): Alert {
  return parseAlert(obj, { strict: false, source: `Alert ${obj.metadata.namespace}/${obj.metadata.name}` });
}
