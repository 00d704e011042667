import { resolve } from "node:path";
import {
  type ClusterAdapter,
  GitOpsError,
  isGitOpsError,
  type KubeObject,
  printYaml,
  ValidationError,
} from "@gitops-kit/core";
import {
  type BuildableKustomization,
  FLUX_KUSTOMIZATION_API_VERSION,
  FLUX_KUSTOMIZE_GROUP,
  formatSubject,
  type InventoryEntry,
  inventoryEntryOf,
  objMetadataOf,
  staleEntries,
} from "@gitops-kit/kustomize";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { buildTree, decodeKustomization, isDirectory, loadBuildInput, MASK } from "../../flux-build.js";
import { readInput } from "../../input.js";
import { KUSTOMIZE_CONTROLLER, loadStateCluster } from "../../live-state.js";
import { type OutputFormat, outputFormat, printResult } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import type { CommandIO, CommandRun } from "../../registry.js";
import { type Style, styleOf } from "../../style.js";
import { unifiedDiff } from "../../unified-diff.js";

/** What diffing one object found. */
export interface ObjectChange {
  action: "created" | "drifted" | "deleted" | "skipped";
  /** `Kind/namespace/name`, as flux prints it. */
  subject: string;
  /** For drifted objects: the unified diff from the live object to the object after the apply. */
  diff?: string;
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

  const { cluster, close } = await connect(values, io);
  const progress =
    values.state === undefined ? terminalProgress(io) : terminalProgress({ ...io, quiet: true });
  try {
    progress.status(`diffing Kustomization ${namespace}/${name}`);
    const live = await getOptional(cluster, {
      apiVersion: FLUX_KUSTOMIZATION_API_VERSION,
      kind: "Kustomization",
      name,
      namespace,
    });
    let kustomization: BuildableKustomization;
    if (values["kustomization-file"] !== undefined) {
      const input = await loadBuildInput({
        io,
        dir,
        name,
        namespace,
        kustomizationFile: values["kustomization-file"],
        substitutes: [],
        substituteFromFiles: [],
      });
      kustomization = input.kustomization;
    } else if (live) {
      kustomization = decodeKustomization(live, `Kustomization ${namespace}/${name} in the cluster`);
    } else {
      throw new GitOpsError(
        "NOT_FOUND",
        `failed to get kustomization object: kustomizations.${FLUX_KUSTOMIZE_GROUP} "${name}" not found in namespace ${namespace} (give --kustomization-file to diff without one)`,
      );
    }
    const objects = await buildTree({
      kustomization,
      dir,
      // substituteFrom ConfigMaps and Secrets are read from the cluster, as kustomize-controller does.
      cluster,
      strict: values["strict-substitute"] ?? false,
      ignore: (values["ignore-paths"] ?? []).flatMap((p) => p.split(",")).join("\n"),
      recursive: false,
      localSources: new Map(),
      seen: new Set(),
    });
    const inventory = (live?.status as { inventory?: { entries?: InventoryEntry[] } } | undefined)?.inventory;
    const { changes, failures } = await diffObjects({
      cluster,
      objects,
      prune: kustomization.spec.prune === true,
      inventory: inventory?.entries,
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

const DISABLED = [
  [`${FLUX_KUSTOMIZE_GROUP}/reconcile`, "disabled"],
  [`${FLUX_KUSTOMIZE_GROUP}/ssa`, "ignore"],
] as const;

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
      if (!live) {
        changes.push({ action: "created", subject });
        next.push(inventoryEntryOf(object));
        continue;
      }
      next.push(inventoryEntryOf(live));
      const marks = { ...live.metadata.labels, ...live.metadata.annotations };
      if (DISABLED.some(([key, value]) => marks[key] === value)) {
        changes.push({ action: "skipped", subject });
        continue;
      }
      const [result] = await cluster.apply({
        objects: [object],
        fieldManager: KUSTOMIZE_CONTROLLER,
        dryRun: true,
        force: true,
      });
      const before = comparable(live);
      const after = comparable(result.object);
      if (object.kind === "Secret" && hasSopsMask(object)) {
        // Masked SOPS values cannot be compared: as flux, compare only which keys there are.
        if (sameKeys(before.data, after.data) && sameKeys(before.stringData, after.stringData)) continue;
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
      failures.push(`${subject}: ${err instanceof Error ? err.message : String(err)}`);
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
  return printResult({ changes }, format, () => {
    const colour = { created: style.green, drifted: style.yellow, deleted: style.red, skipped: style.dim };
    let out = "";
    for (const change of changes) {
      out += `${colour[change.action](`► ${change.subject} ${change.action}`)}\n`;
      if (change.diff) out += `${colourDiff(change.diff, style)}\n`;
    }
    return out;
  });
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
