import { GitOpsError } from "../errors.js";

/** What a {@link SemverError} is about: a version string or a constraint string. */
export type SemverErrorKind = "version" | "constraint";

/**
 * A version or constraint string that Masterminds/semver v3 rejects. `message` is the library's own
 * error text (e.g. `Invalid Semantic Version`, `improper constraint: >>1`) so callers that embed it in
 * their messages stay byte-for-byte with Helm and Flux; `input` holds the offending string.
 */
export class SemverError extends GitOpsError {
  readonly kind: SemverErrorKind;
  readonly input: string;

  constructor(kind: SemverErrorKind, message: string, input: string) {
    super(kind === "version" ? "SEMVER_INVALID_VERSION" : "SEMVER_INVALID_CONSTRAINT", message);
    this.kind = kind;
    this.input = input;
  }
}

/** Masterminds' sentinel error texts, shared by the lenient and strict parsers. */
export const SEMVER_MESSAGES = {
  invalid: "Invalid Semantic Version",
  empty: "Version string empty",
  invalidCharacters: "Invalid characters in version",
  segmentStartsZero: "Version segment starts with 0",
  invalidMetadata: "Invalid Metadata string",
  invalidPrerelease: "Invalid Prerelease string",
} as const;
