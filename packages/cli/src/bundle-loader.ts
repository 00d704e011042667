/**
 * How the bundled `gitops-kit` (scripts/bundle.mjs) loads one command's implementation: a CommonJS
 * file evaluated with V8's code cache. The cache holds the machine code V8 compiled on an earlier run,
 * so later runs skip most parsing and compiling, which is a large part of a short command's time. It
 * lives in the user's cache directory (never a shared one: V8 trusts a cache that matches the source
 * length) and any problem with it just means compiling as usual. GITOPS_KIT_NO_COMPILE_CACHE=1 turns it off.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { cliVersion } from "./version.js";

/** Evaluate `run/<name>.cjs` in the bundle's directory and return its exports. */
export function loadCommandBundle(name: string, bundleDir: string): Record<string, unknown> {
  const file = join(bundleDir, "run", `${name}.cjs`);
  const source = readFileSync(file, "utf8");
  const cacheFile = cachePath(name);
  const cachedData = cacheFile ? readOptional(cacheFile) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as Record<string, unknown> };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // After the command has run, so the cache also holds the functions it compiled on the way.
    process.once("beforeExit", () => writeCache(cacheFile, script));
  }
  return module.exports;
}

function cachePath(name: string): string | undefined {
  if (process.env.GITOPS_KIT_NO_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : "");
  if (!base) return undefined;
  const key = `${cliVersion()}-v8-${process.versions.v8}-${process.arch}`;
  return join(base, "gitops-kit", "compile-cache", key, `${name}.bin`);
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, script: Script): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // A cache we cannot write costs only speed.
  }
}
