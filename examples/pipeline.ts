/**
 * The demo's pipeline as functions over one environment: the fleet repository on an in-process Git
 * server, a local Helm repository and webhook receiver on 127.0.0.1, a MemoryCluster, and the Flux
 * controllers of `flux/` sharing one runtime. `demo.ts` tells the story; the tests drive the same steps.
 */
import {
  type Clock,
  defaultFetch,
  type MemFsFiles,
  MemoryCluster,
  memFs,
  posixPath,
  systemClock,
} from "@gitops-kit/core";
import { examplePath, readDemoAgeKey, readFleetFiles, readTree } from "./disk.js";
import { createFleetRepository, type FleetRepository, fleetHead, pushChange } from "./fleet-repo.js";
import { bootstrapCluster } from "./flux/cluster.js";
import { type HelmReleaseReport, reconcileHelmReleases } from "./flux/helm.js";
import {
  type AutomationReport,
  type PolicyReport,
  reconcileImagePolicies,
  runImageUpdateAutomations,
  type TagCatalog,
} from "./flux/image.js";
import { type KustomizationReport, reconcileKustomizations } from "./flux/kustomize.js";
import { createNotifier, type NotificationLog } from "./flux/notifications.js";
import type { FluxRuntime } from "./flux/runtime.js";
import { reconcileGitRepositories, reconcileHelmRepositories, type SourceReport } from "./flux/source.js";
import { type HelmRepositoryServer, packageChart, startHelmRepository } from "./helm-repository.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

/** The tags the demo's "registry" lists for each image (what an ImageRepository scan would find). */
export const TAG_CATALOG: TagCatalog = {
  "ghcr.io/stefanprodan/podinfo": [
    "6.4.0",
    "6.4.1",
    "6.5.0",
    "6.5.1",
    "6.5.2",
    "6.5.3",
    "6.5.4",
    "6.6.0-rc.1",
    "6.6.0",
    "latest",
    "sha256-5ba4c0fd.sig",
  ],
};

/** Facts about this cluster, given to postBuild through the `cluster-vars` ConfigMap. */
export const CLUSTER_FACTS = { cluster_name: "production-eu", cluster_region: "eu-central-1" };

/** Everything the demo runs against. */
export interface DemoEnvironment {
  repo: FleetRepository;
  cluster: MemoryCluster;
  runtime: FluxRuntime;
  helmRepository: HelmRepositoryServer;
  webhook: WebhookReceiver;
  notifications: NotificationLog;
  /** The first commit of `main`. */
  initialCommit: string;
  /** Stop the local servers. */
  close(): Promise<void>;
}

/** Options of {@link startEnvironment}. */
export interface StartEnvironmentOptions {
  clock?: Clock;
  /** The fleet repository's files (default: `examples/fleet`). */
  fleet?: MemFsFiles;
  /** Chart directories to serve (default: `examples/charts/podinfo-frontend`). */
  charts?: MemFsFiles[];
}

/** Start the local servers, commit the fleet and create an empty cluster with the controllers' runtime. */
export async function startEnvironment(options: StartEnvironmentOptions = {}): Promise<DemoEnvironment> {
  const clock = options.clock ?? systemClock;
  const charts = (options.charts ?? [readTree(examplePath("charts/podinfo-frontend"))]).map(packageChart);
  const helmRepository = await startHelmRepository({ charts, created: clock.now() });
  const webhook = await startWebhookReceiver().catch(async (err) => {
    await helmRepository.close();
    throw err;
  });
  const close = async () => {
    await Promise.all([helmRepository.close(), webhook.close()]);
  };
  try {
    const repo = await createFleetRepository({ files: options.fleet ?? readFleetFiles(), clock });
    const cluster = new MemoryCluster();
    const { record, log } = createNotifier({ cluster, clock });
    const runtime: FluxRuntime = {
      cluster,
      fs: memFs(),
      gitFetch: repo.server.fetch,
      fetch: defaultFetch(),
      clock,
      record,
      artifacts: new Map(),
      helmIndexes: new Map(),
    };
    const initialCommit = await fleetHead(repo);
    return { repo, cluster, runtime, helmRepository, webhook, notifications: log, initialCommit, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** `flux bootstrap`: the sync objects from Git, the age key Secret and the cluster's variables. */
export async function bootstrap(env: DemoEnvironment, options: { ageKey?: string; fleet?: MemFsFiles } = {}) {
  const fleet = options.fleet ?? readFleetFiles();
  const syncPath = "clusters/production/flux-system/gotk-sync.yaml";
  const syncManifests = fleet[syncPath];
  if (syncManifests === undefined) throw new Error(`the fleet has no ${syncPath}`);
  return bootstrapCluster({
    cluster: env.cluster,
    syncManifests: String(syncManifests),
    ageKey: options.ageKey ?? readDemoAgeKey(),
    clusterVars: {
      ...CLUSTER_FACTS,
      helm_repository_url: env.helmRepository.url,
      webhook_url: env.webhook.url,
    },
  });
}

/**
 * One pass of the controllers over the cluster: Git sources, Kustomizations (dependsOn order), Helm
 * repositories (defined by a Kustomization), HelmReleases.
 */
export interface ReconcileReport {
  sources: SourceReport[];
  helmRepositories: SourceReport[];
  kustomizations: KustomizationReport[];
  helmReleases: HelmReleaseReport[];
  ms: number;
}

/** Reconcile everything once, in the order the objects depend on each other. */
export async function reconcileAll(env: DemoEnvironment): Promise<ReconcileReport> {
  const start = performance.now();
  const sources = await reconcileGitRepositories(env.runtime);
  const kustomizations = await reconcileKustomizations(env.runtime);
  const notReady = kustomizations.filter((k) => !k.ready);
  if (notReady.length > 0) {
    throw new Error(
      notReady.map((k) => `Kustomization ${k.name} is not ready (${k.reason}): ${k.message}`).join("\n"),
    );
  }
  const helmRepositories = await reconcileHelmRepositories(env.runtime);
  const helmReleases = await reconcileHelmReleases(env.runtime);
  const failed = helmReleases.filter((h) => !h.ready);
  if (failed.length > 0) {
    throw new Error(failed.map((h) => `HelmRelease ${h.name} is not ready: ${h.message}`).join("\n"));
  }
  return { sources, kustomizations, helmRepositories, helmReleases, ms: performance.now() - start };
}

/** The image automation pass: select tags, then update, commit and push. */
export interface ImageAutomationReport {
  policies: PolicyReport[];
  automations: AutomationReport[];
  ms: number;
}

/** Scan the catalog, select with every ImagePolicy, run every ImageUpdateAutomation. */
export async function automateImages(env: DemoEnvironment, catalog: TagCatalog = TAG_CATALOG) {
  const start = performance.now();
  const policies = await reconcileImagePolicies(env.runtime, catalog);
  const automations = await runImageUpdateAutomations(env.runtime);
  return { policies, automations, ms: performance.now() - start } satisfies ImageAutomationReport;
}

/** A teammate retires the `monitoring` namespace: a plain commit pushed to `main`. */
export async function retireMonitoringNamespace(env: DemoEnvironment): Promise<string> {
  return pushChange(env.repo, {
    message: "infrastructure: monitoring moved to the shared observability cluster\n",
    author: { name: "Jane Platform", email: "jane@example.com", date: env.runtime.clock.now() },
    edit: (fs, dir) => {
      const file = posixPath.join(dir, "infrastructure/namespaces.yaml");
      const docs = fs.readFile(file, "utf8").split(/^---\n/m);
      fs.writeFile(file, docs.filter((d) => !/name: monitoring\n/.test(d)).join("---\n"));
    },
  });
}
