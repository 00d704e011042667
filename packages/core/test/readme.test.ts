import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("./fixtures/readme-example.ts", import.meta.url), "utf8");

describe("packages/core/README.md", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the example that this test runs", () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
  });

  it("the example parses, applies into a MemoryCluster and prints", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "));
    });
    await import("./fixtures/readme-example.js");
    expect(lines[0]).toBe("Namespace/shop created");
    expect(lines[1]).toBe("Deployment/web created");
    const printed = lines[2];
    expect(printed).toContain("kind: Deployment\n");
    expect(printed).toContain('  creationTimestamp: "2024-05-01T12:00:00Z"\n');
    expect(printed).toContain("  generation: 1\n");
    expect(printed).toContain("      - image: nginx:1.27\n        name: web\n");
    expect(printed).not.toContain("managedFields");
    // The printed block in the README is what the example prints.
    expect(readme).toContain(printed);
  });
});
