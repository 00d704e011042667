import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("./fixtures/readme-example.ts", import.meta.url), "utf8");

describe("packages/notify/README.md", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the example that this test runs", () => {
    expect(/```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(example);
  });

  it("prints what the README says it prints", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.join(" "));
    });
    await import("./fixtures/readme-example.js");
    const printed = /It prints:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(`${lines.join("\n")}\n`).toBe(printed);
    expect(lines[0]).toBe('{"matched":true}');
  });
});
