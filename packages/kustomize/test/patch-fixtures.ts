/**
 * Reads the kubectl-recorded patch fixtures (test/fixtures/patch/<group>/<case>/): inputs plus kubectl
 * kustomize's output (expected.yaml) or its error (expected-error.txt), recorded by
 * scripts/record-kubectl-fixtures.sh.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "patch");

export interface PatchFixture {
  name: string;
  dir: string;
  targets: Record<string, unknown>[];
  patchText: string;
  extra: Record<string, unknown>;
  schemaDocument: unknown | undefined;
  expected: Record<string, unknown>[] | undefined;
  /** The core of kubectl's error message, when kubectl failed. */
  expectedError: string | undefined;
}

export function parseDocs(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d !== null && d !== undefined);
}

/** The message inside kubectl's `err="..."` (or the first line of a multi-line `err=<` block). */
export function kubectlErrorCore(stderr: string): string {
  const single = /err="(.*)"\s*$/m.exec(stderr);
  if (single) return single[1].replaceAll('\\"', '"');
  const lines = stderr.split("\n");
  const start = lines.findIndex((l) => l.includes("err=<"));
  return (lines[start + 1] ?? "").trim();
}

export function loadFixtures(group: string): PatchFixture[] {
  const root = join(fixturesDir, group);
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const read = (file: string) =>
        existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined;
      const expectedText = read("expected.yaml");
      const errorText = read("expected-error.txt");
      const schemaText = read("schema.json");
      return {
        name,
        dir,
        targets: parseDocs(read("target.yaml") ?? "") as Record<string, unknown>[],
        patchText: read("patch.yaml") ?? "",
        extra: (parseDocs(read("extra.yaml") ?? "")[0] ?? {}) as Record<string, unknown>,
        schemaDocument: schemaText === undefined ? undefined : JSON.parse(schemaText),
        expected:
          expectedText === undefined ? undefined : (parseDocs(expectedText) as Record<string, unknown>[]),
        expectedError: errorText === undefined ? undefined : kubectlErrorCore(errorText),
      };
    });
}

/** `kind/name` of a resource, to pair results with kubectl's (kind-sorted) output. */
export function idOf(obj: Record<string, unknown>): string {
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  return `${String(obj.kind)}/${String(meta.name)}`;
}
