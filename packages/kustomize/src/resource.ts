/**
 * One object in a build, with the bookkeeping kustomize keeps beside it: the ids it had before
 * renames, the prefixes/suffixes applied to it, generator behavior and hash flag, and who refers
 * to it. kustomize stores these as internal annotations; here they are fields, and the few places
 * where their presence as annotations is observable are emulated where they happen.
 *
 * @module
 */
import { fieldText, isMap, scalarText } from "./fieldspecs/fieldspec.js";
import { effectiveNamespace, type Gvk, parseGroupVersion, type ResId, type ScopeResolver } from "./resid.js";
import { copyWithText, writtenText } from "./scalar-text.js";

/** A Kubernetes object as a plain JSON-like value. */
export type KubeObject = Record<string, unknown>;

/** Generator behaviors (`unspecified` behaves as `create`). */
export type GenerationBehavior = "create" | "merge" | "replace" | "unspecified";

export function toGenerationBehavior(s: string | undefined): GenerationBehavior {
  return s === "create" || s === "merge" || s === "replace" ? s : "unspecified";
}

/** Where a resource came from, as the `config.kubernetes.io/origin` annotation describes it. */
export interface Origin {
  path?: string;
  repo?: string;
  ref?: string;
  configuredIn?: string;
  configuredBy?: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
}

export const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";
export const TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations";

/** A resource in a build: the object plus kustomize's build bookkeeping. */
export class Resource {
  obj: KubeObject;
  /** Previous names, effective namespaces and kinds, oldest first (kustomize's previous* annotations). */
  prevNames: string[] = [];
  prevNamespaces: string[] = [];
  prevKinds: string[] = [];
  /** Name prefixes / suffixes applied, outermost last. */
  prefixes: string[] = [];
  suffixes: string[] = [];
  /** Ids (rendered) of resources whose name references were resolved to this one. */
  refBy: string[] = [];
  /** Set on generated resources. */
  behavior: GenerationBehavior | undefined;
  needsHashSuffix = false;
  /** Set on patches that may rename / re-kind their target. */
  allowNameChange = false;
  allowKindChange = false;
  /** Names of vars whose objref matched this resource. */
  refVarNames: string[] = [];
  /** The file the resource was read from (for messages). */
  source: string | undefined;
  /** Transformers recorded for `buildMetadata: [transformerAnnotations]`, oldest first. */
  transformations: Origin[] = [];

  constructor(obj: KubeObject, source?: string) {
    this.obj = obj;
    this.source = source;
  }

  get kind(): string {
    return typeof this.obj.kind === "string" ? this.obj.kind : scalarText(this.obj.kind);
  }

  get apiVersion(): string {
    return typeof this.obj.apiVersion === "string" ? this.obj.apiVersion : scalarText(this.obj.apiVersion);
  }

  private metaField(name: string): string {
    const md = this.obj.metadata;
    if (!isMap(md)) return "";
    return fieldText(md, name);
  }

  get name(): string {
    return this.metaField("name");
  }

  get namespace(): string {
    return this.metaField("namespace");
  }

  /** Set `metadata.name`, creating `metadata` when needed. */
  setName(name: string): void {
    this.metadata().name = name;
  }

  /** Set `metadata.namespace`; an empty value removes the field. */
  setNamespace(ns: string): void {
    if (ns === "") {
      const md = this.obj.metadata;
      if (isMap(md)) delete md.namespace;
      return;
    }
    this.metadata().namespace = ns;
  }

  setKind(kind: string): void {
    this.obj.kind = kind;
  }

  setApiVersion(apiVersion: string): void {
    this.obj.apiVersion = apiVersion;
  }

  /** `metadata`, created as an empty map when absent or not a map. */
  metadata(): Record<string, unknown> {
    let md = this.obj.metadata;
    if (!isMap(md)) {
      md = {};
      this.obj.metadata = md;
    }
    return md as Record<string, unknown>;
  }

  gvk(): Gvk {
    const { group, version } = parseGroupVersion(this.apiVersion);
    return { group, version, kind: this.kind };
  }

  private idMemo:
    | { apiVersion: unknown; kind: unknown; name: string; namespace: string; id: ResId }
    | undefined;

  /** The current id (memoised until the object's apiVersion, kind, name or namespace change). */
  curId(): ResId {
    const name = this.name;
    const namespace = this.namespace;
    const m = this.idMemo;
    if (
      m &&
      m.apiVersion === this.obj.apiVersion &&
      m.kind === this.obj.kind &&
      m.name === name &&
      m.namespace === namespace
    ) {
      return m.id;
    }
    const id = Object.freeze({ ...this.gvk(), name, namespace });
    this.idMemo = { apiVersion: this.obj.apiVersion, kind: this.obj.kind, name, namespace, id };
    return id;
  }

  /** Every previous id, oldest first (group/version taken from the current apiVersion, as kustomize does). */
  prevIds(): ResId[] {
    if (this.prevNames.length === 0) return [];
    const { group, version } = parseGroupVersion(this.apiVersion);
    return this.prevNames.map((name, i) => ({
      group,
      version,
      kind: this.prevKinds[i],
      name,
      namespace: this.prevNamespaces[i],
    }));
  }

  /** The original id: the oldest previous id, or the current one. */
  orgId(): ResId {
    if (this.prevNames.length === 0) return this.curId();
    const { group, version } = parseGroupVersion(this.apiVersion);
    return {
      group,
      version,
      kind: this.prevKinds[0],
      name: this.prevNames[0],
      namespace: this.prevNamespaces[0],
    };
  }

  /** Previous ids and the current one. */
  allIds(): ResId[] {
    return [...this.prevIds(), this.curId()];
  }

  /** Remember the current id as a previous id (before a rename, namespace change or kind change). */
  storePreviousId(scope: ScopeResolver): void {
    const id = this.curId();
    if (id.name !== "") this.prevNames.push(id.name);
    this.prevNamespaces.push(effectiveNamespace(id, scope));
    if (id.kind !== "") this.prevKinds.push(id.kind);
  }

  addNamePrefix(p: string): void {
    if (p !== "") this.prefixes.push(p);
  }

  addNameSuffix(s: string): void {
    if (s !== "") this.suffixes.push(s);
  }

  /** True when kustomize would be carrying internal build annotations on this object. */
  hasBuildAnnotations(): boolean {
    return (
      this.prevNames.length > 0 ||
      this.prefixes.length > 0 ||
      this.suffixes.length > 0 ||
      this.refBy.length > 0 ||
      this.behavior !== undefined ||
      this.needsHashSuffix ||
      this.allowNameChange ||
      this.allowKindChange
    );
  }

  /** `metadata.labels` as strings (absent → empty). */
  getLabels(): Record<string, string> {
    return this.stringMapFromMeta("labels");
  }

  /** `metadata.annotations` as strings (absent → empty). */
  getAnnotations(): Record<string, string> {
    return this.stringMapFromMeta("annotations");
  }

  private stringMapFromMeta(field: string): Record<string, string> {
    const md = this.obj.metadata;
    if (!isMap(md)) return {};
    const m = md[field];
    const out: Record<string, string> = {};
    if (!isMap(m)) return out;
    // kustomize reads these as the scalars' text: `1.50` stays "1.50".
    for (const [k, v] of Object.entries(m)) out[k] = writtenText(m, k) ?? scalarText(v);
    return out;
  }

  /**
   * Replace `metadata.<field>` with the given map, keys sorted; an empty map removes the field (as
   * kustomize's SetLabels / SetAnnotations do).
   */
  setStringMapInMeta(field: "labels" | "annotations", m: Record<string, string>): void {
    const md = this.metadata();
    delete md[field];
    const keys = Object.keys(m);
    if (keys.length === 0) return;
    const out: Record<string, string> = {};
    for (const k of keys.sort()) out[k] = m[k];
    md[field] = out;
  }

  /** A deep copy of the object and its bookkeeping. */
  deepCopy(): Resource {
    const r = new Resource(copyWithText(this.obj), this.source);
    r.copyBookkeepingFrom(this);
    r.refVarNames = [...this.refVarNames];
    r.transformations = [...this.transformations];
    return r;
  }

  copyBookkeepingFrom(other: Resource): void {
    this.prevNames = [...other.prevNames];
    this.prevNamespaces = [...other.prevNamespaces];
    this.prevKinds = [...other.prevKinds];
    this.prefixes = [...other.prefixes];
    this.suffixes = [...other.suffixes];
    this.refBy = [...other.refBy];
    this.behavior = other.behavior;
    this.needsHashSuffix = other.needsHashSuffix;
    this.allowNameChange = other.allowNameChange;
    this.allowKindChange = other.allowKindChange;
  }

  /** True when the object was deleted (by a `$patch: delete`) or is empty. */
  isEmpty(): boolean {
    return Object.keys(this.obj).length === 0;
  }
}

/** True when `suffixList` is a trailing part of the other list, as kustomize's SameEndingSubSlice. */
export function sameEndingSubSlice(a: string[], b: string[]): boolean {
  let shortest = a;
  let longest = b;
  if (shortest.length > longest.length) [shortest, longest] = [longest, shortest];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  for (let i = shortest.length - 1; i >= 0; i--) if (longest[i + diff] !== shortest[i]) return false;
  return true;
}

/** Whether two resources have matching prefix/suffix contexts (empty matches anything when `allowEmpty`). */
export function prefixesSuffixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const eitherPrefixEmpty = r.prefixes.length === 0 || o.prefixes.length === 0;
    const eitherSuffixEmpty = r.suffixes.length === 0 || o.suffixes.length === 0;
    return (
      (eitherPrefixEmpty || sameEndingSubSlice(r.prefixes, o.prefixes)) &&
      (eitherSuffixEmpty || sameEndingSubSlice(r.suffixes, o.suffixes))
    );
  }
  return sameEndingSubSlice(r.prefixes, o.prefixes) && sameEndingSubSlice(r.suffixes, o.suffixes);
}
