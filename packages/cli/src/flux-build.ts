/**
 * The offline half of `flux build kustomization`, shared by `build kustomization` and `diff kustomization`:
 * which Kustomization to build, its postBuild inputs, and the build itself with the flux CLI's
 * post-processing (owner labels, commonMetadata, SOPS masking, recursion into nested Kustomizations).
 */
import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import {
  type ClusterAdapter,
  GitOpsError,
  isKubeObject,
  type KubeObject,
  parseYamlStream,
  printYaml,
  ValidationError,
} from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import {
  type BuildableKustomization,
  buildFluxKustomization,
  isFluxKustomizationObject,
  KustomizationSpecSchema,
  OWNER_NAME_LABEL,
  OWNER_NAMESPACE_LABEL,
} from "@gitops-kit/kustomize";
import { UsageError } from "./errors.js";
import { readInput } from "./input.js";
import type { CommandIO } from "./registry.js";

/** The Kustomization `flux build kustomization` works with, and the objects offered to `substituteFrom`. */
export interface BuildInput {
  kustomization: BuildableKustomization;
  /** ConfigMaps and Secrets from `--substitute-from` files, in order (a cluster stand-in). */
  substituteObjects: KubeObject[];
}

/** Options of {@link buildTree}. */
export interface BuildTreeOptions {
  kustomization: BuildableKustomization;
  dir: string;
  /** Where `substituteFrom` ConfigMaps and Secrets are read. */
  cluster: ClusterAdapter | undefined;
  strict: boolean;
  ignore: string;
  recursive: boolean;
  localSources: Map<string, string>;
  /** `namespace/name` of the Kustomizations on the current path, against cycles. */
  seen: Set<string>;
}

/**
 * Build one Kustomization as the flux CLI prints it (owner labels, SOPS masking, commonMetadata), then,
 * with `recursive`, each other Flux Kustomization in its output from its local source, appended after.
 */
export async function buildTree(options: BuildTreeOptions): Promise<KubeObject[]> {
  const { kustomization: ks } = options;
  const self = `${ks.metadata.namespace}/${ks.metadata.name}`;
  if (options.seen.has(self)) {
    throw new ValidationError(
      `Kustomization '${self}' builds itself again (${[...options.seen, self].join(" -> ")})`,
    );
  }
  const built = await buildFluxKustomization({
    fs: nodeFs(),
    root: options.dir,
    // The local directory replaces spec.path; the CLI masks SOPS data rather than decrypting it.
    kustomization: { metadata: ks.metadata, spec: { ...ks.spec, path: "", decryption: undefined } },
    cluster: options.cluster,
    strictSubstitution: options.strict,
    ignore: { patterns: options.ignore },
  });
  const objects: KubeObject[] = [];
  for (const object of built.objects) {
    if (isKustomizeConfig(object)) continue;
    setOwnerLabels(object, ks.metadata);
    maskSopsData(object);
    setCommonMetadata(object, ks.spec.commonMetadata);
    objects.push(object);
  }
  if (!options.recursive) return objects;
  const nested: KubeObject[] = [];
  for (const object of objects) {
    if (!isFluxKustomizationObject(object)) continue;
    const child = decodeKustomization(object, "the build output");
    if (child.metadata.name === ks.metadata.name && child.metadata.namespace === ks.metadata.namespace)
      continue;
    const ref = (
      object.spec as { sourceRef?: { kind?: string; name?: string; namespace?: string } } | undefined
    )?.sourceRef;
    const key = `${ref?.kind}/${ref?.namespace || child.metadata.namespace}/${ref?.name}`;
    const local = options.localSources.get(key);
    if (local === undefined) {
      throw new ValidationError(`cannot get local path for ${key} of kustomization ${child.metadata.name}`);
    }
    const dir = resolve(local, child.spec.path ?? "");
    if (!isDirectory(dir)) throw new ValidationError(`invalid resource path "${dir}"`);
    nested.push(
      ...(await buildTree({
        ...options,
        kustomization: child,
        dir,
        cluster: undefined,
        seen: new Set([...options.seen, self]),
      })),
    );
  }
  return [...objects, ...nested];
}

/** `--local-sources Kind/namespace/name=path,...` as a map from the source key to an absolute path. */
export function parseLocalSources(values: string[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of values.flatMap((v) => v.split(","))) {
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    if (eq <= 0 || entry.slice(0, eq).split("/").length !== 3) {
      throw new UsageError(`--local-sources expects Kind/namespace/name=path, got '${entry}'`);
    }
    out.set(entry.slice(0, eq), resolve(cwd, entry.slice(eq + 1)));
  }
  return out;
}

export interface LoadInputOptions {
  io: CommandIO;
  dir: string;
  name: string | undefined;
  namespace: string;
  kustomizationFile: string | undefined;
  substitutes: string[];
  substituteFromFiles: string[];
}

export async function loadBuildInput(options: LoadInputOptions): Promise<BuildInput> {
  const { io } = options;
  const kustomization = options.kustomizationFile
    ? await readKustomizationFile(options.kustomizationFile, options.name, options.namespace, io)
    : {
        metadata: { name: options.name ?? basename(options.dir), namespace: options.namespace },
        spec: {},
      };
  const spec = kustomization.spec;

  const substitute: Record<string, string> = { ...(spec.postBuild?.substitute ?? {}) };
  for (const pair of options.substitutes) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--substitute expects KEY=VALUE, got '${pair}'`);
    substitute[pair.slice(0, eq)] = pair.slice(eq + 1);
  }

  const substituteObjects: KubeObject[] = [];
  for (const file of options.substituteFromFiles) {
    const { text, name } = await readInput(file, io);
    for (const doc of parseYamlStream(text, { file: name, dialect: "sigs-yaml" })) {
      if (doc === null) continue;
      substituteObjects.push(checkSubstituteObject(doc, name));
    }
  }

  if (options.substitutes.length > 0 || substituteObjects.length > 0) {
    const key = (kind: string, name: string) => `${kind}/${name}`;
    const supplied = new Set(substituteObjects.map((o) => key(o.kind, String(o.metadata.name))));
    // Offline, a reference nothing supplies is skipped, as `flux build --dry-run` skips them all.
    const refs = (spec.postBuild?.substituteFrom ?? []).filter((r) => supplied.has(key(r.kind, r.name)));
    const referenced = new Set(refs.map((r) => key(r.kind, r.name)));
    for (const o of substituteObjects) {
      const k = key(o.kind, String(o.metadata.name));
      if (referenced.has(k)) continue;
      referenced.add(k);
      refs.push({ kind: o.kind as "ConfigMap" | "Secret", name: String(o.metadata.name), optional: false });
    }
    spec.postBuild = { ...spec.postBuild, substitute, substituteFrom: refs };
  }
  return { kustomization, substituteObjects };
}

/** The Flux Kustomization in `file` named `name` in `namespace` (or with none), decoded as the flux CLI does. */
async function readKustomizationFile(
  file: string,
  name: string | undefined,
  namespace: string,
  io: CommandIO,
): Promise<BuildableKustomization> {
  const input = await readInput(file, io);
  const docs = parseYamlStream(input.text, { file: input.name, dialect: "sigs-yaml" });
  const candidates = docs.filter(isFluxKustomizationObject) as KubeObject[];
  let found: KubeObject | undefined;
  if (name === undefined) {
    if (candidates.length !== 1) {
      throw new UsageError(
        `${file} holds ${candidates.length} Flux Kustomizations: name the one to build (NAME argument)`,
      );
    }
    found = candidates[0];
  } else {
    found = candidates.find(
      (k) => k.metadata?.name === name && (k.metadata?.namespace === namespace || !k.metadata?.namespace),
    );
  }
  if (!found?.metadata?.name) {
    throw new ValidationError(
      `failed find kustomization with name '${name}' and namespace '${namespace}' in file '${file}'`,
    );
  }
  return decodeKustomization(found, file);
}

/** The spec decoded like the CLI's struct decoding: fields may be missing (no interval or sourceRef is
 * needed to build), but those present must have the right form. */
export function decodeKustomization(object: KubeObject, where: string): BuildableKustomization {
  const parsed = KustomizationSpecSchema.partial().safeParse(object.spec ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ["spec", ...issue.path.map(String)].join(".");
    throw new ValidationError(
      `${where}: Kustomization '${object.metadata.name}': ${field}: ${issue.message}`,
    );
  }
  return {
    metadata: { name: String(object.metadata.name), namespace: object.metadata.namespace ?? "" },
    spec: parsed.data,
  };
}

function checkSubstituteObject(doc: unknown, file: string): KubeObject {
  const described = isKubeObject(doc) ? `${doc.kind}/${doc.metadata?.name}` : "a document";
  if (
    !isKubeObject(doc) ||
    doc.apiVersion !== "v1" ||
    (doc.kind !== "ConfigMap" && doc.kind !== "Secret") ||
    !doc.metadata?.name
  ) {
    throw new ValidationError(
      `${file}: ${described} is not a v1 ConfigMap or Secret with a name (--substitute-from)`,
    );
  }
  for (const field of ["data", "stringData"]) {
    const map = doc[field];
    if (map === undefined || map === null) continue;
    if (typeof map !== "object" || Array.isArray(map)) {
      throw new ValidationError(`${file}: ${described}: ${field} must be a map of strings`);
    }
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
      if (typeof v !== "string") {
        throw new ValidationError(`${file}: ${described}: ${field}.${k} must be a string`);
      }
    }
  }
  return doc;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** kustomize's own config objects are not Kubernetes objects: the flux CLI drops them from its output. */
function isKustomizeConfig(object: KubeObject): boolean {
  return (
    String(object.kind).toLowerCase() === "kustomization" &&
    String(object.apiVersion).startsWith("kustomize.config.k8s.io/")
  );
}

function setOwnerLabels(object: KubeObject, owner: { name: string; namespace?: string }): void {
  object.metadata.labels = {
    ...object.metadata.labels,
    [OWNER_NAME_LABEL]: owner.name,
    [OWNER_NAMESPACE_LABEL]: owner.namespace ?? "",
  };
}

/** `spec.commonMetadata` overrides existing keys on every object. */
function setCommonMetadata(
  object: KubeObject,
  common: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined,
): void {
  if (!common) return;
  if (common.labels && Object.keys(common.labels).length > 0) {
    object.metadata.labels = { ...object.metadata.labels, ...common.labels };
  }
  if (common.annotations && Object.keys(common.annotations).length > 0) {
    object.metadata.annotations = { ...object.metadata.annotations, ...common.annotations };
  }
}

/** What the flux CLI puts in place of SOPS-encrypted values. */
export const MASK = "**SOPS**";
const MASK_BASE64 = btoa(MASK);
const DOCKER_CONFIG_MASK = JSON.stringify({ mask: MASK });

/**
 * Hide SOPS-encrypted Secret values as the flux CLI does: a Secret that is a whole SOPS document loses
 * its `sops` metadata and every value (docker config Secrets get a JSON mask); otherwise only the values
 * that hold SOPS data are replaced.
 */
function maskSopsData(object: KubeObject): void {
  if (object.kind !== "Secret") return;
  const data = stringMap(object.data);
  const stringData = stringMap(object.stringData);
  const text = printYaml(object);
  if (text.includes("sops:") && text.includes("mac: ENC[")) {
    delete object.sops;
    const docker = (object.type ?? "Opaque") === "kubernetes.io/dockerconfigjson";
    for (const k of Object.keys(data)) data[k] = docker ? btoa(DOCKER_CONFIG_MASK) : MASK_BASE64;
    for (const k of Object.keys(stringData)) stringData[k] = docker ? DOCKER_CONFIG_MASK : MASK;
  } else {
    for (const [k, v] of Object.entries(data)) {
      if (isSopsText(decodeBase64Strict(v, object, k))) data[k] = MASK_BASE64;
    }
    for (const [k, v] of Object.entries(stringData)) {
      if (isSopsText(v)) stringData[k] = MASK_BASE64;
    }
  }
  // The data map is written back whole (an empty one disappears); stringData only when it has keys.
  delete object.data;
  if (Object.keys(data).length > 0) object.data = data;
  if (Object.keys(stringData).length > 0) object.stringData = stringData;
}

function isSopsText(text: string): boolean {
  return text.includes("sops") && text.includes("ENC[");
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) out[k] = typeof v === "string" ? v : String(v);
  }
  return out;
}

/** Standard base64 as Go's `StdEncoding` reads it (line breaks skipped, padding required). */
function decodeBase64Strict(text: string, object: KubeObject, key: string): string {
  const clean = text.replace(/[\r\n]/g, "");
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new GitOpsError(
      "SOPS_MASK_FAILED",
      `failed to mask secret ${object.metadata.name} sops data: data.${key} is not valid base64`,
    );
  }
  return new TextDecoder().decode(Uint8Array.from(atob(clean), (c) => c.charCodeAt(0)));
}
