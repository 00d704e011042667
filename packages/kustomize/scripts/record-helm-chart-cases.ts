/**
 * Records `helmCharts` trees as `test/fixtures/helm-charts/<name>.json`: the files, and what
 * `kubectl kustomize --enable-helm` printed with test/fixtures/helm-charts/fake-helm.sh standing in
 * for Helm (so the record holds the flags and values files kustomize hands to Helm), or that it failed.
 *
 * Usage: npx tsx packages/kustomize/scripts/record-helm-chart-cases.ts DIR [DIR...]
 * Each DIR holds the kustomization at its root and is built from /tmp/gitops-kit-helm-cases/<name>,
 * the root the test replays it at (paths show in the recorded arguments).
 */
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";

const fixtures = new URL("../test/fixtures/helm-charts/", import.meta.url).pathname;

function filesOf(root: string, dir = root, acc: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesOf(root, path, acc);
    else acc[relative(root, path)] = readFileSync(path, "utf8");
  }
  return acc;
}

for (const dir of process.argv.slice(2)) {
  const name = basename(dir);
  const root = `/tmp/gitops-kit-helm-cases/${name}`;
  rmSync(root, { recursive: true, force: true });
  cpSync(dir, root, { recursive: true });
  const record: Record<string, unknown> = { root, files: filesOf(root) };
  try {
    record.expected = execFileSync(
      "kubectl",
      ["kustomize", "--enable-helm", "--helm-command", join(fixtures, "fake-helm.sh"), root],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch {
    record.error = true;
  }
  writeFileSync(join(fixtures, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`${name}: ${record.error ? "error" : "output"}`);
}
