/**
 * Bundles the `gitops-kit` command into dist/bundle: `gitops-kit.cjs` holds the dispatcher and every
 * command's help text; `run/<command>.cjs` holds one command's implementation with the engines it
 * uses, loaded only when that command runs (src/bundle-loader.ts, with V8's code cache). A few
 * pre-linked files start much faster than hundreds of ES modules resolved one by one, which is most of
 * a short command's wall time. Each command file is self-contained (no shared chunks), so tree shaking
 * keeps out what the command does not use.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

const src = new URL("../src/", import.meta.url).pathname;
// An output directory may be given (tests bundle into a temporary one).
const out = process.argv[2]
  ? `${resolve(process.argv[2])}/`
  : new URL("../dist/bundle/", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  // Build from the workspace sources: the bundle needs no other package's dist.
  conditions: ["source"],
  minifyWhitespace: true,
  minifySyntax: true,
  // The bundles are CommonJS, where import.meta does not exist: give import.meta.url its meaning.
  define: { __GITOPS_KIT_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__import_meta_url" },
  banner: { js: '"use strict";var __import_meta_url=require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};

/**
 * Replaces each `import("./run/<command>.js")` of the command specs with a module that loads
 * `run/<command>.cjs` through the bundle loader and re-exports what the implementation exports.
 */
const commandBundles = {
  name: "command-bundles",
  setup(b) {
    b.onResolve({ filter: /^\.\/run\/[\w-]+\.js$/ }, (args) => ({
      path: args.path.slice("./run/".length, -".js".length),
      namespace: "command-bundle",
    }));
    b.onLoad({ filter: /.*/, namespace: "command-bundle" }, (args) => {
      const text = readFileSync(`${src}commands/run/${args.path}.ts`, "utf8");
      const names = [...text.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
      return {
        resolveDir: src,
        loader: "js",
        contents: [
          'import { loadCommandBundle } from "./bundle-loader.ts";',
          `const m = loadCommandBundle(${JSON.stringify(args.path)}, __dirname);`,
          ...names.map((n) => `export const ${n} = m.${n};`),
        ].join("\n"),
      };
    });
  },
};

const commands = readdirSync(`${src}commands/run`).filter((f) => f.endsWith(".ts"));
await Promise.all([
  // CommonJS, like the command files: Node starts a CommonJS main module without setting up its ES
  // module loader, a few milliseconds of every run.
  build({
    ...common,
    format: "cjs",
    entryPoints: { "gitops-kit": `${src}bin.ts` },
    outdir: out,
    outExtension: { ".js": ".cjs" },
    plugins: [commandBundles],
  }),
  build({
    ...common,
    format: "cjs",
    entryPoints: commands.map((f) => `${src}commands/run/${f}`),
    outdir: `${out}run`,
    outExtension: { ".js": ".cjs" },
  }),
]);
