import { GitOpsError } from "@gitops-kit/core";

/** Bad command-line usage: unknown command or option, missing or extra argument. Exit code 2. */
export class UsageError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("USAGE", message, options);
  }
}
