import { GitOpsError } from "@gitops-kit/core";

/**
 * A patch (strategic merge or JSON 6902) that cannot be parsed or applied. `patch` names it the way
 * kustomize does, e.g. `[path: "patch.yaml"]` or `[patch: "..."]`, or whatever the caller passed as source.
 */
export class PatchError extends GitOpsError {
  /** The patch's description (file path or inline text summary), when known. */
  readonly patch: string | undefined;

  constructor(code: string, message: string, options: { patch?: string; cause?: unknown } = {}) {
    super(code, options.patch ? `${message} (patch ${options.patch})` : message, options);
    this.patch = options.patch;
  }
}

/** Strategic merge failed: wrong node kinds, unknown `$patch` directive, conflicting merge keys. */
export class StrategicMergeError extends PatchError {
  constructor(message: string, options: { patch?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_SMP", message, options);
  }
}

/** A JSON 6902 operation list that is malformed or does not apply (e.g. a path that does not exist). */
export class Json6902Error extends PatchError {
  constructor(message: string, options: { patch?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_JSON6902", message, options);
  }
}

/** Patch text that is neither a strategic merge patch nor a JSON 6902 operation list (or both). */
export class PatchParseError extends PatchError {
  constructor(message: string, options: { patch?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_PATCH_PARSE", message, options);
  }
}
