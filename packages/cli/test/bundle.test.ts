import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memFs, printYamlStream } from "@gitops-kit/core";
import { buildKustomization } from "@gitops-kit/kustomize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = new URL(".", import.meta.url).pathname;
const files: Record<string, string> = {
  "kustomization.yaml": "namePrefix: prod-\nresources: [cm.yaml]\ncommonLabels: {team: a}\n",
  "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: blue, n: '1.50'}\n",
};

describe("the bundled gitops-kit command", () => {
  let work: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "gitops-kit-bundle-"));
    const built = spawnSync(process.execPath, [join(here, "../scripts/bundle.mjs"), join(work, "bundle")], {
      encoding: "utf8",
    });
    expect(built.status, built.stderr).toBe(0);
    bin = join(work, "bundle/gitops-kit.cjs");
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(work, "tree"), { recursive: true });
      writeFileSync(join(work, "tree", name), text);
    }
    env = { ...process.env, XDG_CACHE_HOME: join(work, "cache"), GITOPS_KIT_NO_COMPILE_CACHE: "" };
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env });

  it("prints what the library builds, and the compile cache changes nothing", () => {
    const tree: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) tree[`/tree/${name}`] = text;
    const expected = printYamlStream(buildKustomization({ fs: memFs(tree), path: "/tree" }).resources);

    const first = run("kustomize", "build", join(work, "tree"));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(expected);
    // The first run leaves V8's code cache for this command in the user's cache directory ...
    const cacheRoot = join(work, "cache/gitops-kit/compile-cache");
    const [key] = readdirSync(cacheRoot);
    expect(readdirSync(join(cacheRoot, key ?? ""))).toEqual(["kustomize-build.bin"]);
    // ... and the next run, which uses it, prints the same bytes.
    const second = run("kustomize", "build", join(work, "tree"));
    expect(second.stdout).toBe(expected);
  });

  it("keeps the exit codes: 1 with the typed error, 2 for usage", () => {
    const missing = run("kustomize", "build", join(work, "nope"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error \[KUSTOMIZE_LOAD\]: .*nope/);
    const usage = run("kustomize", "build", "--bogus");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: gitops-kit kustomize build");
  });

  it("answers --version and --help without loading any command", () => {
    const cacheRoot = join(work, "cache-help");
    const r = spawnSync(process.execPath, [bin, "--help"], {
      encoding: "utf8",
      env: { ...env, XDG_CACHE_HOME: cacheRoot },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("kustomize build");
    expect(existsSync(cacheRoot)).toBe(false);
    expect(run("--version").stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("writes no cache when GITOPS_KIT_NO_COMPILE_CACHE is set", () => {
    const cacheRoot = join(work, "cache-off");
    const r = spawnSync(process.execPath, [bin, "yaml", "fmt", join(work, "tree/cm.yaml")], {
      encoding: "utf8",
      env: { ...env, XDG_CACHE_HOME: cacheRoot, GITOPS_KIT_NO_COMPILE_CACHE: "1" },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("name: settings");
    expect(existsSync(cacheRoot)).toBe(false);
  });

  it("writes output larger than a pipe holds, whole, and stops quietly when the reader goes away", () => {
    // 400 ConfigMaps print to about 40 KB per 100: more than a pipe's 64 KB buffer.
    const big = join(work, "big");
    mkdirSync(big, { recursive: true });
    const names = Array.from({ length: 400 }, (_, i) => `cm-${i}.yaml`);
    for (const name of names) {
      const data = `{key: "${"x".repeat(300)}"}`;
      writeFileSync(
        join(big, name),
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name.slice(0, -5)}}\ndata: ${data}\n`,
      );
    }
    writeFileSync(join(big, "kustomization.yaml"), `resources: [${names.join(", ")}]\n`);
    const whole = run("kustomize", "build", big);
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(128 * 1024);
    expect(whole.stdout.match(/^kind: ConfigMap$/gm)).toHaveLength(400);

    // `| head -c 100` closes the pipe after the first read: no EPIPE error, exit status 0.
    const script = `"$0" "$1" kustomize build "$2" | head -c 100 >/dev/null; exit "\${PIPESTATUS[0]}"`;
    const cut = spawnSync("bash", ["-c", script, process.execPath, bin, big], { encoding: "utf8", env });
    expect(cut.stderr).toBe("");
    expect(cut.status).toBe(0);
  });
});
