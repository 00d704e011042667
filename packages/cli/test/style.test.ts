import { describe, expect, it } from "vitest";
import { type Command, CommandRegistry, main } from "../src/index.js";
import { terminalProgress } from "../src/progress.js";
import { colorEnabled, createStyle, styleOf } from "../src/style.js";
import { captureIO } from "./helpers.js";

const ESC = "\x1b[";

/** A command that prints a styled word and records what IO it was given. */
function registry() {
  const seen: { color?: boolean; quiet?: boolean; args?: string[] } = {};
  const command: Command = {
    name: "paint",
    summary: "paint",
    usage: "",
    description: "Options:\n  --x   an option",
    examples: ["gitops-kit paint"],
    run(args, io) {
      Object.assign(seen, { color: io.color, quiet: io.quiet, args });
      io.stdout(`${styleOf(io).green("ok")}\n`);
    },
  };
  return { registry: new CommandRegistry([command]), seen };
}

/** A terminal on both streams, as the process IO reports one. */
function ttyIO(env: Record<string, string> = {}) {
  return Object.assign(captureIO(), { terminal: { stdout: true, stderr: true, columns: 40 }, env });
}

describe("colours", () => {
  it("follow NO_COLOR, FORCE_COLOR, --no-color and the terminal", () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: "1" } })).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: "" } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: {}, noColorFlag: true })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1" } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: "0" } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: "dumb" } })).toBe(false);
  });

  it("style each line separately and are the identity when off", () => {
    expect(createStyle(true).red("a\nb\n")).toBe(`${ESC}31ma${ESC}39m\n${ESC}31mb${ESC}39m\n`);
    expect(createStyle(false).red("a\nb")).toBe("a\nb");
  });

  it("reach commands through io.color: on a terminal, off in a pipe, off with --no-color or NO_COLOR", async () => {
    const cases: [ReturnType<typeof captureIO>, string[], boolean][] = [
      [ttyIO(), [], true],
      [captureIO(), [], false],
      [ttyIO(), ["--no-color"], false],
      [ttyIO({ NO_COLOR: "1" }), [], false],
      [Object.assign(captureIO(), { env: { FORCE_COLOR: "1" } }), [], true],
    ];
    for (const [io, flags, expected] of cases) {
      const { registry: r, seen } = registry();
      expect(await main(["paint", ...flags], { io, registry: r })).toBe(0);
      expect(seen.color).toBe(expected);
      expect(seen.args).toEqual([]);
      expect(io.out).toBe(expected ? `${ESC}32mok${ESC}39m\n` : "ok\n");
    }
  });

  it("make help headings bold on a terminal only", async () => {
    const tty = ttyIO();
    await main(["paint", "--help"], { io: tty, registry: registry().registry });
    expect(tty.out).toContain(`${ESC}1mUsage:${ESC}22m gitops-kit paint`);
    expect(tty.out).toContain(`${ESC}1mOptions:${ESC}22m\n  --x`);
    expect(tty.out).toContain(`${ESC}1mExamples:${ESC}22m`);
    const pipe = captureIO();
    await main(["paint", "--help"], { io: pipe, registry: registry().registry });
    expect(pipe.out).not.toContain(ESC);
    expect(pipe.out).toContain("Usage: gitops-kit paint");
  });

  it("never colour the help printed on stderr after a usage error", async () => {
    const io = ttyIO();
    expect(await main([], { io, registry: registry().registry })).toBe(2);
    expect(io.err).not.toContain(ESC);
  });
});

describe("global options", () => {
  it("--quiet and -q reach commands as io.quiet and are removed from the arguments, but not after --", async () => {
    for (const flag of ["--quiet", "-q"]) {
      const { registry: r, seen } = registry();
      await main(["paint", flag, "--", "-q"], { io: captureIO(), registry: r });
      expect(seen).toMatchObject({ quiet: true, args: ["--", "-q"] });
    }
  });
});

describe("progress", () => {
  const step = { what: "https://example.com/index.yaml", done: 512, total: 1024, unit: "bytes" as const };

  it("draws a bar on a terminal's stderr and clears it when done", () => {
    const io = ttyIO();
    const progress = terminalProgress(io);
    progress.onProgress?.(step);
    // Cut to the terminal's 40 columns, less one so the cursor does not wrap.
    expect(io.err).toBe("\r[############............] 0.5 KiB / 1.\x1b[K");
    progress.status("pushing");
    expect(io.err).toContain("\rpushing ...\x1b[K");
    progress.done();
    expect(io.err.endsWith("\r\x1b[K")).toBe(true);
    expect(io.out).toBe("");
  });

  it("is silent when stderr is not a terminal or with --quiet", () => {
    for (const io of [captureIO(), Object.assign(ttyIO(), { quiet: true })]) {
      const progress = terminalProgress(io);
      expect(progress.onProgress).toBeUndefined();
      progress.status("pushing");
      progress.done();
      expect(io.err).toBe("");
    }
  });
});
