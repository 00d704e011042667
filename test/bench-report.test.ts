/** bench/report.ts: the generated benchmark table and its place between the markers of docs/benchmarks.md. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { END, renderReport, replaceSection, START } from "../bench/report.js";
import type { BenchReport } from "../bench/run.js";

const report: BenchReport = {
  meta: {
    date: "2026-11-22T13:29:07.000Z",
    node: "v20.20.2",
    platform: "linux-x64",
    cpus: 2,
    cpuModel: "Example CPU",
    loadAverage: 3.5,
    runs: 3,
    warmup: 1,
  },
  results: [
    {
      name: "fast",
      description: "a small tree vs kubectl kustomize",
      reference: "kubectl kustomize",
      runs: 3,
      oursMs: 2.5,
      referenceMs: 250,
      speedup: 100,
      identical: true,
    },
    {
      name: "slow",
      description: "a clone vs git clone --depth 1",
      reference: "git clone",
      runs: 3,
      oursMs: 1200,
      referenceMs: 600,
      speedup: 0.5,
      identical: false,
    },
  ],
};

describe("bench report", () => {
  it("renders one row per benchmark with the run's circumstances", () => {
    const text = renderReport(report, "r.json");
    expect(text).toContain("2026-11-22 13:29 UTC");
    expect(text).toContain("2 × Example CPU, load average 3.5; medians of 3 run(s) after 1 warm-up");
    const rows = text.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^\| `fast` +\| kubectl kustomize +\| +2\.50 \| +250 \| +100\.0x faster \| yes +\|$/,
    );
    expect(rows[1]).toMatch(/\| git clone --depth 1 +\| +1200 \| +600 \| +2\.0x slower \| \*\*no\*\* +\|$/);
  });

  it("replaces only the text between the markers", () => {
    const doc = `intro\n${START}\nold table\n${END}\noutro\n`;
    const updated = replaceSection(doc, "NEW");
    expect(updated).toBe(`intro\n${START}\n\nNEW\n\n${END}\noutro\n`);
    expect(replaceSection(updated, "AGAIN")).toBe(`intro\n${START}\n\nAGAIN\n\n${END}\noutro\n`);
    expect(() => replaceSection("no markers", "x")).toThrow(/bench-report:start/);
  });

  it("finds its markers in docs/benchmarks.md", () => {
    const doc = readFileSync(fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url)), "utf8");
    expect(doc.indexOf(START)).toBeGreaterThan(0);
    expect(doc.indexOf(END)).toBeGreaterThan(doc.indexOf(START));
  });
});
