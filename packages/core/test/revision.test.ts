import { describe, expect, it } from "vitest";
import { FormatError, formatRevision, parseRevision, revisionDigest, revisionsEqual } from "../src/index.js";

const SHA1 = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";
const SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("revisions", () => {
  it("parses the Flux forms", () => {
    expect(parseRevision(`main@sha1:${SHA1}`)).toEqual({ pointer: "main", algorithm: "sha1", hash: SHA1 });
    expect(parseRevision(`refs/tags/v1@sha1:${SHA1}`)).toEqual({
      pointer: "refs/tags/v1",
      algorithm: "sha1",
      hash: SHA1,
    });
    expect(parseRevision(`feature/x@sha1:${SHA1}`).pointer).toBe("feature/x");
    expect(parseRevision(`sha256:${SHA256}`)).toEqual({ pointer: "", algorithm: "sha256", hash: SHA256 });
    expect(parseRevision(`latest@sha256:${SHA256}`).pointer).toBe("latest");
    expect(parseRevision(`v1.0.0@user@sha1:${SHA1}`).pointer).toBe("v1.0.0@user");
  });

  it("reads the legacy Git forms", () => {
    expect(parseRevision(`main/${SHA1}`)).toEqual({ pointer: "main", algorithm: "sha1", hash: SHA1 });
    expect(parseRevision(`feature/branch/${SHA1}`).pointer).toBe("feature/branch");
    expect(parseRevision(`HEAD/${SHA1}`)).toEqual({ pointer: "", algorithm: "sha1", hash: SHA1 });
    expect(parseRevision(SHA1)).toEqual({ pointer: "", algorithm: "sha1", hash: SHA1 });
    expect(parseRevision(SHA256).algorithm).toBe("sha256");
  });

  it("formats", () => {
    expect(formatRevision({ pointer: "main", algorithm: "sha1", hash: SHA1 })).toBe(`main@sha1:${SHA1}`);
    expect(formatRevision({ pointer: "", algorithm: "sha256", hash: SHA256 })).toBe(`sha256:${SHA256}`);
    for (const r of [`main@sha1:${SHA1}`, `refs/tags/v1@sha1:${SHA1}`, `sha256:${SHA256}`]) {
      expect(formatRevision(parseRevision(r))).toBe(r);
    }
  });

  it("compares, reading legacy forms", () => {
    expect(revisionsEqual(`main/${SHA1}`, `main@sha1:${SHA1}`)).toBe(true);
    expect(revisionsEqual(`main@sha1:${SHA1}`, `dev@sha1:${SHA1}`)).toBe(false);
    expect(revisionsEqual(`main@sha1:${SHA1}`, `sha1:${SHA1}`)).toBe(false);
    expect(revisionsEqual(`main@sha1:${SHA1}`, `sha1:${SHA1}`, { ignorePointer: true })).toBe(true);
    expect(revisionsEqual(`main@sha1:${SHA1}`, `main@sha1:${SHA1.replace("5", "6")}`)).toBe(false);
    expect(revisionsEqual("6.0.0", "6.0.0")).toBe(true);
    expect(revisionsEqual("6.0.0", "6.0.1")).toBe(false);
    expect(revisionDigest(`main@sha1:${SHA1}`)).toBe(`sha1:${SHA1}`);
  });

  it("rejects what is not a revision", () => {
    for (const bad of [
      "",
      "6.0.0",
      "main",
      `@sha1:${SHA1}`,
      "main@sha1:",
      "main@:abc",
      `main@sha1:${SHA1.toUpperCase()}`,
      `/${SHA1}`,
      "abc123",
    ]) {
      expect(() => parseRevision(bad), bad).toThrow(FormatError);
    }
    expect(() => parseRevision("6.0.0")).toThrow('invalid revision "6.0.0"');
  });
});
