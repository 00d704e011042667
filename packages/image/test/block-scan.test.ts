// The fast block scan must give exactly what the full `yaml` parse gives, or step aside.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { updateParsed, updateText } from "../src/index.js";
import { scanBlockYaml } from "../src/update/block-scan.js";

const setters = new Map([
  ["ns:a", "reg/app:2.0.0"],
  ["ns:a:tag", "2.0"],
  ["ns:b", "yes"],
]);
const marker = fc.constantFrom(
  ' # {"$imagepolicy": "ns:a"}',
  ' # {"$imagepolicy": "ns:a:tag"}',
  ' #{"$imagepolicy":"ns:b"}',
  ' # {"$imagepolicy": "ns:zzz"}',
  ' # {"\\u0024imagepolicy": "ns:a"}',
  " # plain comment",
  "",
  "",
);
const key = fc.constantFrom(
  "apiVersion",
  "kind",
  "metadata",
  "name",
  "namespace",
  "image",
  "spec",
  "a.b/c",
  "x-y",
);
const scalar = fc.constantFrom(
  "reg/app:1.0.0",
  "v1",
  "apps/v1",
  "Deployment",
  "web",
  "'quoted'",
  "'it''s'",
  '"double"',
  '"esc\\"aped"',
  '""',
  "1.10",
  "yes",
  "~",
  "-1",
  "a:b",
  "a#b",
  "a: b",
  "x:",
  "[a, b]",
  "{a: 1}",
  "&anchor v",
  "*alias",
  "!tag v",
  "|",
  ">-",
  "@x",
  "`x`",
  "%x",
  "'open",
  '"open',
  "- a",
  "-",
  "a\tb",
  "é",
);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, scalar, marker).map(([k, v, m]) => `${k}: ${v}${m}`) },
  { weight: 3, arbitrary: fc.tuple(key, marker).map(([k, m]) => `${k}:${m}`) },
  { weight: 3, arbitrary: fc.tuple(scalar, marker).map(([v, m]) => `- ${v}${m}`) },
  { weight: 3, arbitrary: fc.tuple(key, scalar, marker).map(([k, v, m]) => `- ${k}: ${v}${m}`) },
  { weight: 1, arbitrary: key.map((k) => `- ${k}:`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "# note",
      '# {"$imagepolicy": "ns:a"}',
      "",
      "---",
      "--- x",
      "...",
      "%YAML 1.1",
      "- - a",
      "-",
      "? a",
      "key:value",
      "\tkey: v",
      "key: v\r",
      "<<: v",
      "\ufeffkey: v",
    ),
  },
);
const indent = fc.constantFrom(0, 0, 0, 2, 2, 4, 4, 6, 1, 3, 8);
const freeform = fc
  .tuple(fc.array(fc.tuple(indent, line), { minLength: 1, maxLength: 14 }), fc.constantFrom("\n", "\r\n"))
  .map(([lines, nl]) => lines.map(([i, l]) => " ".repeat(i) + l).join(nl) + nl);

// Random block trees rendered in both sequence styles, then sometimes bent (one line re-indented or
// replaced), so that most texts are in the subset and some sit just outside it.
type Tree = { map: [string, Tree | string][] } | { seq: (Tree | string)[] };
const goodScalar = fc.constantFrom(
  "reg/app:1.0.0",
  "v1",
  "apps/v1",
  "web",
  "'quoted'",
  "'it''s'",
  '"double"',
  '""',
  "1.10",
  "yes",
  "~",
  "-1",
  "a:b",
  "a#b",
  "é",
);
const leaf = fc
  .tuple(fc.oneof({ weight: 12, arbitrary: goodScalar }, { weight: 1, arbitrary: scalar }), marker)
  .map(([v, m]) => `${v}${m}`);
const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("map"), tie("seq")),
  map: fc
    .array(fc.tuple(key, fc.oneof({ depthSize: "small" }, leaf, leaf, tie("tree"))), {
      minLength: 1,
      maxLength: 4,
    })
    .map((entries) => ({ map: entries })),
  seq: fc
    .array(fc.oneof({ depthSize: "small" }, leaf, tie("map")), { minLength: 1, maxLength: 3 })
    .map((items) => ({ seq: items })),
}));

function render(t: Tree, indent: number, compact: boolean, out: string[]): void {
  const pad = " ".repeat(indent);
  if ("map" in t) {
    for (const [k, v] of t.map) {
      if (typeof v === "string") out.push(`${pad}${k}: ${v}`);
      else {
        out.push(`${pad}${k}:`);
        render(v, "seq" in v && compact ? indent : indent + 2, compact, out);
      }
    }
    return;
  }
  for (const item of t.seq) {
    if (typeof item === "string") out.push(`${pad}- ${item}`);
    else {
      const lines: string[] = [];
      render(item, indent + 2, compact, lines);
      // The item's first line goes after the dash.
      out.push(`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1));
    }
  }
}

const bentTree = fc
  .record({
    root: fc.array(fc.tuple(key, fc.oneof(leaf, tree)), { minLength: 1, maxLength: 4 }),
    compact: fc.boolean(),
    bend: fc.option(fc.tuple(fc.nat(), fc.constantFrom(-1, 1, 2, "weird")), { freq: 3 }),
    weird: line,
    nl: fc.constantFrom("\n", "\r\n"),
  })
  .map(({ root, compact, bend, weird, nl }) => {
    const lines: string[] = [];
    render({ map: root }, 0, compact, lines);
    if (bend) {
      const i = bend[0] % lines.length;
      if (bend[1] === "weird") lines[i] = weird;
      else if (bend[1] === -1) lines[i] = lines[i].replace(/^ /, "");
      else lines[i] = " ".repeat(bend[1] as number) + lines[i];
    }
    return lines.join(nl) + nl;
  });

// Well-formed manifests (so the fast path answers often): a root map, metadata, nested maps and
// sequences in both indentation styles.
const manifest = fc
  .record({
    apiVersion: fc.constantFrom("apps/v1", "'v1'", '"batch/v1"'),
    kind: fc.constantFrom("Deployment", "CronJob"),
    name: fc.constantFrom("web", "'we''b'", ""),
    compact: fc.boolean(),
    images: fc.array(
      fc.tuple(fc.oneof({ weight: 8, arbitrary: goodScalar }, { weight: 1, arbitrary: scalar }), marker),
      { minLength: 1, maxLength: 4 },
    ),
    tagMarker: marker,
    docs: fc.integer({ min: 1, max: 3 }),
    nl: fc.constantFrom("\n", "\r\n"),
  })
  .map((r) => {
    const seq = r.compact ? "    " : "      ";
    const doc = [
      `apiVersion: ${r.apiVersion}`,
      `kind: ${r.kind} # the kind`,
      "metadata:",
      `  name: ${r.name}`,
      "  namespace: apps",
      "spec:",
      "  template:",
      "    containers:",
      ...r.images.flatMap(([v, m], i) => [`${seq}- name: c${i}`, `${seq}  image: ${v}${m}`]),
      "    tag: 1.0.0" + r.tagMarker,
      "",
      "# trailing comment",
    ];
    return Array.from({ length: r.docs }, () => doc.join(r.nl)).join(`${r.nl}---${r.nl}`) + r.nl;
  });

/** Run `numRuns` texts from `texts` through both paths; returns how many the fast scan answered for. */
function agreeWithFullParse(texts: fc.Arbitrary<string>, numRuns: number): number {
  let answered = 0;
  fc.assert(
    fc.property(texts, (text) => {
      if (scanBlockYaml(text)) answered++;
      expect(updateText(text, setters)).toEqual(updateParsed(text, setters));
    }),
    { numRuns },
  );
  return answered;
}

describe("scanBlockYaml", () => {
  it("agrees with the full parse on every text it answers for (fuzzed lines)", () => {
    expect(agreeWithFullParse(freeform, 4000)).toBeGreaterThan(4);
  });

  it("agrees with the full parse on random block trees, straight and bent", () => {
    expect(agreeWithFullParse(bentTree, 4000)).toBeGreaterThan(800);
  });

  it("agrees with the full parse on manifests, and answers for the plain ones", () => {
    expect(agreeWithFullParse(manifest, 1500)).toBeGreaterThan(600);
  });

  it("reads spans, styles, values and object identities", () => {
    const text = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: 'we''b'",
      "  namespace: prod",
      "spec:",
      "  containers:",
      '  - image: "reg/app:1" # c1',
      "    args:",
      "    - x # c2",
      "---",
      "kind: Other",
      "",
    ].join("\n");
    const scan = scanBlockYaml(text);
    expect(scan?.objects).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", name: "we'b", namespace: "prod" },
      { apiVersion: "", kind: "Other", name: "", namespace: "" },
    ]);
    expect(
      scan?.scalars.map((s) => [text.slice(s.start, s.end), s.style, s.value, s.comment, s.doc]),
    ).toEqual([
      ['"reg/app:1"', "QUOTE_DOUBLE", "reg/app:1", " c1", 0],
      ["x", "PLAIN", "x", " c2", 0],
    ]);
  });

  it("steps aside outside the subset", () => {
    for (const text of [
      "a: |\n  x\n",
      "a: [1]\n",
      "a: &x 1\n",
      "a:\n\tb: 1\n",
      'a: "x\\ty"\n',
      "a: b\n  c\n",
      '# {"$imagepolicy": "ns:a"}\na: b\n',
      "- a\n",
      "a: b\n...\n",
      `${"k".repeat(1100)}: v\n`,
    ])
      expect(scanBlockYaml(text), JSON.stringify(text)).toBeUndefined();
  });
});
