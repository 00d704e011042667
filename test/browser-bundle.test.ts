/**
 * DESIGN principle 6, checked the way a web application would meet it: esbuild bundles the runtime-neutral
 * engines for `--platform=browser` and the bundle must not import a `node:` module.
 *
 * Two levels, both with no `node:` import at all:
 * - the engines a browser application imports (template rendering, kustomize build, Helm rendering, image
 *   policy + setters, notification builders, core's YAML and MemoryCluster), tree-shaken as a bundler does;
 * - each whole main entry (`export *`), so nothing reachable from a main entry may need Node.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const builtins = new Set(builtinModules);

/** The functions a browser application imports from each runtime-neutral package. */
const ENGINES: Record<string, string[]> = {
  core: ["parseYamlStream", "printYamlStream", "MemoryCluster", "posixPath", "compileGoRegexp", "digestOf"],
  template: ["renderTemplate", "parseTemplate", "Template", "sprigFuncs", "createSprigFuncs"],
  kustomize: ["buildKustomization", "createKustomizeCache", "parseKustomization"],
  helm: ["helmTemplate", "loadChart", "renderChart"],
  image: ["selectLatestTag", "parseImagePolicy", "updateWithSetters", "renderCommitMessage"],
  notify: ["parseAlert", "newEvent", "buildNotification", "kustomizationEvent"],
};

interface BundleReport {
  /** `importer -> specifier` for every Node built-in the output still imports. */
  nodeImports: string[];
  bytes: number;
}

async function bundle(contents: string): Promise<BundleReport> {
  const importers = new Map<string, Set<string>>();
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    conditions: ["source"],
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "record-node-builtins",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            const bare = args.path.replace(/^node:/, "").split("/")[0];
            if (!args.path.startsWith("node:") && !builtins.has(bare)) return undefined;
            const set = importers.get(args.path) ?? new Set<string>();
            set.add(args.importer.startsWith(root) ? args.importer.slice(root.length) : args.importer);
            importers.set(args.path, set);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const output = Object.values(result.metafile.outputs)[0];
  const kept = new Set(Object.keys(output.inputs));
  const nodeImports: string[] = [];
  // Only imports that survive tree-shaking count: the output's own import list is the truth.
  for (const imp of output.imports) {
    if (!imp.path.startsWith("node:")) continue;
    for (const importer of importers.get(imp.path) ?? []) {
      if (kept.has(importer)) nodeImports.push(`${importer} -> ${imp.path}`);
    }
  }
  return { nodeImports: [...new Set(nodeImports)].sort(), bytes: result.outputFiles[0].contents.length };
}

describe("browser bundles", { timeout: 120_000 }, () => {
  it.each(Object.entries(ENGINES))(
    "the @gitops-kit/%s engines bundle with no node: import",
    async (pkg, names) => {
      const report = await bundle(`export { ${names.join(", ")} } from "@gitops-kit/${pkg}";`);
      expect(report.bytes).toBeGreaterThan(1000);
      expect(report.nodeImports).toEqual([]);
    },
  );

  it.each(Object.keys(ENGINES))(
    "the whole @gitops-kit/%s main entry bundles with no node: import",
    async (pkg) => {
      const report = await bundle(`export * from "@gitops-kit/${pkg}";`);
      expect(report.nodeImports).toEqual([]);
    },
  );

  it("keeps memFs() and the HelmRelease post-renderers (kustomize over memFs) free of node: imports", async () => {
    const report = await bundle(
      `export { memFs } from "@gitops-kit/core"; export { postRenderManifests } from "@gitops-kit/helm";`,
    );
    expect(report.nodeImports).toEqual([]);
  });

  it("sees a node: import when there is one", async () => {
    const report = await bundle(`export { nodeFs } from "@gitops-kit/core/node";`);
    expect(
      report.nodeImports.some((line) => line.startsWith("packages/core/src/") && line.includes("node:fs")),
    ).toBe(true);
  });
});
