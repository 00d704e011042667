/**
 * HelmRelease post-rendering, in helm-controller's order: each `spec.postRenderers[].kustomize` (patches and
 * images) as its own kustomize build over the rendered manifests — an in-memory kustomization with the
 * manifests as its one resource, exactly how helm-controller runs krusty — then `spec.commonMetadata`
 * labels and annotations, then the origin labels `helm.toolkit.fluxcd.io/name` and `/namespace` on every
 * object.
 */
import { errorMessage, type KubeObject, memFs, printYamlStream } from "@gitops-kit/core";
import { buildKustomization } from "@gitops-kit/kustomize";
import { PostRenderError } from "./errors.js";
import { HELM_RELEASE_GROUP, type HelmRelease, type PostRenderer } from "./schema.js";

/** The label naming the HelmRelease that manages an object. */
export const RELEASE_NAME_LABEL = `${HELM_RELEASE_GROUP}/name`;
/** The label naming the HelmRelease's namespace. */
export const RELEASE_NAMESPACE_LABEL = `${HELM_RELEASE_GROUP}/namespace`;

const INPUT = "helm-output.yaml";

/** One kustomize post-renderer over the objects: a build of `resources: [helm-output.yaml]` + patches/images. */
function runKustomize(
  objects: readonly KubeObject[],
  spec: NonNullable<PostRenderer["kustomize"]>,
): KubeObject[] {
  const kustomization: Record<string, unknown> = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: [INPUT],
  };
  if (spec.images?.length) kustomization.images = spec.images;
  if (spec.patches?.length) kustomization.patches = spec.patches;
  const fs = memFs({
    [`/${INPUT}`]: printYamlStream(objects as unknown[]),
    "/kustomization.yaml": JSON.stringify(kustomization),
  });
  try {
    return buildKustomization({ fs, path: "/", loadRestrictions: "None", reorder: "none" }).resources;
  } catch (err) {
    throw new PostRenderError(`kustomize post-renderer: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}

function withMetadataMap(
  object: KubeObject,
  field: "labels" | "annotations",
  entries: Readonly<Record<string, string>>,
): KubeObject {
  const metadata = { ...(object.metadata ?? {}) } as Record<string, unknown>;
  metadata[field] = { ...((metadata[field] as Record<string, string> | undefined) ?? {}), ...entries };
  return { ...object, metadata } as KubeObject;
}

/** Options of {@link postRenderManifests}. */
export interface PostRenderOptions {
  release: HelmRelease;
  /** The rendered manifests (hooks excluded, as with the default `nohooks` strategy). */
  objects: readonly KubeObject[];
}

/**
 * Apply the HelmRelease's post-renderers, common metadata and origin labels. Returns new objects; the input
 * is not modified. Throws {@link PostRenderError} when a patch or image cannot be applied.
 *
 * @example
 * const out = postRenderManifests({ release, objects });
 * out[0].metadata.labels["helm.toolkit.fluxcd.io/name"]; // release.metadata.name
 */
export function postRenderManifests(options: PostRenderOptions): KubeObject[] {
  const { release } = options;
  let objects = [...options.objects];
  for (const renderer of release.spec.postRenderers ?? []) {
    if (renderer.kustomize && objects.length > 0) objects = runKustomize(objects, renderer.kustomize);
  }
  const common = release.spec.commonMetadata;
  if (common?.labels) objects = objects.map((o) => withMetadataMap(o, "labels", common.labels ?? {}));
  if (common?.annotations)
    objects = objects.map((o) => withMetadataMap(o, "annotations", common.annotations ?? {}));
  const origin = {
    [RELEASE_NAME_LABEL]: release.metadata.name,
    [RELEASE_NAMESPACE_LABEL]: release.metadata.namespace,
  };
  return objects.map((o) => withMetadataMap(o, "labels", origin));
}
