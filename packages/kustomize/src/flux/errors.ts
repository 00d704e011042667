/**
 * Typed errors of the Flux Kustomization layer. Every one is a `GitOpsError` with a stable `code`;
 * messages name the Kustomization, file or object at fault and never carry secret values (decrypted
 * data, variable values read from Secrets, key material).
 *
 * @module
 */
import { GitOpsError, UnsupportedError } from "@gitops-kit/core";

/** A Kustomization object that does not validate (schema, enum, duration). Code `FLUX_KUSTOMIZATION_INVALID`. */
export class KustomizationSpecError extends GitOpsError {
  /** `namespace/name` of the object when known. */
  readonly object: string | undefined;
  /** The field at fault, e.g. `spec.interval`. */
  readonly field: string | undefined;

  constructor(message: string, options: { object?: string; field?: string; cause?: unknown } = {}) {
    super("FLUX_KUSTOMIZATION_INVALID", message, { cause: options.cause });
    this.object = options.object;
    this.field = options.field;
  }
}

/** Generating or patching the kustomization file failed. Code `FLUX_GENERATE`. */
export class GenerateError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("FLUX_GENERATE", message, options);
  }
}

/** The build (kustomize build plus Flux's per-resource checks) failed. Code `FLUX_BUILD`. */
export class FluxBuildError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("FLUX_BUILD", message, options);
  }
}

/**
 * postBuild substitution failed: a missing ConfigMap/Secret, an invalid variable name, an unset variable
 * in strict mode or a result that is not YAML. Code `FLUX_SUBSTITUTE`.
 */
export class SubstitutionError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("FLUX_SUBSTITUTE", message, options);
  }
}

/**
 * SOPS decryption failed: no key for the file, a wrong key, a tampered value, a MAC mismatch or a
 * malformed document. Code `SOPS_DECRYPT`.
 */
export class SopsDecryptError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("SOPS_DECRYPT", message, options);
  }
}

/** A SOPS key type (PGP, cloud KMS, Vault) or feature that is recognised but not implemented. Code `UNSUPPORTED`. */
export class SopsUnsupportedError extends UnsupportedError {
  /** The key type, e.g. `pgp`, `kms`, `gcp_kms`, `azure_kv`, `hc_vault`. */
  readonly keyType: string;

  constructor(keyType: string, message: string) {
    super(message);
    this.keyType = keyType;
  }
}

/** `dependsOn` forms a cycle. Code `FLUX_DEPENDENCY_CYCLE`; `cycle` lists the members, first repeated last. */
export class DependencyCycleError extends GitOpsError {
  readonly cycle: string[];

  constructor(cycle: string[]) {
    super("FLUX_DEPENDENCY_CYCLE", `circular dependency detected: ${cycle.join(" -> ")}`);
    this.cycle = cycle;
  }
}

/** A dependency is missing or not Ready. Code `FLUX_DEPENDENCY_NOT_READY`. */
export class DependencyNotReadyError extends GitOpsError {
  /** `namespace/name` of the dependency. */
  readonly dependency: string;

  constructor(dependency: string, message: string) {
    super("FLUX_DEPENDENCY_NOT_READY", message);
    this.dependency = dependency;
  }
}

/** Server-side apply of the built objects failed. Code `FLUX_APPLY`. */
export class ApplyError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("FLUX_APPLY", message, options);
  }
}

/** Deleting stale objects failed. Code `FLUX_PRUNE`. */
export class PruneError extends GitOpsError {
  /** Inventory ids whose deletion was not confirmed (kept in the inventory so the next run retries). */
  readonly survivors: string[];

  constructor(message: string, options: { cause?: unknown; survivors?: string[] } = {}) {
    super("FLUX_PRUNE", message, options);
    this.survivors = options.survivors ?? [];
  }
}

/** Objects did not become healthy in time, or failed. Code `FLUX_HEALTH_CHECK`. */
export class HealthCheckError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("FLUX_HEALTH_CHECK", message, options);
  }
}

/** An inventory entry id that does not parse. Code `FLUX_INVENTORY`. */
export class InventoryError extends GitOpsError {
  constructor(message: string) {
    super("FLUX_INVENTORY", message);
  }
}
