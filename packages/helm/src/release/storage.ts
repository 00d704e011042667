/**
 * Release records kept in the cluster the way Helm's `secrets` storage driver keeps them: one Secret per
 * release version, `sh.helm.release.v1.<name>.v<version>` in the storage namespace, type
 * `helm.sh/release.v1`, labels `owner=helm`, `name`, `status`, `version`, and the release as base64 of gzipped
 * JSON under `data.release`. The JSON carries Helm's fields (`name`, `namespace`, `version`, `info`,
 * `chart.metadata`, `config`, `manifest`, `hooks`) plus a `gitopsKit` section with what helm-controller keeps
 * in its status snapshots (config digest, test hook results, the action).
 */
import { type ClusterAdapter, digestOf, type KubeObject, NotFoundError } from "@gitops-kit/core";
import { gunzipBounded, gzipDeterministic } from "@gitops-kit/source";
import { base64Encode } from "@gitops-kit/template";
import type { Values } from "../values/read.js";
import { ReleaseStorageError } from "./errors.js";
import type { ReleaseAction, ReleaseSnapshot } from "./schema.js";

/** Helm's release statuses. */
export type ReleaseStatusName =
  | "unknown"
  | "deployed"
  | "uninstalled"
  | "superseded"
  | "failed"
  | "uninstalling"
  | "pending-install"
  | "pending-upgrade"
  | "pending-rollback";

/** A test hook's last run. */
export interface TestHookRun {
  phase: "Succeeded" | "Failed" | "Unknown" | "Running";
  lastStarted?: string;
  lastCompleted?: string;
}

/** One stored release. */
export interface ReleaseRecord {
  name: string;
  /** The release namespace (where its objects live). */
  namespace: string;
  version: number;
  status: ReleaseStatusName;
  description: string;
  firstDeployed: string;
  lastDeployed: string;
  deleted?: string;
  chart: { name: string; version: string; appVersion?: string; apiVersion?: string };
  /** The values the release was made with (the user-supplied values, as Helm's `config`). */
  config: Values;
  configDigest: string;
  /** The rendered (and post-rendered) manifests, as one YAML stream. */
  manifest: string;
  /** Hooks as Helm records them (name, kind, path, manifest, events). */
  hooks: { name: string; kind: string; path: string; manifest: string; events: string[] }[];
  notes?: string;
  testHooks?: Record<string, TestHookRun>;
  action?: ReleaseAction;
  ociDigest?: string;
}

/** The Secret name Helm's storage driver uses. */
export function releaseSecretName(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

const MAX_RELEASE_BYTES = 64 * 1024 * 1024;

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The Helm-shaped JSON of a record. */
function encodeRecord(r: ReleaseRecord): string {
  const json = {
    name: r.name,
    info: {
      first_deployed: r.firstDeployed,
      last_deployed: r.lastDeployed,
      ...(r.deleted ? { deleted: r.deleted } : {}),
      description: r.description,
      status: r.status,
      ...(r.notes ? { notes: r.notes } : {}),
    },
    chart: {
      metadata: {
        name: r.chart.name,
        version: r.chart.version,
        ...(r.chart.appVersion ? { appVersion: r.chart.appVersion } : {}),
        apiVersion: r.chart.apiVersion ?? "v2",
      },
    },
    config: r.config,
    manifest: r.manifest,
    hooks: r.hooks,
    version: r.version,
    namespace: r.namespace,
    gitopsKit: {
      configDigest: r.configDigest,
      ...(r.testHooks ? { testHooks: r.testHooks } : {}),
      ...(r.action ? { action: r.action } : {}),
      ...(r.ociDigest ? { ociDigest: r.ociDigest } : {}),
    },
  };
  return JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}

function decodeRecord(secretName: string, text: string): ReleaseRecord {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ReleaseStorageError(`release Secret '${secretName}': release data is not JSON`, { cause: err });
  }
  const info = (j.info ?? {}) as Record<string, unknown>;
  const meta = ((j.chart as Record<string, unknown> | undefined)?.metadata ?? {}) as Record<string, unknown>;
  const extra = (j.gitopsKit ?? {}) as Record<string, unknown>;
  const s = (v: unknown): string => (typeof v === "string" ? v : "");
  const config = (j.config && typeof j.config === "object" ? j.config : {}) as Values;
  return {
    name: s(j.name),
    namespace: s(j.namespace),
    version: typeof j.version === "number" ? j.version : 0,
    status: (s(info.status) || "unknown") as ReleaseStatusName,
    description: s(info.description),
    firstDeployed: s(info.first_deployed),
    lastDeployed: s(info.last_deployed),
    ...(info.deleted ? { deleted: s(info.deleted) } : {}),
    ...(info.notes ? { notes: s(info.notes) } : {}),
    chart: {
      name: s(meta.name),
      version: s(meta.version),
      appVersion: s(meta.appVersion) || undefined,
      apiVersion: s(meta.apiVersion),
    },
    config,
    configDigest: s(extra.configDigest),
    manifest: s(j.manifest),
    hooks: Array.isArray(j.hooks) ? (j.hooks as ReleaseRecord["hooks"]) : [],
    ...(extra.testHooks ? { testHooks: extra.testHooks as Record<string, TestHookRun> } : {}),
    ...(extra.action ? { action: extra.action as ReleaseAction } : {}),
    ...(extra.ociDigest ? { ociDigest: s(extra.ociDigest) } : {}),
  };
}

/** The storage Secret of a record. */
export function releaseSecret(record: ReleaseRecord, storageNamespace: string): KubeObject {
  const body = base64Encode(gzipDeterministic(new TextEncoder().encode(encodeRecord(record))));
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: {
      name: releaseSecretName(record.name, record.version),
      namespace: storageNamespace,
      labels: { name: record.name, owner: "helm", status: record.status, version: String(record.version) },
    },
    // Secret data is base64 of the bytes, and Helm's bytes are themselves base64 text.
    data: { release: base64Encode(new TextEncoder().encode(body)) },
  };
}

/** Decode a storage Secret. Throws {@link ReleaseStorageError} for data that is not a release. */
export function readReleaseSecret(secret: KubeObject): ReleaseRecord {
  const name = String(secret.metadata?.name ?? "");
  const data = (secret.data as Record<string, unknown> | undefined)?.release;
  if (typeof data !== "string") throw new ReleaseStorageError(`release Secret '${name}' has no release data`);
  try {
    const inner = new TextDecoder().decode(fromBase64(data));
    const gz = fromBase64(inner);
    const json = new TextDecoder().decode(gunzipBounded(gz, { maxBytes: MAX_RELEASE_BYTES, name }));
    return decodeRecord(name, json);
  } catch (err) {
    if (err instanceof ReleaseStorageError) throw err;
    throw new ReleaseStorageError(`release Secret '${name}': cannot decode release data`, { cause: err });
  }
}

/** Every stored version of a release, oldest first. */
export async function listReleases(options: {
  cluster: ClusterAdapter;
  name: string;
  storageNamespace: string;
}): Promise<ReleaseRecord[]> {
  const secrets = await options.cluster.list({
    apiVersion: "v1",
    kind: "Secret",
    namespace: options.storageNamespace,
    labelSelector: { matchLabels: { owner: "helm", name: options.name } },
  });
  return secrets.map(readReleaseSecret).sort((a, b) => a.version - b.version);
}

/** Write (create or replace) release records. */
export async function saveReleases(options: {
  cluster: ClusterAdapter;
  records: readonly ReleaseRecord[];
  storageNamespace: string;
  fieldManager: string;
}): Promise<void> {
  if (options.records.length === 0) return;
  await options.cluster.apply({
    objects: options.records.map((r) => releaseSecret(r, options.storageNamespace)),
    fieldManager: options.fieldManager,
    force: true,
  });
}

/** Delete the oldest records beyond `maxHistory` (0 keeps all, a negative number none), as Helm's `--history-max`. */
export async function pruneReleases(options: {
  cluster: ClusterAdapter;
  records: readonly ReleaseRecord[];
  storageNamespace: string;
  maxHistory: number;
}): Promise<ReleaseRecord[]> {
  const sorted = [...options.records].sort((a, b) => a.version - b.version);
  if (options.maxHistory === 0 || sorted.length <= options.maxHistory) return sorted;
  // A negative maximum deletes every record (an uninstall without history).
  const drop = options.maxHistory < 0 ? sorted : sorted.slice(0, sorted.length - options.maxHistory);
  for (const r of drop) {
    try {
      await options.cluster.delete({
        apiVersion: "v1",
        kind: "Secret",
        name: releaseSecretName(r.name, r.version),
        namespace: options.storageNamespace,
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return sorted.slice(drop.length);
}

/** The status snapshot helm-controller records for a stored release. */
export function snapshotOf(record: ReleaseRecord): ReleaseSnapshot {
  return {
    digest: digestOf(encodeRecord(record)),
    name: record.name,
    namespace: record.namespace,
    version: record.version,
    status: record.status,
    chartName: record.chart.name,
    chartVersion: record.chart.version,
    ...(record.chart.appVersion ? { appVersion: record.chart.appVersion } : {}),
    configDigest: record.configDigest,
    firstDeployed: record.firstDeployed,
    lastDeployed: record.lastDeployed,
    ...(record.deleted ? { deleted: record.deleted } : {}),
    ...(record.testHooks ? { testHooks: record.testHooks } : {}),
    ...(record.ociDigest ? { ociDigest: record.ociDigest } : {}),
    ...(record.action ? { action: record.action } : {}),
  };
}
