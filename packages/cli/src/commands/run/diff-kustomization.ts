import { resolve } from "node:path";
import {
  type ClusterAdapter,
  errorMessage,
  GitOpsError,
  isGitOpsError,
  type KubeObject,
  printYaml,
  ValidationError,
} from "@gitops-kit/core";
import {
  type BuildableKustomization,
  FIELD_MANAGER,
  FLUX_KUSTOMIZATION_API_VERSION,
  FLUX_KUSTOMIZE_GROUP,
  formatSubject,
  type InventoryEntry,
  inventoryEntryOf,
  isFluxKustomizationObject,
  objMetadataOf,
  RECONCILE_ANNOTATION,
  SSA_ANNOTATION,
  staleEntries,
} from "@gitops-kit/kustomize";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import {
  buildTree,
  decodeKustomization,
  isDirectory,
  loadBuildInput,
  MASK,
  parseLocalSources,
} from "../../flux-build.js";
import { readInput } from "../../input.js";
import { loadStateCluster } from "../../live-state.js";
import { type OutputFormat, outputFormat, printResult } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import type { CommandIO, CommandRun } from "../../registry.js";
import { type Style, styleOf } from "../../style.js";
import { unifiedDiff } from "../../unified-diff.js";

/** What diffing one object found. */
export interface ObjectChange {
  /** `changed` is a Flux Kustomization whose own objects change (with `--recursive`). */
  action: "created" | "drifted" | "deleted" | "skipped" | "changed";
  /** `Kind/namespace/name`, as flux prints it. */
  subject: string;
  /** For drifted objects: the unified diff from the live object to the object after the apply. */
  diff?: string;
  /** Why an object is skipped, when it is not its reconcile / ssa marks. */
  reason?: string;
  /** For a changed Kustomization: the changes of the objects it applies. */
  changes?: ObjectChange[];
}

/** Runs `gitops-kit diff kustomization`: exit 0 when nothing would change, 1 when something would. */
export const runDiffKustomization: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      path: { type: "string" },
      state: { type: "string" },
      kubeconfig: { type: "string" },
      context: { type: "string" },
      "kustomization-file": { type: "string" },
      namespace: { type: "string", short: "n" },
      "ignore-paths": { type: "string", multiple: true },
      "strict-substitute": { type: "boolean" },
      recursive: { type: "boolean", short: "r" },
      "local-sources": { type: "string", multiple: true },
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 1 },
  );
  if (!values.path) throw new UsageError("--path DIR is required");
  if (values.state !== undefined && (values.kubeconfig !== undefined || values.context !== undefined)) {
    throw new UsageError(
      "--state compares with a file: it cannot be combined with --kubeconfig or --context",
    );
  }
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const dir = resolve(io.cwd, values.path);
  if (!isDirectory(dir)) throw new ValidationError(`invalid resource path "${dir}"`);
  const name = positionals[0];
  const namespace = values.namespace ?? "flux-system";
  const localSources = parseLocalSources(values["local-sources"] ?? [], io.cwd);

  const { cluster, close } = await connect(values, io);
  const progress =
    values.state === undefined ? terminalProgress(io) : terminalProgress({ ...io, quiet: true });
  try {
    const { changes, failures } = await diffKustomization({
      cluster,
      io,
      name,
      namespace,
      dir,
      kustomizationFile: values["kustomization-file"],
      strict: values["strict-substitute"] ?? false,
      ignore: (values["ignore-paths"] ?? []).flatMap((p) => p.split(",")).join("\n"),
      recursive: values.recursive ?? false,
      localSources,
      seen: new Set(),
      progress: (what) => progress.status(what),
    });
    progress.done();
    // What could be compared is printed even when some objects could not be, as flux does.
    io.stdout(printChanges(changes, output, styleOf(io)));
    if (failures.length > 0) {
      throw new GitOpsError(
        "DIFF_FAILED",
        `cannot diff ${failures.length} object(s): ${failures.join("; ")}`,
      );
    }
    return changes.some((c) => c.action !== "skipped") ? 1 : 0;
  } finally {
    progress.done();
    close();
  }
};

/** Options of {@link diffKustomization}. */
interface DiffKustomizationOptions {
  cluster: ClusterAdapter;
  io: CommandIO;
  name: string;
  namespace: string;
  /** The manifests (replaces spec.path). */
  dir: string;
  /** Build this file's Kustomization instead of the cluster's. */
  kustomizationFile?: string;
  strict: boolean;
  ignore: string;
  recursive: boolean;
  localSources: Map<string, string>;
  /** `namespace/name` of the Kustomizations being diffed above this one, against cycles. */
  seen: Set<string>;
  progress: (what: string) => void;
}

/** Build one Flux Kustomization and diff it against the cluster, then (recursive) the ones it applies. */
async function diffKustomization(
  options: DiffKustomizationOptions,
): Promise<{ changes: ObjectChange[]; failures: string[] }> {
  const { cluster, name, namespace } = options;
  const self = `${namespace}/${name}`;
  if (options.seen.has(self)) {
    throw new ValidationError(
      `Kustomization '${self}' diffs itself again (${[...options.seen, self].join(" -> ")})`,
    );
  }
  options.progress(`diffing Kustomization ${self}`);
  const live = await getOptional(cluster, {
    apiVersion: FLUX_KUSTOMIZATION_API_VERSION,
    kind: "Kustomization",
    name,
    namespace,
  });
  let kustomization: BuildableKustomization;
  if (options.kustomizationFile !== undefined) {
    const input = await loadBuildInput({
      io: options.io,
      dir: options.dir,
      name,
      namespace,
      kustomizationFile: options.kustomizationFile,
      substitutes: [],
      substituteFromFiles: [],
    });
    kustomization = input.kustomization;
  } else if (live) {
    kustomization = decodeKustomization(live, `Kustomization ${self} in the cluster`);
  } else {
    throw new GitOpsError(
      "NOT_FOUND",
      `failed to get kustomization object: kustomizations.${FLUX_KUSTOMIZE_GROUP} "${name}" not found in namespace ${namespace} (give --kustomization-file to diff without one)`,
    );
  }
  const objects = await buildTree({
    kustomization,
    dir: options.dir,
    // substituteFrom ConfigMaps and Secrets are read from the cluster, as kustomize-controller does.
    cluster,
    strict: options.strict,
    ignore: options.ignore,
    recursive: false,
    localSources: new Map(),
    seen: new Set(),
  });
  const inventory = (live?.status as { inventory?: { entries?: InventoryEntry[] } } | undefined)?.inventory;
  const result = await diffObjects({
    cluster,
    objects,
    prune: kustomization.spec.prune === true,
    inventory: inventory?.entries,
  });
  if (!options.recursive) return result;

  // As `flux diff --recursive`: each Flux Kustomization of the build that exists in the cluster is
  // diffed from its local source, and reported as changed with what changed under it.
  const changes: ObjectChange[] = [];
  const failures = [...result.failures];
  const byObject = new Map(result.changes.filter((c) => c.action !== "deleted").map((c) => [c.subject, c]));
  for (const object of objects) {
    const subject = formatSubject(objMetadataOf(object));
    const own = byObject.get(subject);
    if (own) changes.push(own);
    if (!isFluxKustomizationObject(object) || own?.action === "created") continue;
    const childNamespace = object.metadata.namespace ?? namespace;
    if (object.metadata.name === name && childNamespace === namespace) continue;
    const spec = (object.spec ?? {}) as {
      path?: string;
      kubeConfig?: unknown;
      sourceRef?: { kind?: string; name?: string; namespace?: string };
    };
    if (spec.kubeConfig) {
      changes.push({ action: "skipped", subject, reason: "diff not supported for remote clusters" });
      continue;
    }
    const ref = spec.sourceRef;
    const key = `${ref?.kind}/${ref?.namespace || childNamespace}/${ref?.name}`;
    const local = options.localSources.get(key);
    if (local === undefined) {
      failures.push(`cannot get local path for ${key} of kustomization ${object.metadata.name}`);
      continue;
    }
    try {
      const child = await diffKustomization({
        ...options,
        name: String(object.metadata.name),
        namespace: childNamespace,
        dir: resolve(local, spec.path ?? ""),
        kustomizationFile: undefined,
        seen: new Set([...options.seen, self]),
      });
      failures.push(...child.failures);
      if (child.changes.some((c) => c.action !== "skipped")) {
        changes.push({ action: "changed", subject, changes: child.changes });
      }
    } catch (err) {
      failures.push(`${subject}: ${errorMessage(err)}`);
    }
  }
  changes.push(...result.changes.filter((c) => c.action === "deleted"));
  return { changes, failures };
}

/** The live cluster: a state file in a MemoryCluster, or a real one through @gitops-kit/kube. */
async function connect(
  values: { state?: string; kubeconfig?: string; context?: string },
  io: CommandIO,
): Promise<{ cluster: ClusterAdapter; close: () => void }> {
  if (values.state !== undefined) {
    const input = await readInput(values.state, io);
    return { cluster: loadStateCluster({ text: input.text, file: input.name }), close() {} };
  }
  // Loaded only here: the client library is large and state-file diffs never need it.
  const { KubeCluster } = await import("@gitops-kit/kube");
  const cluster = KubeCluster.fromKubeconfig({
    ...(values.kubeconfig !== undefined ? { path: resolve(io.cwd, values.kubeconfig) } : {}),
    ...(values.context !== undefined ? { context: values.context } : {}),
    ...(io.env ? { env: io.env } : {}),
  });
  return { cluster, close: () => cluster.close() };
}

async function getOptional(
  cluster: ClusterAdapter,
  ref: { apiVersion: string; kind: string; name: string; namespace?: string },
): Promise<KubeObject | undefined> {
  try {
    return await cluster.get(ref);
  } catch (err) {
    // By code, not class: the kube adapter may come from another bundle with its own error classes.
    if (isGitOpsError(err) && err.code === "NOT_FOUND") return undefined;
    throw err;
  }
}

/** Options of {@link diffObjects}. */
interface DiffObjectsOptions {
  cluster: ClusterAdapter;
  /** The built objects, in build order. */
  objects: readonly KubeObject[];
  /** spec.prune: only then are objects missing from the build reported deleted. */
  prune: boolean;
  /** The Kustomization's last inventory (status.inventory.entries), if any. */
  inventory: readonly InventoryEntry[] | undefined;
}

/** Marks (label or annotation, value compared case-insensitively) that take an object out of the diff. */
const EXCLUSIONS = {
  [RECONCILE_ANNOTATION]: "disabled",
  [SSA_ANNOTATION]: "ignore",
};
/** The mark of objects applied only when they do not exist yet. */
const IF_NOT_PRESENT = { [SSA_ANNOTATION]: "ifnotpresent" };

/** Whether the object's labels or annotations hold one of the key/value pairs. */
function anyInMetadata(object: KubeObject | undefined, marks: Record<string, string>): boolean {
  if (!object) return false;
  const { labels, annotations } = object.metadata as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return Object.entries(marks).some(([key, value]) =>
    [labels?.[key], annotations?.[key]].some((v) => typeof v === "string" && v.toLowerCase() === value),
  );
}

/**
 * Compare each built object with the live one as `flux diff kustomization` does: missing → created;
 * otherwise a server-side apply dry run as kustomize-controller (forcing conflicts) gives the object as
 * it would be, and any difference outside server-set metadata and status → drifted. Objects marked
 * `reconcile: disabled` or `ssa: ignore` are skipped. With prune, inventory entries the build no
 * longer has → deleted.
 */
async function diffObjects(
  options: DiffObjectsOptions,
): Promise<{ changes: ObjectChange[]; failures: string[] }> {
  const { cluster } = options;
  const changes: ObjectChange[] = [];
  const next: InventoryEntry[] = [];
  const failures: string[] = [];
  for (const object of options.objects) {
    const subject = formatSubject(objMetadataOf(object));
    const ref = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: String(object.metadata.name),
      namespace: object.metadata.namespace,
    };
    try {
      const live = await getOptional(cluster, ref);
      next.push(inventoryEntryOf(live ?? object));
      if (
        anyInMetadata(object, EXCLUSIONS) ||
        anyInMetadata(live, EXCLUSIONS) ||
        (live && anyInMetadata(object, IF_NOT_PRESENT))
      ) {
        changes.push({ action: "skipped", subject });
        continue;
      }
      if (!live) {
        changes.push({ action: "created", subject });
        continue;
      }
      const [result] = await cluster.apply({
        objects: [object],
        fieldManager: FIELD_MANAGER,
        dryRun: true,
        force: true,
      });
      const before = comparable(live);
      const after = comparable(result.object);
      if (object.kind === "Secret" && hasSopsMask(object)) {
        // Masked SOPS values cannot be compared: as flux, compare only which keys there are.
        if (sameKeys(before.data, after.data) && sameKeys(before.stringData, after.stringData)) continue;
      } else if (!hasDrifted(before, after)) {
        continue;
      }
      maskSecretValues(object.kind, before, after);
      const diff = unifiedDiff({
        before: printYaml(before),
        after: printYaml(after),
        beforeName: `${subject} (live)`,
        afterName: `${subject} (merged)`,
      });
      if (diff !== "") changes.push({ action: "drifted", subject, diff });
    } catch (err) {
      // Keep going, as flux does, so one bad object does not hide the others' differences.
      failures.push(`${subject}: ${errorMessage(err)}`);
    }
  }
  // As flux: deletions are only worked out when every object could be compared.
  if (options.prune && options.inventory && failures.length === 0) {
    for (const stale of staleEntries(options.inventory, next)) {
      changes.push({ action: "deleted", subject: formatSubject(stale) });
    }
  }
  return { changes, failures };
}

/**
 * Drift as fluxcd/pkg/ssa sees it: labels, annotations, or anything outside metadata and status (other
 * metadata, such as finalizers or owner references, is not configuration Flux manages). YAML printing
 * sorts keys, so comparing the printed forms ignores key order; a missing map equals an empty one.
 */
function hasDrifted(live: KubeObject, merged: KubeObject): boolean {
  const same = (a: unknown, b: unknown) => printYaml(a ?? {}) === printYaml(b ?? {});
  const { metadata: liveMeta, ...liveRest } = live;
  const { metadata: mergedMeta, ...mergedRest } = merged;
  return (
    !same(liveMeta.labels, mergedMeta.labels) ||
    !same(liveMeta.annotations, mergedMeta.annotations) ||
    !same(liveRest, mergedRest)
  );
}

/** The object without what the API server maintains (managedFields, resourceVersion, ...) and status. */
function comparable(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  delete copy.status;
  for (const field of ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"]) {
    delete copy.metadata[field];
  }
  return copy;
}

const MASK_BASE64 = btoa(MASK);

function hasSopsMask(object: KubeObject): boolean {
  const data = Object.values((object.data as Record<string, unknown> | undefined) ?? {});
  const stringData = Object.values((object.stringData as Record<string, unknown> | undefined) ?? {});
  return data.includes(MASK_BASE64) || stringData.includes(MASK) || stringData.includes(MASK_BASE64);
}

function sameKeys(a: unknown, b: unknown): boolean {
  const keys = (m: unknown) =>
    Object.keys((m as Record<string, unknown> | undefined) ?? {})
      .sort()
      .join("\n");
  return keys(a) === keys(b);
}

/**
 * Secret values never reach the output: equal values print as `*****`, changed ones as
 * `***** (before)` / `***** (after)` so the diff still shows which keys change. The last-applied
 * annotation kubectl writes holds the values too, so it goes.
 */
function maskSecretValues(kind: string, before: KubeObject, after: KubeObject): void {
  if (kind !== "Secret") return;
  for (const field of ["data", "stringData"]) {
    const a = before[field] as Record<string, unknown> | undefined;
    const b = after[field] as Record<string, unknown> | undefined;
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const key of keys) {
      const changed = a?.[key] !== b?.[key] && a?.[key] !== undefined && b?.[key] !== undefined;
      if (a && key in a) a[key] = changed ? "***** (before)" : "*****";
      if (b && key in b) b[key] = changed ? "***** (after)" : "*****";
    }
  }
  for (const object of [before, after]) {
    delete object.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"];
    if (object.metadata.annotations && Object.keys(object.metadata.annotations).length === 0) {
      delete object.metadata.annotations;
    }
  }
}

/** `► Kind/ns/name created|drifted|deleted|skipped` lines with diffs, or the changes as YAML / JSON. */
function printChanges(changes: ObjectChange[], format: OutputFormat, style: Style): string {
  return printResult({ changes }, format, () => printText(changes, style));
}

function printText(changes: ObjectChange[], style: Style): string {
  const colour = {
    created: style.green,
    drifted: style.yellow,
    deleted: style.red,
    skipped: style.dim,
    changed: style.bold,
  };
  let out = "";
  for (const change of changes) {
    if (change.action === "changed") {
      // As flux: the Kustomization's heading, then what changes under it.
      out += `${colour.changed(`📁 ${change.subject} changed`)}\n${printText(change.changes ?? [], style)}`;
      continue;
    }
    const reason = change.reason ? `: ${change.reason}` : "";
    out += `${colour[change.action](`► ${change.subject} ${change.action}${reason}`)}\n`;
    if (change.diff) out += `${colourDiff(change.diff, style)}\n`;
  }
  return out;
}

function colourDiff(diff: string, style: Style): string {
  if (!style.enabled) return diff;
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("---") || line.startsWith("+++")) return style.bold(line);
      if (line.startsWith("@@")) return style.cyan(line);
      if (line.startsWith("-")) return style.red(line);
      if (line.startsWith("+")) return style.green(line);
      return line;
    })
    .join("\n");
}
