/**
 * Records small kustomization trees as `test/fixtures/kubectl/<name>.json` cases: the files, and
 * what `kubectl kustomize` (Kustomize v5.5.0) printed, or the fact that it failed.
 *
 * Usage: npx tsx packages/kustomize/scripts/record-kubectl-case.ts DIR [DIR...]
 * Each DIR is a tree whose root holds the kustomization; the case is named after DIR's base name.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";

const out = new URL("../test/fixtures/kubectl/", import.meta.url);

function filesOf(root: string, dir = root, acc: Record<string, { text: string }> = {}) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesOf(root, path, acc);
    else acc[relative(root, path)] = { text: readFileSync(path, "utf8") };
  }
  return acc;
}

for (const dir of process.argv.slice(2)) {
  const record: Record<string, unknown> = {
    description: "recorded with kubectl kustomize (Kustomize v5.5.0)",
    files: filesOf(dir),
    root: ".",
  };
  try {
    record.expected = execFileSync("kubectl", ["kustomize", dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    record.error = true;
  }
  writeFileSync(new URL(`${basename(dir)}.json`, out), `${JSON.stringify(record, null, 1)}\n`);
  console.log(`${basename(dir)}: ${record.error ? "error" : "output"}`);
}
