/**
 * The example fleet, reconciled stage by stage into a cluster: build each kustomization, substitute the
 * cluster's variables into every object (Flux's postBuild), apply with server-side apply semantics.
 * Later capabilities (sources, Flux Kustomization objects, Helm, image automation, notifications) extend
 * this file; `demo.ts` prints what it does.
 */
import {
  type ApplyAction,
  type ClusterAdapter,
  type FileSystem,
  type KubeObject,
  type MemFsFiles,
  memFs,
  parseYaml,
  printYaml,
} from "@gitops-kit/core";
import { buildKustomization, envsubst } from "@gitops-kit/kustomize";

/** One kustomization of the fleet, applied in order. */
export interface FleetStage {
  name: string;
  /** Kustomization directory inside the fleet file system. */
  path: string;
}

/** What reconciling one stage did. */
export interface StageReport {
  name: string;
  objects: number;
  actions: Record<ApplyAction, number>;
  /** `Kind/namespace/name` of every object that was created or configured. */
  changed: string[];
  ms: number;
}

/** The stages of the example fleet, in dependency order. */
export const FLEET_STAGES: readonly FleetStage[] = [
  { name: "infrastructure", path: "/fleet/infrastructure" },
  { name: "apps", path: "/fleet/apps/production" },
];

/** The variables a cluster contributes to postBuild substitution. */
export const CLUSTER_VARS: Readonly<Record<string, string>> = {
  cluster_name: "production-eu",
  cluster_region: "eu-central-1",
};

/** Copy a directory tree of the real disk into a memfs file system under `/fleet`. */
export function loadFleet(files: MemFsFiles): FileSystem {
  const tree: MemFsFiles = {};
  for (const [path, content] of Object.entries(files)) tree[`/fleet/${path}`] = content;
  return memFs(tree);
}

/** Substitute `${var}` references in one object, as Flux's postBuild does per resource. */
function substitute(object: KubeObject, vars: Readonly<Record<string, string>>): KubeObject {
  const text = envsubst({ input: printYaml(object), vars });
  return parseYaml(text, { file: `${object.kind}/${object.metadata?.name ?? ""}` }) as KubeObject;
}

function refOf(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind}/${ns ? `${ns}/` : ""}${object.metadata?.name ?? ""}`;
}

/** Reconcile every stage once, in order, and report what each changed. */
export async function reconcileFleet(options: {
  fs: FileSystem;
  cluster: ClusterAdapter;
  stages?: readonly FleetStage[];
  vars?: Readonly<Record<string, string>>;
  now?: () => number;
}): Promise<StageReport[]> {
  const now = options.now ?? (() => performance.now());
  const reports: StageReport[] = [];
  for (const stage of options.stages ?? FLEET_STAGES) {
    const start = now();
    const { resources } = buildKustomization({ fs: options.fs, path: stage.path });
    const objects = resources.map((r) => substitute(r, options.vars ?? CLUSTER_VARS));
    const results = await options.cluster.apply({ objects, fieldManager: "kustomize-controller" });
    const actions: Record<ApplyAction, number> = { created: 0, configured: 0, unchanged: 0 };
    const changed: string[] = [];
    for (const result of results) {
      actions[result.action]++;
      if (result.action !== "unchanged") changed.push(`${refOf(result.object)} ${result.action}`);
    }
    reports.push({ name: stage.name, objects: objects.length, actions, changed, ms: now() - start });
  }
  return reports;
}
