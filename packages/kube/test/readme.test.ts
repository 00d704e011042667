import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeApiServer } from "./fake-api-server.js";
import { kubeconfigText } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("./fixtures/readme-example.ts", import.meta.url), "utf8");

describe("packages/kube/README.md", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("shows the example that this test runs", () => {
    const block = /```ts(?: no-run)?\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
  });

  it("the example applies and lists through $KUBECONFIG (here: the fake API server)", async () => {
    const fake = await startFakeApiServer({ token: "readme-token" });
    const dir = mkdtempSync(join(tmpdir(), "kube-readme-"));
    try {
      const file = join(dir, "config");
      writeFileSync(file, kubeconfigText({ server: fake.url, token: "readme-token" }));
      vi.stubEnv("KUBECONFIG", file);
      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        lines.push(args.join(" "));
      });
      await import("./fixtures/readme-example.js");
      expect(lines).toEqual([
        "Namespace/shop created",
        "ConfigMap/settings created",
        'shop/settings: {"color":"blue"}',
      ]);
      const printed = lines.join("\n");
      expect(readme).toContain(printed);
      expect(fake.requests.filter((r) => r.method === "PATCH").map((r) => r.path)).toEqual([
        "/api/v1/namespaces/shop",
        "/api/v1/namespaces/shop/configmaps/settings",
      ]);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
