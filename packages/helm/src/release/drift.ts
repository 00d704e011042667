/**
 * Drift detection for a release: the rendered objects compared with what the cluster holds. An object that
 * is gone is `missing`; an object is `changed` when a field the release sets has another value in the
 * cluster (fields the release does not set — defaults, other managers' fields, `status` — are not drift).
 * `spec.driftDetection.ignore` rules (RFC 6901 pointers, optionally limited by a target selector) leave
 * fields out. Secret values are never put in the report.
 */
import { type ClusterAdapter, type KubeObject, NotFoundError, type ObjectRef } from "@gitops-kit/core";
import { compileIgnoreRules } from "@gitops-kit/kustomize";
import type { DriftIgnoreRule } from "./schema.js";

/** One field that differs: its JSON pointer, and both values (masked for Secrets). */
export interface DriftChange {
  path: string;
  desired: unknown;
  live: unknown;
}

/** One drifted object. */
export interface DriftEntry {
  object: ObjectRef;
  type: "missing" | "changed";
  /** For `changed`: the fields that differ, in document order. */
  changes: DriftChange[];
}

/** What {@link detectDrift} returns. */
export interface DriftReport {
  drifted: boolean;
  entries: DriftEntry[];
  /** One line per drifted object, e.g. `Deployment/apps/web changed (/spec/replicas)`. */
  summary: string;
}

/** Options of {@link detectDrift}. */
export interface DetectDriftOptions {
  /** The release's objects as they should be (post-rendered, namespaces set). */
  desired: readonly KubeObject[];
  cluster: ClusterAdapter;
  /** `spec.driftDetection.ignore`. */
  ignore?: readonly DriftIgnoreRule[];
}

/** Server-populated metadata that is never drift. */
const SERVER_METADATA = new Set([
  "managedFields",
  "resourceVersion",
  "uid",
  "generation",
  "creationTimestamp",
  "selfLink",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
]);

const MASK = "***";

function escapePointer(seg: string): string {
  return seg.replaceAll("~", "~0").replaceAll("/", "~1");
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b as object, k) &&
        sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Values an apply treats as "not set": `null`, and empty maps and lists the server does not keep. */
function isUnset(v: unknown): boolean {
  return v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/** Fields of `desired` whose value in `live` differs, as pointer segments. */
function compare(
  desired: unknown,
  live: unknown,
  path: string[],
  out: { path: string[]; desired: unknown; live: unknown }[],
): void {
  // Rendered manifests often carry `creationTimestamp: null` or `resources: {}`; neither is drift when absent.
  if (live === undefined && isUnset(desired)) return;
  if (isObject(desired) && isObject(live)) {
    for (const key of Object.keys(desired)) {
      if (path.length === 1 && path[0] === "metadata" && SERVER_METADATA.has(key)) continue;
      // The server drops the namespace of cluster-scoped objects (custom kinds included).
      if (path.length === 1 && path[0] === "metadata" && key === "namespace" && live.namespace === undefined)
        continue;
      if (path.length === 0 && key === "status") continue;
      compare(desired[key], live[key], [...path, key], out);
    }
    return;
  }
  if (Array.isArray(desired) && Array.isArray(live) && desired.length === live.length) {
    for (let i = 0; i < desired.length; i++) compare(desired[i], live[i], [...path, String(i)], out);
    return;
  }
  if (!sameJson(desired, live)) out.push({ path, desired, live });
}

function underAny(path: readonly string[], prefixes: readonly (readonly string[])[]): boolean {
  return prefixes.some((p) => p.length <= path.length && p.every((seg, i) => path[i] === seg));
}

function refOf(o: KubeObject): ObjectRef {
  return {
    apiVersion: String(o.apiVersion),
    kind: String(o.kind),
    name: String(o.metadata?.name ?? ""),
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
  };
}

function describe(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/**
 * Compare the release's objects with the cluster.
 *
 * @example
 * const report = await detectDrift({ desired, cluster, ignore: release.spec.driftDetection?.ignore });
 * if (report.drifted) console.log(report.summary);
 */
export async function detectDrift(options: DetectDriftOptions): Promise<DriftReport> {
  const rules = compileIgnoreRules(options.ignore ?? []);
  const entries: DriftEntry[] = [];
  for (const object of options.desired) {
    const ref = refOf(object);
    let live: KubeObject;
    try {
      live = await options.cluster.get(ref);
    } catch (err) {
      if (err instanceof NotFoundError) {
        entries.push({ object: ref, type: "missing", changes: [] });
        continue;
      }
      throw err;
    }
    const ignored = rules.filter((r) => r.matches(object)).flatMap((r) => r.paths);
    const found: { path: string[]; desired: unknown; live: unknown }[] = [];
    compare(object, live, [], found);
    const secret = object.kind === "Secret" && object.apiVersion === "v1";
    const changes = found
      .filter((c) => !underAny(c.path, ignored))
      .map((c) => ({
        path: `/${c.path.map(escapePointer).join("/")}`,
        desired: secret ? MASK : c.desired,
        live: secret && c.live !== undefined ? MASK : c.live,
      }));
    if (changes.length > 0) entries.push({ object: ref, type: "changed", changes });
  }
  const summary = entries
    .map((e) =>
      e.type === "missing"
        ? `${describe(e.object)} removed`
        : `${describe(e.object)} changed (${e.changes.map((c) => c.path).join(", ")})`,
    )
    .join("\n");
  return { drifted: entries.length > 0, entries, summary };
}
