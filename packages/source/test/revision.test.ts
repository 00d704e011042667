import { parseRevision } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  bucketIndexText,
  bucketRevision,
  ChartVersionError,
  digestFromOciRevision,
  gitCommitRevision,
  helmChartRevision,
  normalizeGitRevision,
  ociRevision,
  selectChartVersion,
  splitGitRevision,
} from "../src/index.js";

const H = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";

describe("Git revisions", () => {
  it.each([
    ["refs/heads/main", `main@sha1:${H}`, `refs/heads/main@sha1:${H}`],
    ["refs/heads/feature/x", `feature/x@sha1:${H}`, `refs/heads/feature/x@sha1:${H}`],
    ["refs/tags/v1.0.0", `v1.0.0@sha1:${H}`, `refs/tags/v1.0.0@sha1:${H}`],
    ["refs/pull/1/head", `1/head@sha1:${H}`, `refs/pull/1/head@sha1:${H}`],
    ["HEAD", `sha1:${H}`, `HEAD@sha1:${H}`],
    ["", `sha1:${H}`, `sha1:${H}`],
  ])("%s", (reference, short, absolute) => {
    expect(gitCommitRevision({ reference, hash: H })).toBe(short);
    expect(gitCommitRevision({ reference, hash: H, absolute: true })).toBe(absolute);
    // Well-formed revisions are what core's parser reads.
    expect(parseRevision(short).hash).toBe(H);
  });

  it("reads legacy and malformed forms the way Flux does", () => {
    expect(normalizeGitRevision(`main/${H}`)).toBe(`main@sha1:${H}`);
    expect(normalizeGitRevision(`HEAD/${H}`)).toBe(`sha1:${H}`);
    expect(normalizeGitRevision(H)).toBe(`sha1:${H}`);
    expect(normalizeGitRevision("v1.0.0")).toBe("<unknown>:v1.0.0");
    expect(normalizeGitRevision("main/abc")).toBe("main@<unknown>:abc");
    expect(splitGitRevision("v1.0.0@sha256:abc")).toEqual({
      pointer: "v1.0.0",
      hash: "abc",
      algorithm: "<unknown>",
      digest: "<unknown>:abc",
    });
    expect(splitGitRevision("")).toEqual({ pointer: "", hash: "", algorithm: "<unknown>", digest: "" });
  });
});

describe("OCI, Bucket and HelmChart revisions", () => {
  const D = `sha256:${"3b".repeat(32)}`;
  it("formats OCI revisions and reads the digest back", () => {
    expect(ociRevision({ tag: "latest", digest: D })).toBe(`latest@${D}`);
    expect(ociRevision({ digest: D })).toBe(D);
    expect(digestFromOciRevision(`v1@sha256:abc@${D}`)).toBe(D);
  });

  it("digests a Bucket index with keys in byte order", () => {
    const index = { "b/c": "e2", a: "e1", é: "e3", Z: "e4" };
    expect(bucketIndexText(index)).toBe("Z e4\na e1\nb/c e2\né e3\n");
    expect(bucketRevision({})).toBe(
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(bucketRevision({ a: "e1", "b/c": "e2" })).toBe(
      "sha256:3c46fad4338b3b4d59bf4a319dff68785c56bec29b74446d2a16e08bde35ac91",
    );
  });

  it("puts the source revision and generation into a chart's build metadata", () => {
    expect(helmChartRevision({ sourceKind: "HelmRepository", chartVersion: "6.5.0" })).toBe("6.5.0");
    expect(
      helmChartRevision({
        sourceKind: "HelmRepository",
        chartVersion: "6.5.0",
        valuesFiles: ["v.yaml"],
        generation: 3,
      }),
    ).toBe("6.5.0+3");
    expect(
      helmChartRevision({
        sourceKind: "GitRepository",
        reconcileStrategy: "Revision",
        sourceRevision: `main@sha1:${H}`,
        chartVersion: "v0.1.0+build.5",
        valuesFiles: ["v.yaml"],
        generation: 2,
      }),
    ).toBe("0.1.0+5394cb7f4833.2");
    expect(
      helmChartRevision({
        sourceKind: "Bucket",
        reconcileStrategy: "Revision",
        sourceRevision: `sha256:${"ab".repeat(32)}`,
        chartVersion: "0.1.0",
      }),
    ).toBe("0.1.0+abababababab");
    expect(() =>
      helmChartRevision({
        sourceKind: "HelmRepository",
        chartVersion: "latest",
        valuesFiles: ["v"],
        generation: 1,
      }),
    ).toThrow(/SemVer/);
  });
});

describe("selectChartVersion", () => {
  const entries = [
    { version: "6.5.0", created: "2024-01-01T00:00:00Z" },
    { version: "6.4.1", created: "2024-02-01T00:00:00Z" },
    { version: "6.6.0-rc.1", created: "2024-03-01T00:00:00Z" },
    { version: "6.5.1", created: "2024-04-01T00:00:00Z" },
    { version: "7.0.0-beta.1", created: "2024-06-01T00:00:00Z" },
  ];
  const pick = (version: string, list = entries) =>
    selectChartVersion({ chart: "podinfo", entries: list, version });

  it("selects exact versions, ranges and the latest stable", () => {
    expect(pick("").version).toBe("6.5.1");
    expect(pick("*").version).toBe("6.5.1");
    expect(pick("6.6.0-rc.1").version).toBe("6.6.0-rc.1");
    expect(pick(">=6.0.0 <6.5.0").version).toBe("6.4.1");
    expect(pick(">=6.5.0-0").version).toBe("7.0.0-beta.1");
    expect(pick("6.5").version).toBe("6.5.1");
  });

  it("skips unparsable versions, accepts a v prefix and orders build metadata by creation time", () => {
    const odd = [
      { version: "1.0", created: "2024-01-01T00:00:00Z" },
      { version: "v2.0.0", created: "2024-02-01T00:00:00Z" },
      { version: "latest", created: "2024-03-01T00:00:00Z" },
    ];
    expect(pick("", odd).version).toBe("v2.0.0");
    expect(pick("1.0", odd).version).toBe("1.0");
    const builds = [
      { version: "1.0.0+a", created: "2024-02-01T00:00:00Z" },
      { version: "1.0.0+b", created: "2024-05-01T00:00:00Z" },
      { version: "1.0.0+c", created: "2024-03-01T00:00:00Z" },
    ];
    expect(pick("", builds).version).toBe("1.0.0+b");
  });

  it("fails with Flux's messages", () => {
    expect(() => pick("", [])).toThrow("no chart version found");
    expect(() => pick(">=8.0.0")).toThrow("no 'podinfo' chart with version matching '>=8.0.0' found");
    const err = (() => {
      try {
        pick("not-a-version!!");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ChartVersionError);
    expect((err as Error).message).toBe('improper constraint: "not-a-version!!"');
    expect(() => pick("", [{ version: "1.0.0-rc.1", created: "2024-01-01T00:00:00Z" }])).toThrow(
      "matching '' found",
    );
  });
});
