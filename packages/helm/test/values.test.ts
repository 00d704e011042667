import { describe, expect, it } from "vitest";
import {
  type ChartNode,
  coalesceValues,
  coalesceValueTables,
  mergeValueMaps,
  mergeValues,
  mergeValueTables,
  readValuesYaml,
  ValuesError,
} from "../src/index.js";

/** A chart node with just what coalescing reads: name, values.yaml and subcharts. */
function node(name: string, values: Record<string, unknown>, deps: ChartNode[] = []): ChartNode {
  const n = {
    metadata: { name },
    values,
    chart: {},
    dependencies: deps,
    parent: undefined,
  } as unknown as ChartNode;
  for (const d of deps) d.parent = n;
  return n;
}

describe("coalesceValues", () => {
  const chart = () =>
    node(
      "shop",
      {
        replicas: 1,
        image: { repository: "shop", tag: "v1", pullPolicy: "IfNotPresent" },
        ports: [80, 443],
        probes: { liveness: { path: "/live" } },
        global: { region: "eu", labels: { team: "a" } },
      },
      [
        node("db", { size: "1Gi", global: { region: "us", tier: "data" }, auth: { user: "app" } }, [
          node("metrics", { port: 9187 }),
        ]),
      ],
    );

  it("fills defaults, lets user values win, merges maps and replaces lists", () => {
    const v = coalesceValues(chart(), { image: { tag: "v2" }, ports: [8080], extra: true });
    expect(v.replicas).toBe(1);
    expect(v.image).toEqual({ repository: "shop", tag: "v2", pullPolicy: "IfNotPresent" });
    expect(v.ports).toEqual([8080]);
    expect(v.extra).toBe(true);
  });

  it("deletes a default when the user sets it to null, at any depth", () => {
    const v = coalesceValues(chart(), {
      replicas: null,
      image: { pullPolicy: null },
      probes: { liveness: null },
    });
    expect(v).not.toHaveProperty("replicas");
    expect(v.image).toEqual({ repository: "shop", tag: "v1" });
    expect(v.probes).toEqual({});
  });

  it("keeps nulls in merge mode (dependency processing)", () => {
    const v = mergeValues(chart(), { replicas: null });
    expect(v).toHaveProperty("replicas", null);
  });

  it("gives every subchart its section with its own defaults, and the parent's values for it win", () => {
    const v = coalesceValues(chart(), { db: { size: "5Gi", metrics: { port: 1 } } });
    expect(v.db).toMatchObject({ size: "5Gi", auth: { user: "app" }, metrics: { port: 1 } });
    const untouched = coalesceValues(chart(), {});
    expect((untouched.db as Record<string, unknown>).metrics).toMatchObject({ port: 9187 });
  });

  it("copies globals down into every subchart, the parent's globals winning", () => {
    const v = coalesceValues(chart(), { global: { labels: { env: "prod" } } });
    const db = v.db as Record<string, Record<string, unknown>>;
    expect(v.global).toEqual({ region: "eu", labels: { team: "a", env: "prod" } });
    expect(db.global).toEqual({ region: "eu", tier: "data", labels: { team: "a", env: "prod" } });
    const metrics = (db as Record<string, Record<string, Record<string, unknown>>>).metrics;
    expect(metrics.global).toEqual(db.global);
  });

  it("does not modify its inputs", () => {
    const c = chart();
    const user = { image: { tag: "v2" }, replicas: null };
    const before = JSON.stringify([c.values, user]);
    coalesceValues(c, user);
    expect(JSON.stringify([c.values, user])).toBe(before);
  });

  it("keeps a user table over a scalar default and a user scalar over a table default", () => {
    const warnings: string[] = [];
    const v = coalesceValues(node("c", { a: "text", b: { x: 1 } }), { a: { nested: true }, b: "flat" }, (m) =>
      warnings.push(m),
    );
    expect(v).toEqual({ a: { nested: true }, b: "flat" });
    expect(warnings).toEqual(["warning: skipped value for c.a: Not a table."]);
  });

  it("fails like Helm when a subchart's section is not a table", () => {
    expect(() => coalesceValues(chart(), { db: "x" })).toThrow("type mismatch on db: %!t(string=x)");
  });
});

describe("coalesceValueTables / mergeValueTables", () => {
  it("fill missing keys from the source, the destination winning", () => {
    expect(coalesceValueTables({ a: 1, n: { x: 1 } }, { a: 2, b: 2, n: { y: 2 } })).toEqual({
      a: 1,
      b: 2,
      n: { x: 1, y: 2 },
    });
  });

  it("treat a null in the destination as a deletion only when coalescing", () => {
    expect(coalesceValueTables({ a: null }, { a: 1 })).toEqual({});
    expect(mergeValueTables({ a: null }, { a: 1 })).toEqual({ a: null });
  });
});

describe("values files", () => {
  it("merge left to right: maps recursively, anything else replaced", () => {
    const a = readValuesYaml(
      "image:\n  repo: x\n  tag: v1\nlist: [1, 2]\n",
      "a.yaml",
      "failed to parse a.yaml",
    );
    const b = readValuesYaml("image:\n  tag: v2\nlist: [3]\n", "b.yaml", "failed to parse b.yaml");
    expect(mergeValueMaps(a, b)).toEqual({ image: { repo: "x", tag: "v2" }, list: [3] });
    expect(a.image).toEqual({ repo: "x", tag: "v1" });
  });

  it("report parse errors with Helm's wording", () => {
    expect(() => readValuesYaml("a: [", "bad.yaml", "failed to parse bad.yaml")).toThrow(
      /^failed to parse bad.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
    expect(() => readValuesYaml("- a\n- b\n", "list.yaml", "failed to parse list.yaml")).toThrow(
      "failed to parse list.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
    expect(() => readValuesYaml("x", "s.yaml", "ctx")).toThrow(ValuesError);
    expect(readValuesYaml("# only a comment\n", "e.yaml", "ctx")).toEqual({});
  });
});
