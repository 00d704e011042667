/**
 * source-controller: GitRepositories are fetched (nothing is cloned while the remote still points at
 * the stored revision), their artifact stored (`main@sha1:...`, `sha256:` digest) and extracted where
 * the Kustomizations read it; HelmRepositories' indexes are downloaded and recorded in their status
 * (the artifact revision is the index digest).
 */
import type { KubeObject } from "@gitops-kit/core";
import { newEvent } from "@gitops-kit/notify";
import {
  extractArchive,
  fetchGitRepository,
  fetchHelmIndex,
  type GitRepositoryObservation,
  isomorphicGitAdapter,
} from "@gitops-kit/source";
import { type FluxRuntime, keyOf, readyCondition, writeStatus } from "./runtime.js";

/** What one GitRepository reconcile did. */
export interface SourceReport {
  name: string;
  revision: string;
  /** False when the remote still had the stored revision. */
  changed: boolean;
  digest: string;
  ms: number;
}

const observed = new WeakMap<FluxRuntime, Map<string, GitRepositoryObservation>>();

/** Reconcile every GitRepository in the cluster. */
export async function reconcileGitRepositories(runtime: FluxRuntime): Promise<SourceReport[]> {
  const reports: SourceReport[] = [];
  const seen = observed.get(runtime) ?? new Map<string, GitRepositoryObservation>();
  observed.set(runtime, seen);
  const list = await runtime.cluster.list({
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
  });
  for (const repo of list) {
    const start = performance.now();
    const key = keyOf(repo);
    const stored = runtime.artifacts.get(key);
    const checkout = `/checkouts/${repo.metadata.namespace}/${repo.metadata.name}`;
    const result = await fetchGitRepository({
      spec: repo.spec as never,
      fs: runtime.fs,
      dir: checkout,
      fetch: runtime.gitFetch,
      lastRevision: stored?.revision,
      lastObserved: seen.get(key),
    });
    if (result.changed && result.artifact) {
      seen.set(key, result.observed);
      const root = `/artifacts/gitrepository/${repo.metadata.namespace}/${repo.metadata.name}/${result.commit}`;
      extractArchive({ fs: runtime.fs, dir: root, data: result.artifact.tarGz, name: key });
      runtime.artifacts.set(key, { revision: result.revision, digest: result.artifact.digest, root });
      await writeStatus(
        runtime.cluster,
        repo,
        statusOf(runtime, repo, result.revision, result.artifact.digest, "gitrepository"),
      );
      await recordNewArtifact(runtime, repo, checkout, result.commit, result.revision);
    }
    const current = runtime.artifacts.get(key);
    reports.push({
      name: `${repo.metadata.namespace}/${repo.metadata.name}`,
      revision: result.revision,
      changed: result.changed,
      digest: current?.digest ?? "",
      ms: performance.now() - start,
    });
  }
  return reports;
}

function statusOf(runtime: FluxRuntime, repo: KubeObject, revision: string, digest: string, kind: string) {
  return {
    observedGeneration: repo.metadata.generation,
    artifact: {
      revision,
      digest,
      path: `${kind}/${repo.metadata.namespace}/${repo.metadata.name}/${digest.slice(7, 19)}.tar.gz`,
      lastUpdateTime: runtime.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
    },
    conditions: [
      readyCondition(
        runtime.clock,
        true,
        "Succeeded",
        `stored artifact: revision '${revision}'`,
        repo.metadata.generation,
      ),
    ],
  };
}

/** Fetch every HelmRepository's index. */
export async function reconcileHelmRepositories(runtime: FluxRuntime): Promise<SourceReport[]> {
  const reports: SourceReport[] = [];
  const list = await runtime.cluster.list({
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "HelmRepository",
  });
  for (const repo of list) {
    const start = performance.now();
    const { url } = repo.spec as { url: string };
    const fetched = await fetchHelmIndex({ url, fetch: runtime.fetch });
    const key = keyOf(repo);
    const previous = runtime.helmIndexes.get(key);
    runtime.helmIndexes.set(key, { url, index: fetched.index, digest: fetched.digest });
    if (previous?.digest !== fetched.digest) {
      await writeStatus(
        runtime.cluster,
        repo,
        statusOf(runtime, repo, fetched.digest, fetched.digest, "helmrepository"),
      );
    }
    reports.push({
      name: `${repo.metadata.namespace}/${repo.metadata.name}`,
      revision: fetched.digest,
      changed: previous?.digest !== fetched.digest,
      digest: fetched.digest,
      ms: performance.now() - start,
    });
  }
  return reports;
}

/** source-controller's `NewArtifact` event: `stored artifact for commit '<subject>'`. */
async function recordNewArtifact(
  runtime: FluxRuntime,
  repo: KubeObject,
  checkout: string,
  commit: string,
  revision: string,
): Promise<void> {
  const git = isomorphicGitAdapter({ fs: runtime.fs });
  const subject = (await git.readCommit({ dir: checkout, ref: commit })).message.split("\n")[0];
  // Flux shortens the subject to 50 characters.
  const short = [...subject].length > 50 ? `${[...subject].slice(0, 50).join("")}...` : subject;
  const live = await runtime.cluster.get({
    apiVersion: repo.apiVersion,
    kind: repo.kind,
    namespace: repo.metadata.namespace,
    name: repo.metadata.name ?? "",
  });
  await runtime.record(
    newEvent({
      object: live,
      severity: "info",
      reason: "NewArtifact",
      message: `stored artifact for commit '${short}'`,
      metadata: { "source.toolkit.fluxcd.io/revision": revision },
      reportingController: "source-controller",
      clock: runtime.clock,
    }),
  );
}
