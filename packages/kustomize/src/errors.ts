import { GitOpsError } from "@gitops-kit/core";

/**
 * Base class of every error raised by `kustomize build`. The message names the kustomization (or
 * resource file) and the field at fault; `file` and `field` carry the same facts for programs.
 */
export class KustomizeError extends GitOpsError {
  /** The kustomization or resource file the error is about, when known. */
  readonly file: string | undefined;
  /** The kustomization field the error is about (e.g. `resources`, `patches[2].target`), when known. */
  readonly field: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { file?: string; field?: string; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.file = options.file;
    this.field = options.field;
  }
}

/** A kustomization file that is missing, duplicated, malformed or has invalid fields. */
export class KustomizationFileError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZATION_INVALID", message, options);
  }
}

/** A file or directory named by a kustomization could not be found or read. */
export class KustomizeLoadError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_LOAD", message, options);
  }
}

/** A path that leaves the kustomization root while load restrictions are `RootOnly`. */
export class LoadRestrictionError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_LOAD_RESTRICTION", message, options);
  }
}

/** A kustomization that (directly or through others) includes itself. `chain` lists the roots. */
export class KustomizeCycleError extends KustomizeError {
  readonly chain: string[];
  constructor(message: string, chain: string[], options: { file?: string; field?: string } = {}) {
    super("KUSTOMIZE_CYCLE", message, options);
    this.chain = chain;
  }
}

/** A remote base (git or http) given while no remote loader adapter is configured. */
export class RemoteResourceError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_REMOTE", message, options);
  }
}

/** Malformed resource YAML: bad document, missing kind or metadata.name, empty list items. */
export class ResourceParseError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_RESOURCE", message, options);
  }
}

/** Two resources with the same id, or a merge/replace that finds no (or several) targets. */
export class ResourceIdConflictError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_ID_CONFLICT", message, options);
  }
}

/** A generator (configMapGenerator, secretGenerator, plugin generator) that cannot produce its output. */
export class GeneratorError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_GENERATOR", message, options);
  }
}

/** A transformer (built-in field or plugin config) that cannot be applied. */
export class TransformerError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_TRANSFORMER", message, options);
  }
}

/** A plugin kind this engine does not run (exec/Go/KRM-function plugins, Helm without an adapter). */
export class PluginNotSupportedError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_PLUGIN_UNSUPPORTED", message, options);
  }
}

/** A name reference that matches several possible targets. */
export class NameReferenceError extends KustomizeError {
  constructor(message: string, options: { file?: string; field?: string; cause?: unknown } = {}) {
    super("KUSTOMIZE_NAME_REFERENCE", message, options);
  }
}
