import { GitOpsError, NotFoundError } from "../errors.js";
import type { KubeObject } from "../kube-object.js";
import type { LabelSelector } from "./selector.js";

/** Points at one object. `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** For namespaced kinds; the adapter's default namespace (`default`) when omitted. */
  namespace?: string;
}

/** Options of {@link ClusterAdapter.list}. */
export interface ListOptions {
  apiVersion: string;
  kind: string;
  /** Only this namespace; all namespaces when omitted. */
  namespace?: string;
  /** String syntax (`app=web,tier in (a,b)`) or a `metav1.LabelSelector`. */
  labelSelector?: string | LabelSelector;
}

/** Options of {@link ClusterAdapter.apply}. */
export interface ApplyOptions {
  /** The objects, applied in this order. */
  objects: readonly KubeObject[];
  /** Who owns the applied fields (Flux uses e.g. `kustomize-controller`). Required. */
  fieldManager: string;
  /** Compute the results without persisting anything. */
  dryRun?: boolean;
  /** Take ownership of fields other managers own instead of failing with a {@link ConflictError}. */
  force?: boolean;
}

/** What applying one object did. */
export type ApplyAction = "created" | "configured" | "unchanged";

/** The outcome for one applied object. */
export interface ApplyResult {
  action: ApplyAction;
  /** The object as stored after the apply (or as it would be, in a dry run). */
  object: KubeObject;
}

/** Options of {@link ClusterAdapter.delete}. */
export interface DeleteOptions extends ObjectRef {
  dryRun?: boolean;
}

/**
 * A Kubernetes cluster as gitops-kit needs it. `MemoryCluster` is the embedded implementation;
 * `@gitops-kit/kube` talks to a real API server. All methods reject with typed errors:
 * {@link ResourceNotFoundError}, {@link ConflictError}, `ValidationError`.
 */
export interface ClusterAdapter {
  /** The object, or a {@link ResourceNotFoundError}. */
  get(ref: ObjectRef): Promise<KubeObject>;
  /** Objects of one kind, optionally in one namespace and matching a label selector, in a stable order. */
  list(options: ListOptions): Promise<KubeObject[]>;
  /** Server-side apply: one result per object, in order. */
  apply(options: ApplyOptions): Promise<ApplyResult[]>;
  /** Delete an object and return it as it was; a {@link ResourceNotFoundError} if it does not exist. */
  delete(options: DeleteOptions): Promise<KubeObject>;
}

/** An object (or the namespace it should live in) does not exist. Code `NOT_FOUND`. */
export class ResourceNotFoundError extends NotFoundError {
  /** What was looked for. */
  readonly ref: ObjectRef;

  constructor(ref: ObjectRef, message: string) {
    super(message);
    this.ref = ref;
  }
}

/** One field that two managers disagree on. */
export interface FieldConflict {
  /** The manager that owns the field now. */
  manager: string;
  /** The field, as `.spec.replicas` or `.spec.containers[name="app"].image`. */
  field: string;
}

/**
 * The write conflicts with the current state: another field manager owns a field with a different
 * value (retry with `force`), or a `resourceVersion` precondition failed. Code `CONFLICT`.
 */
export class ConflictError extends GitOpsError {
  readonly conflicts: readonly FieldConflict[];

  constructor(message: string, conflicts: readonly FieldConflict[] = []) {
    super("CONFLICT", message);
    this.conflicts = conflicts;
  }
}
