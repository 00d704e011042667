/**
 * Random small trees with odd scalars (numbers in every YAML notation, nulls, booleans of both YAML
 * versions, timestamps, quoted look-alikes, long, multi-line and unicode strings, keys that need
 * quotes, anchors and aliases) through namePrefix, labels, annotations, patches and replacements,
 * built by `kubectl kustomize` and by this engine: the output must be the same, or both must fail.
 * Skipped where kubectl is not installed.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitOpsError, memFs, printYamlStream } from "@gitops-kit/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildKustomization } from "../src/index.js";

const hasKubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Scalars as written in a resource file. */
const SCALARS = [
  "1.50",
  "0755",
  "0x1F",
  "1e3",
  "6.02e+23",
  "~",
  "null",
  "''",
  "true",
  "True",
  "yes",
  "No",
  "on",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  '"1.50"',
  "'0755'",
  "-0",
  "+12",
  "1_000",
  ".5",
  "0o17",
  "012345678901234567890",
  "12",
  "héllo ☃ 𝄞",
  '"a: b"',
  "'a #b'",
  '"trailing  "',
  '"multi\\nline  \\n"',
  '"  lead"',
  "x".repeat(90),
  `${"word ".repeat(20)}end`,
  "plain text",
];
/** Values that are collections, for fields other than labels and annotations. */
const COLLECTIONS = ["[]", "{}", "[a, 0755, ~]", "{k: 1.50, j: [yes]}"];
/** Keys as written in a resource file; the odd ones (which kustomize cannot write back) are rarer. */
const KEYS = ["a", "k.io/name", '"a b"', "b-c", "UPPER", "x_y", "'yes'", '"0755x"'];
const ODD_KEYS = ['"1"', '"true"', '"~"', '"2001-12-14"'];
/** Strings as written in a kustomization (sigs.k8s.io/yaml reads them; they must stay strings there). */
const KUST_VALUES = ['"1.50"', '"0755"', '"yes"', '"2001-12-14"', '"a: b"', "plain", '""', '"~"'];

const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);
const entries = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>, max: number) =>
  fc.uniqueArray(fc.tuple(keys, values), { maxLength: max, selector: ([k]) => k });

const keyArb = fc.oneof({ weight: 12, arbitrary: pick(KEYS) }, { weight: 1, arbitrary: pick(ODD_KEYS) });

const treeArb = fc.record({
  annotations: entries(keyArb, pick(SCALARS), 3),
  labels: entries(keyArb, pick(SCALARS), 2),
  data: entries(keyArb, fc.oneof(pick(SCALARS), pick(COLLECTIONS)), 4),
  anchored: fc.option(pick(SCALARS), { nil: undefined }),
  namePrefix: fc.boolean(),
  commonLabels: fc.option(pick(KUST_VALUES), { nil: undefined }),
  commonAnnotations: fc.option(pick(KUST_VALUES), { nil: undefined }),
  smp: entries(keyArb, pick(SCALARS), 2),
  json6902: fc.option(pick(SCALARS), { nil: undefined }),
  replacement: fc.boolean(),
});
type Tree = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

function block(indent: string, list: [string, string][]): string {
  return list.map(([k, v]) => `${indent}${k}: ${v}\n`).join("");
}

function filesOf(t: Tree): Record<string, string> {
  let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n";
  if (t.annotations.length > 0) cm += `  annotations:\n${block("    ", t.annotations)}`;
  if (t.labels.length > 0) cm += `  labels:\n${block("    ", t.labels)}`;
  const data = [...t.data];
  if (t.anchored !== undefined) data.push(["anchor", `&v ${t.anchored}`], ["alias", "*v"]);
  if (data.length > 0) cm += `data:\n${block("  ", data)}`;
  let k = "resources: [cm.yaml]\n";
  if (t.namePrefix) k += "namePrefix: p-\n";
  if (t.commonLabels !== undefined) k += `labels:\n- pairs: {team: ${t.commonLabels}}\n`;
  if (t.commonAnnotations !== undefined) k += `commonAnnotations: {note: ${t.commonAnnotations}}\n`;
  const patches: string[] = [];
  if (t.smp.length > 0) {
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  annotations:\n${block("    ", t.smp)}data:\n${block("  ", t.smp)}`;
    patches.push(`- patch: |\n${body.replace(/^(?=.)/gm, "    ")}`);
  }
  if (t.json6902 !== undefined) {
    patches.push(
      `- target: {kind: ConfigMap, name: cfg}\n  patch: |\n    - op: add\n      path: /data/added\n      value: ${t.json6902}\n`,
    );
  }
  if (patches.length > 0) k += `patches:\n${patches.join("")}`;
  if (t.replacement && t.annotations.length > 0) {
    const key = t.annotations[0][0].replace(/^"|"$/g, "").replaceAll(".", "\\.");
    k += `replacements:\n- source: {kind: ConfigMap, name: cfg, fieldPath: 'metadata.annotations.${key}'}\n  targets:\n  - select: {kind: ConfigMap}\n    fieldPaths: [data.copied, metadata.annotations.copied]\n    options: {create: true}\n`;
  }
  return { "kustomization.yaml": k, "cm.yaml": cm };
}

function kubectl(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("kubectl", ["kustomize", dir], { encoding: "utf8" }, (err, stdout) =>
      resolve(err ? undefined : stdout),
    );
  });
}

function ours(files: Record<string, string>): string | undefined {
  const tree: Record<string, string> = {};
  for (const [p, text] of Object.entries(files)) tree[`/t/${p}`] = text;
  try {
    return printYamlStream(buildKustomization({ fs: memFs(tree), path: "/t" }).resources);
  } catch (err) {
    if (err instanceof GitOpsError) return undefined;
    throw err;
  }
}

describe.skipIf(!hasKubectl)("random trees with odd scalars, against kubectl kustomize", () => {
  const work = mkdtempSync(join(tmpdir(), "kustomize-property-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("prints what kubectl prints, or fails where it fails", { timeout: 60_000 }, async () => {
    // Fixed by default; KUSTOMIZE_PROPERTY_SEED / _RUNS explore other samples.
    const seed = Number(process.env.KUSTOMIZE_PROPERTY_SEED ?? 20241122);
    const numRuns = Number(process.env.KUSTOMIZE_PROPERTY_RUNS ?? 48);
    const trees = fc.sample(treeArb, { seed, numRuns });
    const cases = trees.map((t, i) => {
      const dir = join(work, `case-${i}`);
      mkdirSync(dir);
      const files = filesOf(t);
      for (const [p, text] of Object.entries(files)) writeFileSync(join(dir, p), text);
      return { dir, files };
    });
    // A few kubectl processes at a time: each takes a fraction of a second, mostly start-up.
    const expected: (string | undefined)[] = [];
    for (let i = 0; i < cases.length; i += 4) {
      expected.push(...(await Promise.all(cases.slice(i, i + 4).map((c) => kubectl(c.dir)))));
    }
    const mismatches = cases
      .map((c, i) => ({ files: c.files, want: expected[i] ?? "<fails>", got: ours(c.files) ?? "<fails>" }))
      .filter((m) => m.want !== m.got);
    expect(mismatches).toEqual([]);
    // The sample must exercise both outcomes.
    expect(expected.some((e) => e === undefined)).toBe(true);
    expect(expected.filter((e) => e !== undefined).length).toBeGreaterThan(cases.length / 2);
  });
});
