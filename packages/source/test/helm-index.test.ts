import { parseYaml, printYaml } from "@gitops-kit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ChartVersionError,
  findChartVersion,
  HelmIndexError,
  parseHelmIndex,
  readBlockYaml,
} from "../src/index.js";
import { generateHelmIndex } from "./helm-fixtures.js";

/** The general parser in the dialect Helm reads indexes with: the reference for the fast reader. */
function general(text: string): unknown {
  return parseYaml(text, { dialect: "sigs-yaml", nonStringKeys: "stringify" });
}

function fast(text: string): unknown {
  const read = readBlockYaml(text);
  if (!read) throw new Error("fast reader gave up");
  return read.value;
}

describe("readBlockYaml", () => {
  it.each([
    ["maps and sequences", "a: 1\nb: two\nc:\n- x\n- y\nd:\n  e: f\n"],
    [
      "sequence at the key's indentation (go-yaml v2 style)",
      "entries:\n  nginx:\n  - name: nginx\n    version: 1.0.0\n  other: []\n",
    ],
    ["compact nested forms", "- - a\n  - b\n- c: 1\n  d: 2\n-\n  e: 3\n- ~\n"],
    ["quoted scalars and escapes", 'a: \'it\'\'s\'\nb: "tab\\t \\u00e9 \\\\ \\" \\x41"\nc: ""\n'],
    [
      "YAML 1.1 scalars",
      "a: yes\nb: off\nc: 0x1F\nd: 010\ne: 1.50\nf: ~\ng: 2023-01-01\nh: -12\ni: 1_000\nj: .inf\n",
    ],
    ["comments", "# head\na: b # trailing\n  # indented comment\nc: 'd' # after quote\n\n# end\n"],
    ["literal blocks", "a: |\n  one\n   two\n\n  three\nb: |-\n  strip\nc: |+\n  keep\n\nd: end\n"],
    ["folded blocks", "a: >\n  folded\n  text\n\n  more\n    indented\n  back\nb: >-\n  x\n  y\n"],
    [
      "multi-line plain scalars",
      "d: Apache HTTP Server is an open-source HTTP server. The goal of this\n  project is to provide a secure\n\n  and extensible server\nn: x\n",
    ],
    ["multi-line plain in a sequence", "- a\n  b\n- c\n"],
    [
      "multi-line quoted scalars",
      "k: 'a long: quoted\n  string with ''q'' across'\nz: \"dq \\\n   joined\\tx\n  next  \n\n  para\"\n",
    ],
    ["document markers and CRLF", "---\r\na: 1\r\nb:\r\n- c\r\n...\r\n"],
    ["byte order mark", "\ufeffa: 1\n"],
    ["flow sequences of scalars", "k: [a, 'b c', \"d\", 1, true, ]\ne: {}\n"],
    [
      "keys with spaces and quotes",
      "key with spaces: v\n\"quoted: key\": 1\n'single': 2\nurl: http://x:80/y\n",
    ],
  ])("reads %s like the general parser", (_name, text) => {
    expect(fast(text)).toEqual(general(text));
  });

  it.each([
    ["anchors and aliases", "a: &x 1\nb: *x\n"],
    ["tags", "a: !!str 1\n"],
    ["complex keys", "? a\n: b\n"],
    ["nested flow collections", "a: [b, [c]]\n"],
    ["tabs in indentation", "a:\n\tb: c\n"],
    ["several documents", "a: 1\n---\nb: 2\n"],
    ["an implicit key inside a value", "a: b: c\n"],
    ["a directive", "%YAML 1.1\n---\na: 1\n"],
  ])("leaves %s to the general parser", (_name, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });

  it("refuses a repeated key", () => {
    expect(() => readBlockYaml("a: 1\nb: 2\na: 3\n")).toThrow(/"a" already defined/);
  });

  it("skips the values of unwanted keys by indentation", () => {
    const text = "entries:\n  a:\n  - x: |\n      a: b\n    y: 1\n  b:\n  - z: 2\n  c: []\nother: 1\n";
    const read = readBlockYaml(text, { skip: { path: ["entries"], keep: (k) => k === "b" } });
    expect(read?.value).toEqual({ entries: { b: [{ z: 2 }] }, other: 1 });
  });

  const scalar = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.constantFrom(
      "yes",
      "no",
      "on",
      "1.10",
      "0x1F",
      "~",
      "null",
      "true",
      "- a",
      "a: b",
      "#x",
      "a #b",
      "'q'",
      '"d"',
      "",
      " lead",
      "trail ",
      "x\n\ny",
      "t\tab",
      "é ü 日本",
    ),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  const key = fc.oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.constantFrom("name", "version", "urls", "a b", "x:y", "-k"),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, scalar, tie("map"), tie("list")),
    map: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
    list: fc.array(tie("node"), { maxLength: 5 }),
  })).node;

  it("reads what the go-yaml v2 printer writes exactly as the general parser does (property)", () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = printYaml(v);
        const read = readBlockYaml(text);
        // Giving up is allowed (the general parser then runs); a different answer is not.
        if (read) expect(read.value).toEqual(general(text));
      }),
      { numRuns: 400 },
    );
  });

  it("reads printed documents without giving up when they hold no exotic strings (property)", () => {
    const plain = fc.stringMatching(/^[a-zA-Z0-9 .,/_-]{0,150}$/);
    const doc = fc.dictionary(
      fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/),
      fc.oneof(
        plain,
        fc.array(plain, { maxLength: 4 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), plain, { maxKeys: 3 }),
      ),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(doc, (v) => {
        const text = printYaml(v);
        expect(fast(text)).toEqual(general(text));
      }),
      { numRuns: 300 },
    );
  });
});

const INDEX = `apiVersion: v1
entries:
  nginx:
  - apiVersion: v2
    appVersion: 1.10
    created: "2024-01-01T00:00:00Z"
    digest: aaaa
    name: nginx
    urls:
    - charts/nginx-1.0.0.tgz
    version: 1.0.0
  - apiVersion: v2
    created: "2024-02-01T00:00:00Z"
    name: nginx
    urls:
    - charts/nginx-1.2.0.tgz
    version: 1.2.0
  - created: "2024-03-01T00:00:00Z"
    name: nginx
    urls:
    - charts/nginx-2.0.0-rc.1.tgz
    version: 2.0.0-rc.1
  - name: nginx
    version: not-a-version
  - name: a/b
    version: 1.0.0
  - name: nginx
    type: plugin
    version: 1.0.1
  - dependencies:
    - alias: bad alias!
      name: common
      repository: oci://x
    name: nginx
    version: 1.0.2
  - description: "white\\tspace and a bell\\a"
    name: nginx
    version: 0.9.0
  redis: []
generated: "2024-05-01T10:00:00.123456789Z"
`;

describe("parseHelmIndex", () => {
  it("decodes entries, drops the ones Helm's validation refuses, sorts newest first", () => {
    const { index, skipped, reader } = parseHelmIndex({ data: INDEX });
    expect(reader).toBe("block");
    expect(index.apiVersion).toBe("v1");
    expect(index.generated).toBe("2024-05-01T10:00:00.123456789Z");
    expect(index.entries.nginx.map((e) => e.version)).toEqual(["2.0.0-rc.1", "1.2.0", "1.0.0", "0.9.0"]);
    expect(index.entries.redis).toEqual([]);
    expect(skipped.map((s) => [s.position, s.reason])).toEqual([
      [3, 'chart.metadata.version "not-a-version" is invalid'],
      [4, 'chart.metadata.name "a/b" is invalid'],
      [5, "chart.metadata.type must be application or library"],
      [6, 'dependency "common" has disallowed characters in the alias'],
    ]);
    const first = index.entries.nginx[2];
    // A YAML float in a string field is formatted as sigs.k8s.io/yaml does (1.10 → "1.1").
    expect(first.appVersion).toBe("1.1");
    expect(first.apiVersion).toBe("v2");
    expect(index.entries.nginx[0].apiVersion).toBe("v1");
    // Helm's sanitising: white space becomes a space, other control characters are dropped.
    expect(index.entries.nginx[3].description).toBe("white space and a bell");
  });

  it("resolves versions like source-controller", () => {
    const { index } = parseHelmIndex({ data: INDEX });
    expect(findChartVersion({ index, chart: "nginx" }).version).toBe("1.2.0");
    expect(findChartVersion({ index, chart: "nginx", version: "*" }).version).toBe("1.2.0");
    expect(findChartVersion({ index, chart: "nginx", version: "~1.0" }).version).toBe("1.0.0");
    expect(findChartVersion({ index, chart: "nginx", version: ">=1.0.0-0" }).version).toBe("2.0.0-rc.1");
    expect(() => findChartVersion({ index, chart: "nope" })).toThrow(
      expect.objectContaining({ code: "CHART_NAME_NOT_FOUND", message: "no chart name found" }),
    );
    expect(() => findChartVersion({ index, chart: "redis" })).toThrow(ChartVersionError);
    expect(() => findChartVersion({ index, chart: "nginx", version: ">=3" })).toThrow(
      "no 'nginx' chart with version matching '>=3' found",
    );
  });

  it("decodes only the charts asked for, passing over the others unread", () => {
    const text = INDEX.replace(
      "  redis: []",
      "  redis:\n  - name: redis\n    unknownField: x\n    version: 1.0.0",
    );
    expect(() => parseHelmIndex({ data: text })).toThrow(HelmIndexError);
    const { index } = parseHelmIndex({ data: text, charts: ["nginx"] });
    expect(Object.keys(index.entries)).toEqual(["nginx"]);
    expect(index.entries.nginx).toHaveLength(4);
  });

  it("is strict about YAML fields and types, lenient about unknown JSON fields", () => {
    const unknown = "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    extra: 1\n";
    expect(() => parseHelmIndex({ data: unknown })).toThrow(/entries\.a\[0\]: unknown field "extra"/);
    expect(() => parseHelmIndex({ data: "apiVersion: v1\nfoo: 1\n" })).toThrow(/unknown field "foo"/);
    expect(() => parseHelmIndex({ data: "apiVersion: v1\nentries:\n  a:\n  - name: [x]\n" })).toThrow(
      /entries\.a\[0\]\.name: cannot decode array into a string/,
    );
    expect(() =>
      parseHelmIndex({
        data: "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    created: yesterday\n",
      }),
    ).toThrow(/entries\.a\[0\]\.created: parsing time "yesterday"/);
    const json = JSON.stringify({
      apiVersion: "v1",
      entries: { a: [{ name: "a", version: "1.0.0", extra: 1 }] },
    });
    const parsed = parseHelmIndex({ data: new TextEncoder().encode(json) });
    expect(parsed.reader).toBe("json");
    expect(parsed.index.entries.a[0].version).toBe("1.0.0");
  });

  it("fails with typed errors on empty, versionless, oversized and repeated-key indexes", () => {
    const code = (data: string, maxSize?: number) => {
      try {
        parseHelmIndex({ data, maxSize });
      } catch (err) {
        expect(err).toBeInstanceOf(HelmIndexError);
        return (err as HelmIndexError).code;
      }
      return "none";
    };
    expect(code("")).toBe("HELM_INDEX_EMPTY");
    expect(code("entries: {}\n")).toBe("HELM_INDEX_NO_API_VERSION");
    expect(code(INDEX, 100)).toBe("HELM_INDEX_TOO_LARGE");
    expect(code("apiVersion: v1\napiVersion: v2\n")).toBe("HELM_INDEX_INVALID");
    expect(code("apiVersion: v1\nentries: [unclosed\n")).toBe("HELM_INDEX_INVALID");
  });

  it("gives the same index whichever reader runs", () => {
    // An alias sends this text to the general parser; without it the fast reader handles it.
    const aliased = INDEX.replace("    digest: aaaa", "    digest: &d aaaa").replace(
      "  redis: []",
      "  redis: []\nannotations:\n  copy: *d",
    );
    const plain = INDEX.replace("  redis: []", "  redis: []\nannotations:\n  copy: aaaa");
    const a = parseHelmIndex({ data: aliased });
    const b = parseHelmIndex({ data: plain });
    expect(a.reader).toBe("yaml");
    expect(b.reader).toBe("block");
    expect(a.index).toEqual(b.index);
  });

  it("reads a generated Bitnami-sized index with the fast reader and resolves a chart in it", () => {
    const text = generateHelmIndex({ targetBytes: 12 * 1024 * 1024 });
    const targeted = parseHelmIndex({ data: text, charts: ["chart-10"] });
    expect(targeted.reader).toBe("block");
    const chosen = findChartVersion({ index: targeted.index, chart: "chart-10" });
    // Versions 149..0; the x.y.9 ones are prereleases, so the newest stable is 2.4.8.
    expect(chosen.version).toBe("2.4.8");
    expect(chosen.urls).toEqual(["https://charts.example.com/chart-10-2.4.8.tgz"]);
    expect(chosen.description).toMatch(/^chart-10 is an open source, .* has a description long enough/);
    const full = parseHelmIndex({ data: text });
    expect(full.index.entries["chart-10"]).toEqual(targeted.index.entries["chart-10"]);
    expect(Object.keys(full.index.entries).length).toBeGreaterThan(50);
  });
});
