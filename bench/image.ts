/**
 * `bench/image`: @gitops-kit/image on its own (no reference tool runs here: Flux's controllers need a
 * cluster). Prints the median of several runs for each measurement and whether it meets its budget:
 *
 * - select: 100 000 tags, semver range plus filterTags (budget 100 ms);
 * - update: Setters over a 5 000-file in-memory repository, a marker in each file (budget 2 s).
 *
 * Budgets are judged on wall-clock medians. The process CPU time of each run is printed too: on a
 * shared, loaded machine the wall clock mostly measures waiting for a core.
 *
 *   npx tsx --conditions=source bench/image.ts [--runs N]
 */
import { loadavg } from "node:os";
import { memFs } from "@gitops-kit/core";
import { selectLatestTag, updateWithSetters } from "@gitops-kit/image";
import { median } from "./lib.js";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

function tags(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const major = i % 7;
    const minor = Math.floor(i / 7) % 100;
    const patch = Math.floor(i / 700);
    // A mix of release tags, build tags and noise, as a busy CI repository has.
    if (i % 5 === 0) out.push(`main-${i}-${(i * 2654435761).toString(16).slice(0, 7)}`);
    else if (i % 11 === 0) out.push(`sha-${i.toString(16)}`);
    else out.push(`release-v${major}.${minor}.${patch}`);
  }
  return out;
}

function repository(files: number): { fs: ReturnType<typeof memFs>; root: string } {
  const tree: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    tree[`/repo/apps/app-${i % 50}/deploy-${i}.yaml`] = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: app-${i}`,
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: app # the main container",
      `          image: registry.local/app:1.0.0 # {"$imagepolicy": "flux-system:app"}`,
      "",
    ].join("\n");
  }
  return { fs: memFs(tree), root: "/repo" };
}

/** Wall-clock and CPU milliseconds of one call. */
async function measure(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const report = (name: string, samples: { wall: number; cpu: number }[], budget: number) => {
  const ms = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  console.log(
    `${name}: median ${ms.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU over ${samples.length} runs (budget ${budget} ms: ${ms <= budget ? "ok" : "OVER"})`,
  );
};

console.log(`load average ${loadavg()[0].toFixed(1)} on this machine`);
const list = tags(100_000);
const select = () =>
  selectLatestTag({
    tags: list,
    policy: { semver: { range: ">=1.0.0 <6" } },
    filterTags: { pattern: "^release-(?P<v>v.*)$", extract: "$v" },
  });
console.log(`select winner: ${select()}`);
select();
const selectSamples: { wall: number; cpu: number }[] = [];
for (let r = 0; r < runs; r++) selectSamples.push(await measure(select));
report("select 100 000 tags (semver + filterTags)", selectSamples, 100);

const updateSamples: { wall: number; cpu: number }[] = [];
for (let r = 0; r < Math.max(3, Math.min(runs, 5)); r++) {
  const { fs, root } = repository(5000);
  let changed = 0;
  updateSamples.push(
    await measure(() => {
      const result = updateWithSetters({
        fs,
        path: root,
        policies: [
          { namespace: "flux-system", name: "app", latestRef: { name: "registry.local/app", tag: "1.0.1" } },
        ],
      });
      changed = Object.keys(result.fileChanges).length;
    }),
  );
  if (changed !== 5000) throw new Error("update did not change every file");
}
report("update 5 000 files (setters)", updateSamples, 2000);
