/**
 * The controller's build step: generate (or patch) the kustomization, decrypt generator sources,
 * `kustomize build` it as Flux configures kustomize (no load restrictions, input order), then for each
 * object check its identity, decrypt it and run postBuild substitution; serialise the result and take
 * its digest.
 *
 * @module
 */
import {
  type ClusterAdapter,
  digestOf,
  errorMessage,
  type FileSystem,
  GitOpsError,
  type KubeObject,
  parseApiVersion,
  posixPath,
  printYamlStream,
  resolveWithin,
} from "@gitops-kit/core";
import { buildKustomization } from "../build.js";
import type { KustomizeCache } from "../cache.js";
import type { RemoteLoader } from "../loader.js";
import type { KustomizationSpec } from "./api.js";
import { decryptObject, decryptSources, loadDecryptionKeys } from "./decryption.js";
import { FluxBuildError, SopsDecryptError, SubstitutionError } from "./errors.js";
import { type GeneratedKustomization, generateKustomization, overlayKustomization } from "./generator.js";
import { AgeIdentities } from "./sops/metadata.js";
import {
  isSubstitutionDisabled,
  loadSubstituteVariables,
  type SubstituteVariables,
  substituteObject,
} from "./substitute.js";

/** The parts of a Flux Kustomization the build reads (a parsed `FluxKustomization` fits). */
export interface BuildableKustomization {
  metadata: { name: string; namespace?: string };
  spec: Partial<KustomizationSpec>;
}

/** Options of {@link buildFluxKustomization}. */
export interface BuildFluxKustomizationOptions {
  fs: FileSystem;
  /** The root of the source artifact; `spec.path` is resolved inside it and nothing outside is read. */
  root: string;
  kustomization: BuildableKustomization;
  /**
   * The cluster `substituteFrom` ConfigMaps/Secrets and the `spec.decryption.secretRef` Secret are read
   * from. Without it, `substituteFrom` is skipped (like `flux build kustomization --dry-run`).
   */
  cluster?: ClusterAdapter;
  /** Extra age identities (e.g. the controller-wide key); added to those from `secretRef`. */
  identities?: AgeIdentities;
  /** Strict substitution (an unset `${var}` without default fails). Default `true`, as Flux ≥ 1.9. */
  strictSubstitution?: boolean;
  /** Ignore rules for generation, as `flux build kustomization` (see `generateKustomization`). */
  ignore?: { patterns?: string };
  /** Remote bases; without it they are rejected. */
  remote?: RemoteLoader;
  /**
   * Parsed files to reuse across builds (`createKustomizeCache()`), e.g. by a loop reconciling the same
   * source again: unchanged files are not parsed again. It holds source texts as read (SOPS-encrypted
   * manifests are decrypted after the build, so their clear text is never cached).
   */
  cache?: KustomizeCache;
}

/** What {@link buildFluxKustomization} returns. */
export interface FluxBuildResult {
  /** The objects after decryption and substitution, in build order. */
  objects: KubeObject[];
  /** The objects as the controller serialises them. */
  yaml: string;
  /** `sha256:<hex>` of {@link yaml}: the controller's "digest of built resources". */
  digest: string;
  /** The kustomization that was built. */
  generated: GeneratedKustomization;
  /** kustomize's warnings. */
  warnings: string[];
}

/**
 * Build a Flux Kustomization from a source tree exactly as kustomize-controller does, without applying
 * anything. The caller's file system is not modified (the generated kustomization and decrypted files
 * live in an overlay).
 *
 * @example
 * const fs = memFs({ "/src/apps/deploy.yaml": "..." });
 * const { yaml } = await buildFluxKustomization({ fs, root: "/src", kustomization: ks, cluster });
 *
 * @throws FluxBuildError (generation, kustomize, identity checks), SubstitutionError, SopsDecryptError or
 * SopsUnsupportedError; every message names the object or file, never secret data.
 */
export async function buildFluxKustomization(
  options: BuildFluxKustomizationOptions,
): Promise<FluxBuildResult> {
  const { kustomization: ks } = options;
  const spec = ks.spec;
  const namespace = ks.metadata.namespace || "default";
  const root = posixPath.resolve(options.root);
  const dir = resolveKustomizationPath(options.fs, root, spec.path ?? "");

  const generated = generateKustomization({ fs: options.fs, path: dir, root, spec, ignore: options.ignore });
  let view: FileSystem = overlayKustomization(options.fs, generated);

  let identities: AgeIdentities | undefined;
  if (spec.decryption) {
    identities = new AgeIdentities();
    for (const key of options.identities?.list() ?? []) identities.import(key);
    if (spec.decryption.secretRef?.name && options.cluster) {
      await loadDecryptionKeys({
        cluster: options.cluster,
        namespace,
        secretName: spec.decryption.secretRef.name,
        into: identities,
      });
    }
    view = await decryptSources({ fs: view, root, path: dir, identities });
  }

  let built: { resources: KubeObject[]; warnings: string[] };
  try {
    built = buildKustomization({
      fs: view,
      path: dir,
      loadRestrictions: "LoadRestrictionsNone",
      reorder: "none",
      remote: options.remote,
      cache: options.cache,
    });
  } catch (err) {
    throw new FluxBuildError(`kustomize build failed: ${errorText(err)}`, { cause: err });
  }

  let vars: SubstituteVariables | undefined;
  const objects: KubeObject[] = [];
  for (const original of built.resources) {
    let object = original;
    const name = object.metadata?.name;
    if (!name || !object.kind || !object.apiVersion) {
      throw new FluxBuildError(
        `failed to decode Kubernetes apiVersion, kind and name from: ${JSON.stringify(object)}`,
      );
    }
    if (identities) {
      try {
        object = (await decryptObject(object, identities)) ?? object;
      } catch (err) {
        throw prefixed(err, `decryption failed for '${gvkString(object)}/${name}'`);
      }
    }
    if (spec.postBuild && !isSubstitutionDisabled(object)) {
      // Read only when an object needs them: a missing reference is no error if every object opts out.
      vars ??= await loadSubstituteVariables({
        namespace,
        postBuild: spec.postBuild,
        cluster: options.cluster,
      });
      try {
        object =
          substituteObject({
            object,
            vars: vars.vars,
            strict: options.strictSubstitution ?? true,
            always: spec.postBuild.substituteStrategy === "Always",
            secretValues: vars.secretValues,
          }) ?? object;
      } catch (err) {
        throw prefixed(err, `post build failed for '${gvkString(object)}/${name}'`);
      }
    }
    objects.push(object);
  }
  const yaml = printYamlStream(objects);
  return { objects, yaml, digest: digestOf(yaml), generated, warnings: built.warnings };
}

/**
 * Resolve `spec.path` inside the root as the controller does (`..` cannot climb above the root; links
 * may not leave it) and require the directory to exist.
 *
 * @throws FluxBuildError `kustomization path not found: ...`, or PathEscapeError for a link out of the root.
 */
export function resolveKustomizationPath(fs: FileSystem, root: string, path: string): string {
  const clamped = posixPath.join(root, posixPath.normalize(`/${path}`));
  const { realPath, exists } = resolveWithin({ fs, root, path: clamped });
  if (!exists) {
    throw new FluxBuildError(`kustomization path not found: stat ${clamped}: no such file or directory`);
  }
  if (!fs.stat(realPath).isDirectory()) {
    throw new FluxBuildError(`kustomization path not found: ${clamped} is not a directory`);
  }
  return clamped;
}

/** kustomize's `Kind.version.group` form used in the controller's messages. */
export function gvkString(object: KubeObject): string {
  let group = "";
  let version = "";
  try {
    ({ group, version } = parseApiVersion(String(object.apiVersion)));
  } catch {
    version = String(object.apiVersion);
  }
  return `${object.kind || "[noKind]"}.${version || "[noVer]"}.${group || "[noGrp]"}`;
}

function prefixed(err: unknown, prefix: string): Error {
  const message = `${prefix}: ${errorText(err)}`;
  if (err instanceof SubstitutionError) return new SubstitutionError(message, { cause: err });
  if (err instanceof SopsDecryptError) return new SopsDecryptError(message, { cause: err });
  if (err instanceof GitOpsError) return err;
  return new FluxBuildError(message, { cause: err });
}

function errorText(err: unknown): string {
  return errorMessage(err);
}
