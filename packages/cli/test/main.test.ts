import { readFileSync } from "node:fs";
import { GitOpsError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { type Command, CommandRegistry, main, UsageError } from "../src/index.js";
import { captureIO } from "./helpers.js";

const pkgVersion = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** A registry of fake commands that record how they were called. */
function fakeRegistry() {
  const calls: string[][] = [];
  const make = (name: string, run: Command["run"]): Command => ({
    name,
    summary: `summary of ${name}`,
    usage: "[ARG]",
    description: `description of ${name}`,
    examples: [`gitops-kit ${name} x`],
    run,
  });
  const registry = new CommandRegistry([
    make("echo", (args, io) => {
      calls.push(args);
      io.stdout(`${args.join(" ")}\n`);
    }),
    make("thing make", () => 0),
    make("thing break", () => {
      throw new GitOpsError("THING_BROKEN", "thing.yaml: line 3: broken");
    }),
    make("thing misuse", () => {
      throw new UsageError("missing --path");
    }),
    make("thing crash", () => {
      throw new TypeError("cannot read x of undefined");
    }),
    make("thing fail", () => 1),
  ]);
  return { registry, calls };
}

async function run(argv: string[]) {
  const { registry, calls } = fakeRegistry();
  const io = captureIO();
  const code = await main(argv, { io, registry });
  return { code, out: io.out, err: io.err, calls };
}

describe("gitops-kit main", () => {
  it("prints the package version with --version", async () => {
    const r = await run(["--version"]);
    expect(r).toMatchObject({ code: 0, out: `${pkgVersion}\n`, err: "" });
  });

  it("lists every command with its summary under --help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`gitops-kit ${pkgVersion}`);
    expect(r.out).toMatch(/^ {2}echo {10}summary of echo$/m);
    expect(r.out).toMatch(/^ {2}thing make {4}summary of thing make$/m);
    expect(r.err).toBe("");
  });

  it("shows a command's usage, description and examples with --help or help", async () => {
    for (const argv of [
      ["thing", "make", "--help"],
      ["thing", "make", "-h"],
      ["help", "thing", "make"],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        "Usage: gitops-kit thing make [ARG]\n\nsummary of thing make\n\ndescription of thing make\n\n" +
          "Examples:\n  gitops-kit thing make x\n",
      );
    }
  });

  it("does not treat --help after -- as a help request", async () => {
    const r = await run(["echo", "--", "--help"]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([["--", "--help"]]);
  });

  it("passes the arguments after the command's words to run", async () => {
    const r = await run(["echo", "a", "--b", "c"]);
    expect(r).toMatchObject({ code: 0, out: "a --b c\n", calls: [["a", "--b", "c"]] });
  });

  it("exits 2 with the help on stderr when no command is given", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("Usage: gitops-kit <command>");
  });

  it("exits 2 on an unknown command or global option", async () => {
    for (const argv of [["nope"], ["--nope"], ["help", "nope"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/^error: unknown (command 'nope'|option '--nope')\n/);
    }
  });

  it("lists the sub-commands of a group: exit 2 without --help, 0 with it", async () => {
    const bare = await run(["thing"]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain("Usage: gitops-kit thing <command>");
    expect(bare.err).toContain("thing break");
    const help = await run(["thing", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("thing make");
    expect(help.out).not.toContain("echo");
  });

  it("reports a GitOpsError with its code on stderr and exits 1", async () => {
    const r = await run(["thing", "break"]);
    expect(r).toMatchObject({ code: 1, out: "", err: "error [THING_BROKEN]: thing.yaml: line 3: broken\n" });
  });

  it("reports a UsageError with the command's usage and exits 2", async () => {
    const r = await run(["thing", "misuse"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "error: missing --path\nUsage: gitops-kit thing misuse [ARG]\nRun 'gitops-kit --help' for usage.\n",
    );
  });

  it("turns an unexpected exception into exit 1 without a crash", async () => {
    const r = await run(["thing", "crash"]);
    expect(r).toMatchObject({ code: 1, err: "error [INTERNAL]: cannot read x of undefined\n" });
  });

  it("returns the exit code a command returns", async () => {
    expect((await run(["thing", "fail"])).code).toBe(1);
  });
});

describe("CommandRegistry", () => {
  const cmd = (name: string): Command => ({ name, summary: "", usage: "", examples: [], run: () => 0 });

  it("refuses a name that is a prefix of another command's words", () => {
    const registry = new CommandRegistry([cmd("yaml fmt")]);
    expect(() => registry.register(cmd("yaml"))).toThrow(/clashes/);
    expect(() => registry.register(cmd("yaml fmt"))).toThrow(/clashes/);
    expect(() => registry.register(cmd("yaml fmt x"))).toThrow(/clashes/);
    registry.register(cmd("yaml lint"));
    expect(registry.list().map((c) => c.name)).toEqual(["yaml fmt", "yaml lint"]);
  });

  it("finds a command by its leading words and returns the rest", () => {
    const registry = new CommandRegistry([cmd("a b"), cmd("a c")]);
    expect(registry.find(["a", "c", "x"])).toMatchObject({ command: { name: "a c" }, rest: ["x"] });
    expect(registry.find(["a"])).toBeUndefined();
    expect(registry.under(["a"]).map((c) => c.name)).toEqual(["a b", "a c"]);
  });
});
