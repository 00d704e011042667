import { describe, expect, it } from "vitest";
import {
  createPolicer,
  excludeTags,
  ImagePolicyError,
  ImageSelectionError,
  imagePolicyReadyMessage,
  latestTags,
  parseGoFloat,
  parseImagePolicy,
  parseTagVersion,
  selectLatestTag,
} from "../src/index.js";

describe("selectLatestTag", () => {
  it("semver: highest in range, prereleases only when the range has one, original text", () => {
    const tags = ["v1.0.0", "v1.2.0+build.1", "1.3.0-rc.1", "1.5"];
    expect(selectLatestTag({ tags, policy: { semver: { range: "^1.0" } } })).toBe("v1.2.0+build.1");
    expect(selectLatestTag({ tags, policy: { semver: { range: ">=1.0.0-0" } } })).toBe("1.3.0-rc.1");
  });

  it("semver: equal precedence keeps the first in list order", () => {
    expect(selectLatestTag({ tags: ["1.2.3", "v1.2.3"], policy: { semver: { range: "1.x" } } })).toBe(
      "1.2.3",
    );
    expect(selectLatestTag({ tags: ["v1.2.3", "1.2.3"], policy: { semver: { range: "1.x" } } })).toBe(
      "v1.2.3",
    );
  });

  it("semver: a release replaces its own pre-release, an equal plain tag does not replace the winner", () => {
    const policy = { semver: { range: ">=1.0.0-0" } };
    expect(selectLatestTag({ tags: ["1.0.0-rc.1", "1.0.0", "v1.0.0"], policy })).toBe("1.0.0");
    expect(selectLatestTag({ tags: ["2.0.0", "1.9.9", "10.0.0-rc.1", "3.0.0"], policy })).toBe("10.0.0-rc.1");
  });

  it("semver: nothing in range is a selection error", () => {
    expect(() => selectLatestTag({ tags: ["2.0.0"], policy: { semver: { range: "1.x" } } })).toThrow(
      ImageSelectionError,
    );
  });

  it("alphabetical compares UTF-8 bytes", () => {
    expect(selectLatestTag({ tags: ["a", "B", "é", "z"], policy: { alphabetical: {} } })).toBe("é");
    expect(selectLatestTag({ tags: ["a", "B", "z"], policy: { alphabetical: { order: "desc" } } })).toBe("B");
  });

  it("numerical: Go float syntax, last of equal values wins, any bad value fails", () => {
    expect(selectLatestTag({ tags: ["1.0", "1", "0.5"], policy: { numerical: {} } })).toBe("1");
    expect(selectLatestTag({ tags: ["3", "1e1", "-2"], policy: { numerical: { order: "desc" } } })).toBe(
      "-2",
    );
    expect(() => selectLatestTag({ tags: ["1", "x"], policy: { numerical: {} } })).toThrow(
      "failed to parse invalid numeric value 'x'",
    );
  });

  it("filterTags: policy runs on extracted values, the original tag is returned", () => {
    const tags = ["main-9-abc", "main-10-def", "dev-99-x"];
    const latest = selectLatestTag({
      tags,
      policy: { numerical: {} },
      filterTags: { pattern: "^main-(?P<n>\\d+)-", extract: "$n" },
    });
    expect(latest).toBe("main-10-def");
  });

  it("invalid pattern and empty filter result", () => {
    const err = (() => {
      try {
        selectLatestTag({ tags: ["a"], policy: { alphabetical: {} }, filterTags: { pattern: "(?!x)" } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ImagePolicyError);
    expect((err as ImagePolicyError).field).toBe("spec.filterTags.pattern");
    expect(() =>
      selectLatestTag({ tags: ["a"], policy: { alphabetical: {} }, filterTags: { pattern: "^z" } }),
    ).toThrow("version list argument cannot be empty");
  });
});

describe("createPolicer", () => {
  it("rejects no choice, bad orders and bad ranges with Flux's messages", () => {
    expect(() => createPolicer({ policy: {} })).toThrow("given ImagePolicyChoice object is invalid");
    expect(() => createPolicer({ policy: { numerical: { order: "up" } } })).toThrow(
      "invalid order argument provided: 'UP', must be one of: ASC, DESC",
    );
    expect(() => createPolicer({ policy: { semver: { range: "latest" } } })).toThrow(
      'improper constraint: "latest"',
    );
  });

  it("semver wins over the others", () => {
    expect(createPolicer({ policy: { semver: { range: "*" }, alphabetical: {} } }).kind).toBe("semver");
  });
});

describe("parseTagVersion", () => {
  it("needs three dotted parts and a lower-case v", () => {
    expect(parseTagVersion("v2025.07.03")).toBeDefined();
    expect(parseTagVersion("1.0")).toBeUndefined();
    expect(parseTagVersion("V1.2.3")).toBeUndefined();
    expect(parseTagVersion("1.0.0.1")).toBeUndefined();
  });
});

describe("parseGoFloat", () => {
  it("accepts Go syntax only", () => {
    expect(parseGoFloat("1_000")).toBe(1000);
    expect(parseGoFloat("+Inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parseGoFloat("0x1p4")).toBe(16);
    expect(parseGoFloat("0x10")).toBeUndefined();
    expect(parseGoFloat(" 5")).toBeUndefined();
    expect(parseGoFloat("1e400")).toBeUndefined();
    expect(parseGoFloat("1__0")).toBeUndefined();
  });

  it("follows Go on the edge cases that once split the parsers", () => {
    expect(parseGoFloat("0x_.5p5")).toBeUndefined();
    expect(parseGoFloat("0x0p9999")).toBe(0);
    expect(parseGoFloat("0x_1p0")).toBe(1);
    // 17 hex digits: the last one only decides a tie, as a sticky bit.
    expect(parseGoFloat("0x1.00000000000008p0")).toBe(1);
    expect(parseGoFloat("0x1.000000000000080001p0")).toBe(1 + 2 ** -52);
    expect(parseGoFloat("1e-400")).toBe(0);
    expect(parseGoFloat("nan")).toBeNaN();
    expect(parseGoFloat("+nan")).toBeUndefined();
  });
});

describe("ImageRepository helpers", () => {
  it("default exclusion drops .sig tags; a list replaces the default", () => {
    expect(excludeTags({ tags: ["1", "sha-1.sig"] })).toEqual(["1"]);
    expect(excludeTags({ tags: ["1", "a.sig", "b"], exclusionList: ["^b$"] })).toEqual(["1", "a.sig"]);
    expect(() => excludeTags({ tags: [], exclusionList: ["[="] })).toThrow(ImagePolicyError);
  });

  it("latestTags is a byte-wise descending top 10", () => {
    const tags = Array.from({ length: 12 }, (_, i) => String(i + 90));
    expect(latestTags({ tags })).toEqual(["99", "98", "97", "96", "95", "94", "93", "92", "91", "90"]);
  });

  it("ready message mentions a differing previous ref", () => {
    expect(
      imagePolicyReadyMessage({
        latestRef: { name: "r", tag: "2", digest: "sha256:a" },
        observedPreviousRef: { name: "r", tag: "2", digest: "sha256:b" },
      }),
    ).toBe("Latest image tag for r resolved to 2 with digest sha256:a (previously r:2@sha256:b)");
  });
});

describe("parseImagePolicy", () => {
  it("applies defaults and names the field at fault", () => {
    const p = parseImagePolicy({
      object: {
        apiVersion: "image.toolkit.fluxcd.io/v1beta2",
        kind: "ImagePolicy",
        metadata: { name: "app" },
        spec: { imageRepositoryRef: { name: "app" }, policy: { semver: { range: "1.x" } } },
      },
    });
    expect(p.metadata.namespace).toBe("default");
    expect(p.spec.digestReflectionPolicy).toBe("Never");
    expect(() =>
      parseImagePolicy({
        object: {
          apiVersion: "image.toolkit.fluxcd.io/v1beta2",
          kind: "ImagePolicy",
          metadata: { name: "a" },
          spec: {},
        },
      }),
    ).toThrow(/spec\.imageRepositoryRef/);
  });
});
