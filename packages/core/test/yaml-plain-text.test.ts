import { describe, expect, it } from "vitest";
import { parseYamlStream, type YamlHolder } from "../src/index.js";

const at = (holder: YamlHolder, key: string) => (holder as Record<string, unknown>)[key];

describe("parseYamlStream onPlainScalar", () => {
  it("reports plain scalars that do not read as the string they spell, with their map and key", () => {
    const seen: [string, string, unknown][] = [];
    const [doc] = parseYamlStream(
      "a: 1.50\nb: text\nc: &x 0755\nd: *x\ne: ~\nf: '1.50'\ng: 2001-12-14\nh: !!str 0x1F\nn: {i: 1e3}\n",
      { onPlainScalar: (map, key, text) => seen.push([key, text, at(map, key)]) },
    );
    expect(seen).toEqual([
      ["a", "1.50", 1.5],
      ["c", "0755", 493],
      ["d", "0755", 493],
      ["e", "~", null],
      ["g", "2001-12-14", "2001-12-14T00:00:00Z"],
      ["i", "1e3", 1000],
    ]);
    expect(doc).toMatchObject({ b: "text", f: "1.50", h: "0x1F" });
  });

  it("reports quoted and block scalars through onQuotedScalar", () => {
    const quoted: string[] = [];
    parseYamlStream("a: '1'\nb: \"x\"\nc: |\n  block\nd: plain\ne: 3\nf: >\n  folded\n", {
      onQuotedScalar: (map, key) => quoted.push(`${key}=${JSON.stringify(at(map, key))}`),
    });
    expect(quoted).toEqual(['a="1"', 'b="x"', 'c="block\\n"', 'f="folded\\n"']);
  });

  it("reports again for copies made by aliases and << merges", () => {
    const plain: [object, string, string][] = [];
    const quoted: [object, string][] = [];
    const [doc] = parseYamlStream("base: &b {a: 1.50, q: '80'}\ncopy: *b\nmerged: {<<: *b, z: x}\n", {
      onPlainScalar: (map, key, text) => plain.push([map, key, text]),
      onQuotedScalar: (map, key) => quoted.push([map, key]),
    });
    const maps = doc as Record<string, Record<string, unknown>>;
    expect(maps.merged).toEqual({ z: "x", a: 1.5, q: "80" });
    for (const name of ["base", "copy", "merged"]) {
      expect(plain.some(([m, k, t]) => m === maps[name] && k === "a" && t === "1.50")).toBe(true);
      expect(quoted.some(([m, k]) => m === maps[name] && k === "q")).toBe(true);
    }
  });

  it("reports flow-style collections through onFlowCollection, also their alias copies", () => {
    const flow = new Set<object>();
    const [doc] = parseYamlStream(
      "a: {b: {c: 1}}\nd:\n  e: 1\nf: [g: 1, {h: }]\ni: &x {}\nj: *x\nk: {}\nl:\n- [1]\n",
      {
        onFlowCollection: (holder) => flow.add(holder),
      },
    );
    const m = doc as Record<string, Record<string, unknown> & unknown[]>;
    const f = m.f as unknown as object[];
    const l = m.l as unknown as object[];
    for (const c of [m.a, m.a.b as object, m.f, f[0], f[1], m.i, m.j, m.k, l[0]])
      expect(flow.has(c)).toBe(true);
    for (const c of [m, m.d, m.l]) expect(flow.has(c)).toBe(false);
    expect(flow.size).toBe(9);
  });

  it("reports sequence items by index, also in alias copies", () => {
    const plain: [unknown, string, string][] = [];
    const quoted: [unknown, string][] = [];
    const [doc] = parseYamlStream("a: &s [1.50, x, '0755', ~, [0x1F]]\nb: *s\n", {
      onPlainScalar: (holder, key, text) => plain.push([holder, key, text]),
      onQuotedScalar: (holder, key) => quoted.push([holder, key]),
    });
    const m = doc as Record<string, unknown[]>;
    for (const list of [m.a, m.b]) {
      expect(plain.filter(([h]) => h === list).map(([, k, t]) => [k, t])).toEqual([
        ["0", "1.50"],
        ["3", "~"],
      ]);
      expect(quoted.filter(([h]) => h === list).map(([, k]) => k)).toEqual(["2"]);
      expect(plain.some(([h, k, t]) => h === list[4] && k === "0" && t === "0x1F")).toBe(true);
    }
  });
});
