/**
 * DESIGN principle 6: the main entry of every library package runs in a browser or at the edge, so
 * nothing reachable from `src/index.ts` through relative imports may import a Node built-in. Node-only
 * code lives behind a separate entry (`@gitops-kit/<pkg>/node`) or in the CLI.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packagesDir = fileURLToPath(new URL("../packages", import.meta.url));
/** Packages whose main entry must stay runtime-neutral (cli and kube talk to Node and the network). */
const NEUTRAL = ["core", "template", "kustomize", "helm", "image", "notify", "source"];
const builtins = new Set(builtinModules);

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(m[1] ?? m[2]);
  return out;
}

function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")])
    if (existsSync(candidate)) return candidate;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every Node built-in imported by a module reachable from `entry`, as `file: specifier`. */
function nodeImports(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) queue.push(resolveRelative(file, spec));
      else if (spec.startsWith("node:") || builtins.has(spec.split("/")[0]))
        found.push(`${relative(packagesDir, file)}: ${spec}`);
    }
  }
  return found;
}

describe("runtime-neutral main entries", () => {
  const present = NEUTRAL.filter((p) => existsSync(join(packagesDir, p, "src", "index.ts")));

  it("finds the library packages", () => {
    expect(present).toContain("core");
    expect(readdirSync(packagesDir)).toEqual(expect.arrayContaining(NEUTRAL));
  });

  it.each(present)("@gitops-kit/%s imports no Node built-in from its main entry", (pkg) => {
    expect(nodeImports(join(packagesDir, pkg, "src", "index.ts"))).toEqual([]);
  });

  it("would notice a Node import (the Node entry of core has one)", () => {
    expect(nodeImports(join(packagesDir, "core", "src", "node.ts"))).toContain("core/src/node.ts: node:fs");
  });
});
