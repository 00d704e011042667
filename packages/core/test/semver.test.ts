import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareSemver,
  latestSemverTag,
  parseFluxSemver,
  parseSemver,
  parseSemverConstraint,
  parseStrictSemver,
  SemverError,
  SemverVersion,
  sortSemverTags,
  tryParseSemver,
  tryParseStrictSemver,
} from "../src/index.js";

function errorOf(fn: () => unknown): SemverError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SemverError) return err;
    throw err;
  }
  throw new Error("expected a SemverError");
}

function validate(constraint: string, version: string) {
  return parseSemverConstraint(constraint).validate(parseSemver(version));
}

describe("parseSemver (lenient NewVersion)", () => {
  it.each([
    ["1.2.3", "1.2.3", 1n, 2n, 3n, "", ""],
    ["v1.2", "1.2.0", 1n, 2n, 0n, "", ""],
    ["1", "1.0.0", 1n, 0n, 0n, "", ""],
    ["01.02.03", "1.2.3", 1n, 2n, 3n, "", ""],
    ["1.2-rc.1+b.2", "1.2.0-rc.1+b.2", 1n, 2n, 0n, "rc.1", "b.2"],
    ["1.2.3-0a", "1.2.3-0a", 1n, 2n, 3n, "0a", ""],
    ["18446744073709551615.1.1", "18446744073709551615.1.1", 18446744073709551615n, 1n, 1n, "", ""],
  ])("%s", (input, canonical, major, minor, patch, pre, meta) => {
    const v = parseSemver(input);
    expect(v.toString()).toBe(canonical);
    expect(v.original).toBe(input);
    expect([v.major, v.minor, v.patch, v.prerelease, v.metadata]).toEqual([major, minor, patch, pre, meta]);
  });

  it.each([
    ["", "Invalid Semantic Version"],
    ["v", "Invalid Semantic Version"],
    ["V1.2.3", "Invalid Semantic Version"],
    ["1.2.3.4", "Invalid Semantic Version"],
    ["1..3", "Invalid Semantic Version"],
    ["1.2.3-", "Invalid Semantic Version"],
    ["1.2.3+", "Invalid Semantic Version"],
    ["1.2.3-beta..1", "Invalid Semantic Version"],
    [" 1.2.3", "Invalid Semantic Version"],
    ["1.2.x", "Invalid Semantic Version"],
    ["1.2.3-01", "Version segment starts with 0"],
    [
      "18446744073709551616.1.1",
      'Error parsing version segment: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ],
  ])("rejects %j with %j", (input, message) => {
    const err = errorOf(() => parseSemver(input));
    expect(err.message).toBe(message);
    expect(err.code).toBe("SEMVER_INVALID_VERSION");
    expect(err.input).toBe(input);
  });
});

describe("parseStrictSemver", () => {
  it.each([
    ["v1.2.3", "Invalid characters in version"],
    ["1.2", "Invalid Semantic Version"],
    ["01.2.3", "Version segment starts with 0"],
    ["1.2-rc.1", "Invalid characters in version"],
    ["", "Version string empty"],
    ["1..3", 'strconv.ParseUint: parsing "": invalid syntax'],
    ["1.2.3-a_b", "Invalid Prerelease string"],
    ["1.2.3+a_b", "Invalid Metadata string"],
  ])("rejects %j with %j", (input, message) => {
    expect(errorOf(() => parseStrictSemver(input)).message).toBe(message);
  });

  it("accepts an empty pre-release after a dash, as upstream does", () => {
    expect(tryParseStrictSemver("1.2.3-").ok).toBe(true);
    expect(parseStrictSemver("1.2.3+b-1").metadata).toBe("b-1");
  });
});

describe("compareSemver", () => {
  it("orders the semver.org precedence example", () => {
    const spec = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
    ];
    const shuffled = [...spec].reverse();
    expect(sortSemverTags({ tags: shuffled }).sorted).toEqual(spec);
  });

  it("sorts numeric identifiers before words and words by bytes", () => {
    const tags = ["1.0.0-a", "1.0.0-A", "1.0.0-10", "1.0.0-2", "1.0.0-1a", "1.0.0-RC.1"];
    expect(sortSemverTags({ tags }).sorted).toEqual([
      "1.0.0-2",
      "1.0.0-10",
      "1.0.0-1a",
      "1.0.0-A",
      "1.0.0-RC.1",
      "1.0.0-a",
    ]);
  });

  it("ignores build metadata", () => {
    expect(compareSemver(parseSemver("1.0.0+b"), parseSemver("v1.0.0"))).toBe(0);
  });

  // Versions drawn from a small alphabet so ties and shared prefixes are common.
  const versionArb = fc
    .tuple(
      fc.nat(3),
      fc.nat(3),
      fc.nat(3),
      fc.array(fc.oneof(fc.constantFrom("alpha", "beta", "rc", "a-b", "Z"), fc.nat(12).map(String)), {
        maxLength: 3,
      }),
      fc.constantFrom("", "+build", "+1.2"),
    )
    .map(([a, b, c, pre, meta]) =>
      parseSemver(`${a}.${b}.${c}${pre.length ? `-${pre.join(".")}` : ""}${meta}`),
    );

  it("is a total preorder: antisymmetric and transitive", () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        expect(compareSemver(a, b)).toBe(-compareSemver(b, a) || 0);
        if (compareSemver(a, b) <= 0 && compareSemver(b, c) <= 0)
          expect(compareSemver(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("agrees with sortSemverTags, which is stable", () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 12 }), (versions) => {
        const tags = versions.map((v) => v.original);
        const { sorted } = sortSemverTags({ tags });
        for (let i = 1; i < sorted.length; i++) {
          const d = compareSemver(parseSemver(sorted[i - 1]), parseSemver(sorted[i]));
          expect(d).toBeLessThanOrEqual(0);
          // Equal precedence keeps input order.
          if (d === 0) expect(tags.indexOf(sorted[i - 1])).toBeLessThanOrEqual(tags.indexOf(sorted[i]));
        }
      }),
    );
  });

  it("round-trips canonical strings", () => {
    fc.assert(
      fc.property(versionArb, (v) => {
        expect(parseSemver(v.toString()).toString()).toBe(v.toString());
        expect(new SemverVersion(v).compare(v)).toBe(0);
      }),
    );
  });
});

describe("parseSemverConstraint", () => {
  // Answers of Masterminds/semver v3.2.0.
  it.each([
    ["=1.2.3", "1.2.4", false, ["1.2.4 is not equal to 1.2.3"]],
    ["=>1.2", "1.2.0", true, []],
    ["=<1.2", "1.2.9", true, []],
    ["1 - 2||3", "3.0.0", true, []],
    ["!=1.x", "1.5.0", false, ["1.5.0 is equal to 1.x"]],
    [
      "!=1.2.x",
      "1.2.0-beta",
      false,
      ["1.2.0-beta is a prerelease version and the constraint is only looking for release versions"],
    ],
    ["~0", "5.0.0", false, ["5.0.0 does not have same major version as 0"]],
    [
      ">= 1.2, < 1.4 || ^3",
      "1.4.0",
      false,
      ["1.4.0 is greater than or equal to 1.4", "1.4.0 is less than 3"],
    ],
    ["  >=1.0.0   <2  ", "1.5.0", true, []],
    ["1.2.3+meta", "1.2.3", true, []],
    ["v1.2.3", "1.2.3", true, []],
    ["^0.0", "0.0.5", true, []],
    [
      "^0.0.x",
      "0.1.0",
      false,
      [
        "0.1.0 does not have same minor version as 0.0.x. Expected minor versions to match when constraint major version is 0",
      ],
    ],
    [
      "^0.0.3",
      "0.0.4",
      false,
      [
        "0.0.4 does not equal 0.0.3. Expect version and constraint to equal when major and minor versions are 0",
      ],
    ],
    ["1 2 3", "1.2.3", false, ["1.2.3 is less than 2", "1.2.3 is less than 3"]],
    ["01.2.3", "1.2.3", true, []],
    [">11", "11.1.0", false, ["11.1.0 is less than or equal to 11"]],
    [">11.1", "11.2.1", true, []],
    ["<=1.2", "1.2.99", true, []],
    ["~1.2.3", "1.3.0", false, ["1.3.0 does not have same major and minor version as 1.2.3"]],
    [">=1.2.3-beta.1", "1.2.3-beta.2", true, []],
    [">=1.2.3-beta.1", "1.2.4-beta.1", true, []],
    [
      "*",
      "1.0.0-rc.1",
      false,
      ["1.0.0-rc.1 is a prerelease version and the constraint is only looking for release versions"],
    ],
  ])("%j against %s", (constraint, version, matches, reasons) => {
    expect(validate(constraint, version)).toEqual({ matches, reasons });
    expect(parseSemverConstraint(constraint).check(parseSemver(version))).toBe(matches);
  });

  it("reproduces the upstream Check/Validate disagreement for != and pre-releases", () => {
    const c = parseSemverConstraint("!=1.2.3");
    const v = parseSemver("1.2.4-alpha");
    expect(c.check(v)).toBe(true);
    expect(c.validate(v).matches).toBe(false);
  });

  it.each([
    ["bad", "improper constraint: bad"],
    [">>1", "improper constraint: >>1"],
    ["1.2.3 ||", "improper constraint: "],
    [">=1.2.3 || bad", "improper constraint:  bad"],
    ["== 1.2.3", "improper constraint: == 1.2.3"],
    [">=1,,<2", "improper constraint: >=1,,<2"],
    ["1.2.3 - ", "improper constraint: 1.2.3 - "],
    ["1|2", "constraint Parser Error"],
    [">1.2.3-01", "constraint Parser Error"],
  ])("rejects %j with %j", (constraint, message) => {
    const err = errorOf(() => parseSemverConstraint(constraint));
    expect(err.message).toBe(message);
    expect(err.code).toBe("SEMVER_INVALID_CONSTRAINT");
  });

  it("parses a hostile constraint in linear time", () => {
    const hostile = `1${" ".repeat(5000)}1`.repeat(20) + "x!";
    const start = performance.now();
    expect(() => parseSemverConstraint(hostile)).toThrow(SemverError);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe("Flux tag helpers", () => {
  it("parseFluxSemver wants a strict version after one leading v", () => {
    expect(parseFluxSemver("v1.2.3").toString()).toBe("1.2.3");
    expect(errorOf(() => parseFluxSemver("v1.3")).message).toBe("Invalid Semantic Version");
    expect(errorOf(() => parseFluxSemver("1.02.3")).message).toBe("Version segment starts with 0");
    expect(tryParseSemver("1.02.3").ok).toBe(true);
  });

  it("splits, sorts and picks like the Flux SemVer policy", () => {
    const tags = ["v1.2.3", "1.2.4", "v1.2.5-rc.1", "v1.3", "v2", "2.0.0", "latest"];
    expect(sortSemverTags({ tags })).toEqual({
      sorted: ["v1.2.3", "1.2.4", "v1.2.5-rc.1", "v1.3", "v2", "2.0.0"],
      invalid: ["latest"],
    });
    expect(sortSemverTags({ tags, parser: "flux" })).toEqual({
      sorted: ["v1.2.3", "1.2.4", "v1.2.5-rc.1", "2.0.0"],
      invalid: ["v1.3", "v2", "latest"],
    });
    expect(latestSemverTag({ tags, constraint: ">=1.0.0" })).toBe("2.0.0");
    expect(latestSemverTag({ tags, constraint: "<1.2.5-0" })).toBe("1.2.4");
    expect(latestSemverTag({ tags, constraint: ">=3" })).toBeUndefined();
  });

  it("keeps the first of equal-precedence tags", () => {
    const tags = ["1.0.0+b", "1.0.0+a", "1.0.0", "v1.0.0"];
    expect(latestSemverTag({ tags, constraint: ">=1.0.0" })).toBe("1.0.0+b");
  });

  it("rejects a bad constraint", () => {
    expect(() => latestSemverTag({ tags: ["1.0.0"], constraint: "bad" })).toThrow("improper constraint: bad");
  });
});
