/**
 * Typed errors of HelmRelease composition. Messages name the HelmRelease, the field or the reference at
 * fault; Secret contents never appear in them.
 */
import { GitOpsError } from "@gitops-kit/core";

/** A HelmRelease that does not meet the CRD's schema or rules. Code `HELMRELEASE_INVALID`. */
export class HelmReleaseSpecError extends GitOpsError {
  /** The field at fault, e.g. `spec.interval`, when known. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super("HELMRELEASE_INVALID", message, { cause: options.cause });
    this.field = options.field;
  }
}

/** Why a `valuesFrom` reference could not be used (helm-controller's reasons). */
export type ValuesReferenceReason =
  | "resource not found"
  | "key not found"
  | "unsupported values reference kind"
  | "failed to read values data"
  | "failed to merge value";

/**
 * A `valuesFrom` reference that cannot be resolved. The message is helm-controller's:
 * `could not resolve Secret chart values reference 'ns/name' with key 'values.yaml': key not found`.
 * Code `VALUES_REFERENCE`.
 */
export class ValuesReferenceError extends GitOpsError {
  readonly reason: ValuesReferenceReason;
  readonly kind: string;
  /** `namespace/name` of the referenced object. */
  readonly reference: string;

  constructor(
    message: string,
    options: { reason: ValuesReferenceReason; kind: string; reference: string; cause?: unknown },
  ) {
    super("VALUES_REFERENCE", message, { cause: options.cause });
    this.reason = options.reason;
    this.kind = options.kind;
    this.reference = options.reference;
  }
}

/** The chart could not be resolved from its source (unknown source, missing artifact, bad chart path). */
export class ChartSourceError extends GitOpsError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(options.code ?? "CHART_SOURCE", message, { cause: options.cause });
  }
}

/** A post-renderer failed (an invalid patch or image, a kustomize error). Code `POST_RENDER`. */
export class PostRenderError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("POST_RENDER", message, { cause: options.cause });
  }
}

/** Release storage in the cluster holds something unreadable. Code `RELEASE_STORAGE`. */
export class ReleaseStorageError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("RELEASE_STORAGE", message, { cause: options.cause });
  }
}
