/**
 * `npm run check:packages` (after `npm run build`): every workspace package must be clean under publint
 * (strict: warnings fail too) and @arethetypeswrong/cli (`attw --pack`, ESM-only profile: the packages are
 * ESM with types, so the node10 and require() resolutions are out of scope by design). Each package is packed
 * once, as `npm publish` would pack it, and both tools read that tarball.
 *
 * Usage: tsx scripts/check-packages.ts [PACKAGE...]   (names as in packages/, default: every workspace)
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", name);

interface CheckResult {
  pkg: string;
  tool: string;
  ok: boolean;
  output: string;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

/** Packs every package with one `npm pack` (one npm start-up instead of two per package). */
async function packAll(dirs: { dir: string; pkg: string }[], into: string): Promise<Map<string, string>> {
  const args = [
    "pack",
    "--json",
    "--pack-destination",
    into,
    ...dirs.flatMap(({ dir }) => ["--workspace", dir]),
  ];
  const { code, output } = await run("npm", args, root);
  if (code !== 0) throw new Error(`npm pack failed:\n${output}`);
  // npm may print warnings around the JSON; the JSON array is the part from the first "[\n".
  const json = output.slice(output.indexOf("[\n"), output.lastIndexOf("]") + 1);
  const packed = JSON.parse(json) as { name: string; filename: string }[];
  const tarballs = new Map<string, string>();
  for (const { name, filename } of packed)
    tarballs.set(name, join(into, filename.replace(/^@/, "").replace(/\//, "-")));
  return tarballs;
}

async function checkPackage(dir: string, pkg: string, tarball: string): Promise<CheckResult[]> {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports?: unknown };
  if (!manifest.exports) {
    return [{ pkg, tool: "exports", ok: false, output: "package.json has no exports map" }];
  }
  const bytes = readFileSync(tarball);
  const lint = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
  });
  const messages = lint.messages.map((m) => `${m.type}: ${formatMessage(m, lint.pkg) ?? m.code}`);
  const attw = await run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"], dir);
  return [
    {
      pkg,
      tool: "publint",
      ok: !messages.some((m) => /^(error|warning)/.test(m)),
      output: messages.join("\n"),
    },
    { pkg, tool: "attw", ok: attw.code === 0, output: attw.output },
  ];
}

/** Runs `work` over `items` with at most `limit` at a time (the machines running this are small). */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function main(): Promise<number> {
  const workspaces = (
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] }
  ).workspaces;
  const wanted = process.argv.slice(2);
  const dirs = workspaces
    .map((w) => ({ dir: join(root, w), pkg: w.split("/").pop() ?? w }))
    .filter(({ pkg }) => wanted.length === 0 || wanted.includes(pkg));
  const unbuilt = dirs.filter(({ dir }) => !existsSync(join(dir, "dist")));
  if (unbuilt.length > 0) {
    console.error(`not built (run npm run build first): ${unbuilt.map((d) => d.pkg).join(", ")}`);
    return 1;
  }
  const started = Date.now();
  const into = mkdtempSync(join(tmpdir(), "gitops-kit-pack-"));
  let results: CheckResult[];
  try {
    const tarballs = await packAll(dirs, into);
    results = (
      await pool(dirs, 2, async ({ dir, pkg }) => {
        const name = `@gitops-kit/${pkg}`;
        const tarball = tarballs.get(name);
        if (!tarball) return [{ pkg, tool: "pack", ok: false, output: `npm pack did not pack ${name}` }];
        return checkPackage(dir, pkg, tarball);
      })
    ).flat();
  } finally {
    rmSync(into, { recursive: true, force: true });
  }
  for (const r of results) {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.pkg.padEnd(10)} ${r.tool}`);
    if (!r.ok) console.log(r.output.replace(/^/gm, "     | "));
  }
  const failed = results.filter((r) => !r.ok).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${dirs.length} packages, ${results.length - failed} checks passed, ${failed} failed (${seconds}s)`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
