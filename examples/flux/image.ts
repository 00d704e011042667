/**
 * image-reflector-controller and image-automation-controller: ImageRepositories "scanned" from a tag
 * list the demo embeds (a registry stand-in), ImagePolicies selecting a tag, and ImageUpdateAutomations
 * that clone the repository, set the marked fields, commit with the templated message and push.
 */
import { type KubeObject, posixPath } from "@gitops-kit/core";
import {
  type AutomationGitSpec,
  applyPolicies,
  commitAndPush,
  excludeTags,
  imagePolicyReadyMessage,
  latestTags,
  parseImagePolicy,
  type SetterPolicy,
  selectLatestTag,
  type UpdateAutomation,
} from "@gitops-kit/image";
import { imageUpdateEvent } from "@gitops-kit/notify";
import { isomorphicGitAdapter } from "@gitops-kit/source";
import { type FluxRuntime, readyCondition, writeStatus } from "./runtime.js";

/** Tags per image repository (`ghcr.io/org/app` → tags), standing in for a registry's tag list. */
export type TagCatalog = Readonly<Record<string, readonly string[]>>;

/** What a policy selected. */
export interface PolicyReport {
  name: string;
  image: string;
  /** Tags seen after the exclusion list. */
  tags: number;
  latest: string;
  previous?: string;
}

/** What an automation pushed (or why it did not). */
export interface AutomationReport {
  name: string;
  committed: boolean;
  /** The new commit id, when committed. */
  commit?: string;
  message?: string;
  branch?: string;
  /** Files changed, relative to the repository root. */
  files: string[];
  /** `old -> new` per change. */
  changes: string[];
  ms: number;
}

const IMAGE_API = "image.toolkit.fluxcd.io/v1beta2";

/** Scan every ImageRepository and select a tag for every ImagePolicy. */
export async function reconcileImagePolicies(
  runtime: FluxRuntime,
  catalog: TagCatalog,
): Promise<PolicyReport[]> {
  const scanned = new Map<string, { image: string; tags: string[] }>();
  for (const repo of await runtime.cluster.list({ apiVersion: IMAGE_API, kind: "ImageRepository" })) {
    const spec = repo.spec as { image: string; exclusionList?: string[] };
    const tags = excludeTags({ tags: catalog[spec.image] ?? [], exclusionList: spec.exclusionList });
    scanned.set(`${repo.metadata.namespace}/${repo.metadata.name}`, { image: spec.image, tags });
    await writeStatus(runtime.cluster, repo, {
      canonicalImageName: spec.image,
      lastScanResult: { tagCount: tags.length, latestTags: latestTags({ tags }), scanTime: now(runtime) },
      conditions: [
        readyCondition(runtime.clock, true, "Succeeded", `successful scan: found ${tags.length} tags`),
      ],
    });
  }
  const reports: PolicyReport[] = [];
  for (const object of await runtime.cluster.list({ apiVersion: IMAGE_API, kind: "ImagePolicy" })) {
    const policy = parseImagePolicy({ object });
    const ref = policy.spec.imageRepositoryRef;
    const repo = scanned.get(`${ref.namespace ?? policy.metadata.namespace}/${ref.name}`);
    if (!repo) continue;
    const tag = selectLatestTag({
      tags: repo.tags,
      policy: policy.spec.policy,
      filterTags: policy.spec.filterTags,
    });
    const latestRef = { name: repo.image, tag };
    const previous = policy.status?.latestRef;
    const observedPreviousRef = previous && previous.tag !== tag ? previous : undefined;
    await writeStatus(runtime.cluster, object, {
      latestRef,
      ...(observedPreviousRef ? { observedPreviousRef } : {}),
      conditions: [
        readyCondition(
          runtime.clock,
          true,
          "Succeeded",
          imagePolicyReadyMessage({ latestRef, observedPreviousRef }),
        ),
      ],
    });
    reports.push({
      name: `${policy.metadata.namespace}/${policy.metadata.name}`,
      image: repo.image,
      tags: repo.tags.length,
      latest: tag,
      previous: previous?.tag,
    });
  }
  return reports;
}

interface AutomationSpec {
  sourceRef: { kind: string; name: string; namespace?: string };
  git: AutomationGitSpec & { checkout?: { ref?: { branch?: string } } };
  update?: { path?: string; strategy?: string };
  policySelector?: UpdateAutomation["spec"]["policySelector"];
}

/** Run every ImageUpdateAutomation once: clone, update the marked fields, commit and push. */
export async function runImageUpdateAutomations(runtime: FluxRuntime): Promise<AutomationReport[]> {
  const policies: SetterPolicy[] = (
    await runtime.cluster.list({ apiVersion: IMAGE_API, kind: "ImagePolicy" })
  ).map((p) => ({
    namespace: p.metadata.namespace ?? "default",
    name: p.metadata.name ?? "",
    latestRef: (p.status as { latestRef?: SetterPolicy["latestRef"] } | undefined)?.latestRef,
    labels: p.metadata.labels,
  }));
  const reports: AutomationReport[] = [];
  for (const automation of await runtime.cluster.list({
    apiVersion: IMAGE_API,
    kind: "ImageUpdateAutomation",
  })) {
    reports.push(await runOne(runtime, automation, policies));
  }
  return reports;
}

let checkouts = 0;

async function runOne(runtime: FluxRuntime, automation: KubeObject, policies: SetterPolicy[]) {
  const start = performance.now();
  const automationName = automation.metadata.name ?? "";
  const spec = automation.spec as AutomationSpec;
  const namespace = automation.metadata.namespace ?? "default";
  const source = await runtime.cluster.get({
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    namespace: spec.sourceRef.namespace || namespace,
    name: spec.sourceRef.name,
  });
  const { url } = source.spec as { url: string };
  const branch = spec.git.checkout?.ref?.branch || "main";
  const git = isomorphicGitAdapter({ fs: runtime.fs, fetch: runtime.gitFetch, clock: runtime.clock });
  const dir = `/automation/${namespace}/${automationName}-${++checkouts}`;
  await git.clone({ url, dir, ref: branch, depth: 1 });
  const result = applyPolicies({
    fs: runtime.fs,
    root: dir,
    automation: { namespace, name: automationName, spec },
    policies,
  });
  const pushed = await commitAndPush({
    git,
    dir,
    branch,
    automation: { namespace, name: automationName },
    spec: spec.git,
    result,
    date: runtime.clock.now(),
  });
  const updatePath = posixPath.normalize(spec.update?.path ?? ".");
  const files = Object.keys(result.fileChanges)
    .sort()
    .map((f) => posixPath.join(updatePath, f));
  const changes = [
    ...new Set(
      Object.values(result.fileChanges).flatMap((objects) =>
        objects.flatMap((o) => o.changes.map((c) => `${c.oldValue} -> ${c.newValue}`)),
      ),
    ),
  ];
  const name = `${namespace}/${automationName}`;
  if (!pushed.committed) return { name, committed: false, files, changes, ms: performance.now() - start };
  await writeStatus(runtime.cluster, automation, {
    lastPushCommit: pushed.revision,
    lastPushTime: now(runtime),
    conditions: [readyCondition(runtime.clock, true, "Succeeded", pushed.summary)],
  });
  const live = await runtime.cluster.get({
    apiVersion: IMAGE_API,
    kind: "ImageUpdateAutomation",
    namespace,
    name: automationName,
  });
  await runtime.record(
    imageUpdateEvent({
      automation: live,
      commit: { hash: pushed.revision, message: pushed.message },
      branch: pushed.pushedBranch,
      refspecs: pushed.refspecs,
      clock: runtime.clock,
    }),
  );
  return {
    name,
    committed: true,
    commit: pushed.revision,
    message: pushed.message,
    branch: pushed.pushedBranch,
    files,
    changes,
    ms: performance.now() - start,
  };
}

function now(runtime: FluxRuntime): string {
  return runtime.clock
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}
