import { GitOpsError } from "@gitops-kit/core";

/**
 * A substitution that fails. Codes: `ENVSUBST_SYNTAX` (the input does not parse; the message is the
 * reference's text, e.g. `bad substitution`, `missing closing brace`), `ENVSUBST_UNSET` (strict mode:
 * `variable not set (strict mode): "NAME"`), `ENVSUBST_RUNTIME` (an operation the reference crashes on,
 * e.g. a negative substring length; the message is Go's runtime error text) and `ENVSUBST_TOO_DEEP`.
 * Messages never contain variable values.
 */
export class EnvsubstError extends GitOpsError {
  /** For `ENVSUBST_UNSET`: the variable that is not set. */
  readonly variable?: string;

  constructor(code: string, message: string, options: { variable?: string } = {}) {
    super(code, message);
    if (options.variable !== undefined) this.variable = options.variable;
  }
}
