/** `npm run demo`'s entry, run as a person runs it: a child process, its exit code and its summary. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function runDemo(preload: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = [
      ...preload.flatMap((p) => ["--import", p]),
      "--import",
      "tsx",
      "--conditions=source",
      "examples/demo.ts",
    ];
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run demo", () => {
  it("exits 0 and prints the summary", async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).not.toContain("demo failed");
    expect(code).toBe(0);
    const summary = stdout.slice(stdout.indexOf("\nSummary\n"));
    expect(summary).toContain("Deployment podinfo/podinfo runs ghcr.io/stefanprodan/podinfo:6.5.4");
    expect(summary).toMatch(/Kustomization flux-system\/infrastructure +6 created, 0 configured, 1 pruned/);
    expect(summary).toMatch(/Kustomization flux-system\/apps +5 created, 2 configured, 0 pruned/);
    expect(summary).toMatch(/HelmRelease podinfo\/frontend +4 created, 3 configured, 0 pruned/);
    expect(summary).toMatch(
      /commits: image update [0-9a-f]{7} "Update images in production \(flux-system\/flux-system\)" by fluxcdbot/,
    );
    expect(summary).toMatch(
      /notifications: 19 received by the webhook; 22 events recorded, 3 before the Alert existed/,
    );
    expect(summary).toMatch(/timings: .*; total \d/);
    expect(stdout).toContain("Kustomization flux-system/infrastructure: 1 pruned, 5 unchanged");
  }, 120_000);

  it("exits 1 with the reason on stderr when a step fails", async () => {
    const { code, stdout, stderr } = await runDemo(["./examples/fixtures/refuse-listen.mjs"]);
    expect(code).toBe(1);
    expect(stderr).toContain("demo failed: listen EACCES: permission denied 127.0.0.1");
    expect(stdout).not.toContain("Summary");
  }, 120_000);
});
