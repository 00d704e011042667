import { describe, expect, it } from "vitest";
import { GitOpsError, isGitOpsError, NotFoundError, redact, toGitOpsError } from "../src/index.js";

describe("isGitOpsError", () => {
  it("accepts this copy's errors and their subclasses", () => {
    expect(isGitOpsError(new GitOpsError("X", "x"))).toBe(true);
    expect(isGitOpsError(new NotFoundError("gone"))).toBe(true);
  });

  it("accepts an error made by another copy of the package, which instanceof rejects", () => {
    // What a second copy of errors.ts defines: same brand, different class.
    class OtherCopyError extends Error {
      readonly code = "OTHER";
    }
    Object.defineProperty(OtherCopyError.prototype, Symbol.for("gitops-kit.GitOpsError"), { value: true });
    const err = new OtherCopyError("from elsewhere");
    expect(err instanceof GitOpsError).toBe(false);
    expect(isGitOpsError(err)).toBe(true);
  });

  it("rejects look-alikes without the brand", () => {
    expect(isGitOpsError(Object.assign(new Error("enoent"), { code: "ENOENT" }))).toBe(false);
    expect(isGitOpsError({ code: "X", message: "x" })).toBe(false);
    expect(isGitOpsError(null)).toBe(false);
    expect(isGitOpsError("error")).toBe(false);
  });
});

describe("toGitOpsError and redact", () => {
  it("wraps foreign errors keeping the cause, and masks secrets longest first", () => {
    const cause = new TypeError("boom");
    const wrapped = toGitOpsError(cause);
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.cause).toBe(cause);
    expect(redact("token abcd1234 and abcd", ["abcd", "abcd1234"])).toBe("token ***** and *****");
  });
});
