/**
 * Corpus `kustomize-data`: the checkable vectors of `kustomize-data/` (see that README).
 * - `hash/<id>`: each row of `hash/vectors.jsonl` is a small kustomization tree; building it must yield
 *   the generated object `output` under the hashed name `outputName`.
 * - `order/<variant>`: each variant of `order/verification.json` builds `resources.yaml` (the objects of
 *   `inputOrder`) with its kustomization.yaml and must list the objects in `output` order.
 * The fieldspec and OpenAPI tables are reference data for the engine, not cases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { jsonlCases, notImplemented, readJson, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";
import { ENGINE, type KustomizeEngine, loadKustomizeEngine } from "./kustomize.js";

interface HashVector {
  id: string;
  kind: string;
  build: string;
  files: Record<string, { text?: string; base64?: string }>;
  outputName: string;
  output: unknown;
}

type Tuple = [apiVersion: string, kind: string, namespace: string, name: string];

interface OrderVerification {
  inputOrder: Tuple[];
  variants: Record<string, { "kustomization.yaml": string; output: Tuple[] }>;
}

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/** Write `files` (path -> contents) under a fresh temporary folder, run `fn` on it, then remove it. */
async function withTree<T>(
  files: Record<string, string | Buffer>,
  fn: (root: string) => Promise<T>,
): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), "gitops-kit-conformance-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return await fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** JSON with sorted keys, so objects compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function checkHash(engine: KustomizeEngine, vector: HashVector): Promise<string | undefined> {
  const files: Record<string, string | Buffer> = {};
  for (const [path, f] of Object.entries(vector.files)) {
    files[path] = f.base64 !== undefined ? Buffer.from(f.base64, "base64") : (f.text ?? "");
  }
  const resources = (await withTree(files, (root) =>
    engine.build({ path: join(root, vector.build) }),
  )) as Obj[];
  const found = resources.find((r) => r.kind === vector.kind && r.metadata?.name === vector.outputName);
  if (!found) {
    const names = resources.filter((r) => r.kind === vector.kind).map((r) => r.metadata?.name);
    return `no ${vector.kind} named ${vector.outputName}; got ${JSON.stringify(names)}`;
  }
  // Compare the fields the hash covers (and the name it produced); the vectors' `output` spells some
  // other fields loosely (e.g. `immutable` as a string).
  const want = canonical(hashedFields(vector.output as Record<string, unknown>));
  const got = canonical(hashedFields(found as Record<string, unknown>));
  return want === got ? undefined : `hashed fields differ: expected ${want}, got ${got}`;
}

function hashedFields(o: Record<string, unknown>): Record<string, unknown> {
  const { kind, type, data, binaryData, stringData } = o;
  return { kind, type, data, binaryData, stringData };
}

function resourcesYaml(objects: Tuple[]): string {
  return objects
    .map(([apiVersion, kind, namespace, name]) => {
      const ns = namespace ? `\n  namespace: ${JSON.stringify(namespace)}` : "";
      return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}${ns}\n`;
    })
    .join("---\n");
}

async function checkOrder(
  engine: KustomizeEngine,
  input: Tuple[],
  variant: OrderVerification["variants"][string],
): Promise<string | undefined> {
  const files = {
    "resources.yaml": resourcesYaml(input),
    "kustomization.yaml": variant["kustomization.yaml"],
  };
  const resources = (await withTree(files, (root) => engine.build({ path: root }))) as Obj[];
  const got = resources.map((r) =>
    [r.apiVersion, r.kind, r.metadata?.namespace ?? "", r.metadata?.name].join(" "),
  );
  const want = variant.output.map((t) => t.join(" "));
  const at = want.findIndex((w, i) => got[i] !== w);
  if (at === -1 && got.length === want.length) return undefined;
  const i = at === -1 ? want.length : at;
  return `position ${i + 1}: expected ${want[i] ?? "<end>"}, got ${got[i] ?? "<end>"}`;
}

/** Check the hash vectors and order variants of the corpus folder `dir` against `engine`. */
export async function runKustomizeData(
  dir: string,
  engine: KustomizeEngine | undefined,
): Promise<CaseResult[]> {
  const vectors = jsonlCases<HashVector>(join(dir, "hash", "vectors.jsonl")).map((c) => ({
    ...c,
    id: c.id.replace(/^vectors\//, "hash/"),
  }));
  const order = readJson<OrderVerification>(join(dir, "order", "verification.json"));
  const variants = Object.keys(order.variants).map((name) => ({ id: `order/${name}`, name }));
  if (!engine) return notImplemented([...vectors.map((v) => v.id), ...variants.map((v) => v.id)], ENGINE);
  const hashResults = await runEach(
    vectors,
    (v) => v.id,
    (v) => checkHash(engine, v.row),
  );
  const orderResults = await runEach(
    variants,
    (v) => v.id,
    (v) => checkOrder(engine, order.inputOrder, order.variants[v.name]),
  );
  return [...hashResults, ...orderResults];
}

const corpus: Corpus = {
  name: "kustomize-data",
  folder: "kustomize-data",
  run: async (dir) => runKustomizeData(dir, await loadKustomizeEngine()),
};

export default corpus;
