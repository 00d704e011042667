import { GitOpsError } from "@gitops-kit/core";

/** The code of a {@link UsageError}. */
export const USAGE = "USAGE";

/** Bad command-line usage: unknown command or option, missing or extra argument. Exit code 2. */
export class UsageError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(USAGE, message, options);
  }
}
