import { GitOpsError } from "@gitops-kit/core";

/**
 * An ImagePolicy (or ImageRepository exclusion list) that cannot be used: no policy chosen, a bad
 * semver range, an unknown order, an invalid regular expression. Flux reports these with the Ready
 * reason `InvalidPolicy`; `message` is Flux's text.
 */
export class ImagePolicyError extends GitOpsError {
  /** Flux's condition reason. */
  readonly reason = "InvalidPolicy";
  /** The spec field at fault, e.g. `spec.policy.semver.range`. */
  readonly field: string;

  constructor(message: string, field: string, options: { cause?: unknown } = {}) {
    super("IMAGE_POLICY_INVALID", message, options);
    this.field = field;
  }
}

/**
 * A valid policy that selects nothing from the tags it was given (empty list, no tag in range, a tag a
 * numerical policy cannot parse). `message` is Flux's text.
 */
export class ImageSelectionError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("IMAGE_NO_LATEST", message, options);
  }
}

/** An ImageUpdateAutomation that cannot run: missing or unknown update strategy, a bad path, an invalid image ref. */
export class ImageUpdateError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("IMAGE_UPDATE", message, options);
  }
}

/**
 * A commit message template that fails to parse or execute. `message` is Flux's text (`unable to
 * create commit message template from spec: ...`, `failed to run template from spec: ...`, or the
 * removed-field hint for `.Updated` / `.Changed.ImageResult`).
 */
export class CommitTemplateError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("IMAGE_COMMIT_TEMPLATE", message, options);
  }
}
