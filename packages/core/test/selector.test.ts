import { describe, expect, it } from "vitest";
import { compileLabelSelector, LabelSelectorError, parseLabelSelector } from "../src/index.js";

const pods: Record<string, Record<string, string>> = {
  web: { app: "web", tier: "front", env: "prod" },
  api: { app: "api", tier: "back", env: "prod", version: "3" },
  db: { app: "db", tier: "back" },
  bare: {},
};

function matching(selector: Parameters<typeof compileLabelSelector>[0]): string[] {
  const s = compileLabelSelector(selector);
  return Object.entries(pods)
    .filter(([, labels]) => s.matches(labels))
    .map(([name]) => name);
}

describe("label selectors: string syntax", () => {
  it("supports every operator", () => {
    expect(matching("app=web")).toEqual(["web"]);
    expect(matching("app==web")).toEqual(["web"]);
    expect(matching("tier!=back")).toEqual(["web", "bare"]);
    expect(matching("tier in (back, front)")).toEqual(["web", "api", "db"]);
    expect(matching("tier notin (back)")).toEqual(["web", "bare"]);
    expect(matching("env")).toEqual(["web", "api"]);
    expect(matching("!env")).toEqual(["db", "bare"]);
    expect(matching("version>2")).toEqual(["api"]);
    expect(matching("version<3")).toEqual([]);
    expect(matching("")).toEqual(["web", "api", "db", "bare"]);
    expect(matching(undefined)).toEqual(["web", "api", "db", "bare"]);
  });

  it("ANDs comma-separated requirements", () => {
    expect(matching("tier=back,env")).toEqual(["api"]);
    expect(matching("a=b,c!=d,e in (x,y),!f")).toEqual([]);
    expect(matching("tier in (back),!env")).toEqual(["db"]);
  });

  it("has a canonical form sorted by key", () => {
    expect(compileLabelSelector("tier in (front,back), app=web, !legacy,env").toString()).toBe(
      "app=web,env,!legacy,tier in (back,front)",
    );
    expect(compileLabelSelector("a notin (y, x, x)").toString()).toBe("a notin (x,y)");
    expect(parseLabelSelector("a=")).toEqual([{ key: "a", operator: "Equals", values: [""] }]);
    expect(compileLabelSelector("example.com/part-of=x").matches({ "example.com/part-of": "x" })).toBe(true);
  });

  it("gives clear errors", () => {
    const cases: Array<[string, string]> = [
      ["a in x", 'expected "(" after "in", found "x" at position 5'],
      ["a in (x", 'expected "," or ")" in the "in" list, found end of selector'],
      ["a=b,", "expected a label key, found end of selector"],
      ["=b", 'expected a label key, found "=" at position 0'],
      [
        "a b",
        'expected an operator (=, ==, !=, in, notin, >, <), "," or end after key "a", found "b" at position 2',
      ],
      ["a>x", 'expected an integer after ">"'],
      ["-a=b", 'key "-a"'],
      ["a=b c", 'expected "," or end of selector, found "c"'],
      ["a=-b", 'value "-b"'],
      ["Bad_Prefix/a=b", 'key "Bad_Prefix/a": prefix'],
      [`a=${"x".repeat(64)}`, "must be empty or 1-63 characters"],
    ];
    for (const [text, message] of cases) {
      expect(() => compileLabelSelector(text), text).toThrow(LabelSelectorError);
      expect(() => compileLabelSelector(text), text).toThrow(message);
    }
    try {
      compileLabelSelector("a in x");
    } catch (err) {
      expect((err as LabelSelectorError).code).toBe("INVALID_SELECTOR");
      expect((err as Error).message).toContain('invalid label selector "a in x"');
    }
  });
});

describe("label selectors: metav1.LabelSelector", () => {
  it("matches matchLabels and matchExpressions together", () => {
    expect(matching({ matchLabels: { tier: "back" } })).toEqual(["api", "db"]);
    expect(
      matching({
        matchLabels: { tier: "back" },
        matchExpressions: [{ key: "env", operator: "Exists" }],
      }),
    ).toEqual(["api"]);
    expect(matching({ matchExpressions: [{ key: "app", operator: "In", values: ["db", "web"] }] })).toEqual([
      "web",
      "db",
    ]);
    expect(
      matching({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["db", "web"] }] }),
    ).toEqual(["api", "bare"]);
    expect(matching({ matchExpressions: [{ key: "env", operator: "DoesNotExist" }] })).toEqual([
      "db",
      "bare",
    ]);
    expect(matching({})).toEqual(["web", "api", "db", "bare"]);
  });

  it("validates operators and values like the API server", () => {
    const bad = [
      { matchExpressions: [{ key: "a", operator: "In" as const, values: [] }] },
      { matchExpressions: [{ key: "a", operator: "Exists" as const, values: ["x"] }] },
      { matchExpressions: [{ key: "a", operator: "Equals" as never }] },
      { matchLabels: { "a b": "x" } },
    ];
    for (const s of bad) expect(() => compileLabelSelector(s), JSON.stringify(s)).toThrow(LabelSelectorError);
  });
});
