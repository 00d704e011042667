/**
 * Every command, table-driven over the registry: help with examples and a described option list,
 * every documented option accepted, and `--output json` printing valid JSON.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, commandHelp, main } from "../src/index.js";
import { captureIO } from "./helpers.js";

const emptyDir = () => mkdtempSync(join(tmpdir(), "gitops-kit-commands-"));

/** The options a command's help mentions (`--long` and `-s` forms). */
function documentedFlags(text: string): string[] {
  const long = [...text.matchAll(/(?<![\w$-])--[a-z][a-z-]*[a-z]/g)].map((m) => m[0]);
  const short = [...text.matchAll(/(?<=^|[\s[(|])-[a-zA-Z](?=[,\s\]])/gm)].map((m) => m[0]);
  return [...new Set([...long, ...short])].sort();
}

describe.each(COMMANDS.map((c) => [c.name, c] as const))("gitops-kit %s", (name, command) => {
  it("has a summary, examples that run it and an Options section", () => {
    expect(command.summary.length).toBeGreaterThan(10);
    expect(command.examples.length).toBeGreaterThan(0);
    for (const example of command.examples) expect(example).toContain(`gitops-kit ${name}`);
    expect(command.description).toMatch(/^Options:$/m);
  });

  it("prints its help on stdout with exit 0", async () => {
    const io = captureIO();
    expect(await main([...name.split(" "), "--help"], { io })).toBe(0);
    expect(io.out).toBe(commandHelp(command));
    expect(io.err).toBe("");
  });

  it("describes, in its Options section, every option its usage line names", () => {
    const options = command.description?.slice(command.description.indexOf("Options:")) ?? "";
    for (const flag of documentedFlags(command.usage)) expect(options, flag).toContain(flag);
  });

  it("accepts every option its help documents", async () => {
    const flags = documentedFlags(`${command.usage}\n${command.description ?? ""}`).filter(
      (f) => f !== "--help",
    );
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) {
      // Each option alone, in an empty directory: the command stops at a usage error (a missing
      // argument) or fails on the empty input, but never because it does not know the option.
      const attempts = flag.startsWith("--") ? [[`${flag}=x`], [flag]] : [[flag, "x"], [flag]];
      const errors: string[] = [];
      for (const args of attempts) {
        const io = captureIO("", emptyDir());
        await main([...name.split(" "), ...args], { io });
        errors.push(io.err);
      }
      expect(errors.join(""), `${name} ${flag}`).not.toMatch(/Unknown option/);
      // A flag that takes a value is reported missing its value, a switch as taking none, but not both.
      expect(
        errors.some((e) => !/argument missing|does not take an argument/.test(e)),
        `${name} ${flag}`,
      ).toBe(true);
    }
  });

  it("exits 2 with the usage on stderr for an unknown option, and prints nothing on stdout", async () => {
    const io = captureIO("", emptyDir());
    expect(await main([...name.split(" "), "--no-such-option"], { io })).toBe(2);
    expect(io.out).toBe("");
    expect(io.err).toContain(`Usage: gitops-kit ${name}`);
  });
});

/** A workspace with small inputs for each command that runs offline. */
function workspace(): string {
  const dir = emptyDir();
  const files: Record<string, string> = {
    "app/kustomization.yaml": "resources: [cm.yaml]\n",
    "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: '1'}\n",
    "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "chart/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
    "policy.yaml":
      "apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImagePolicy\nmetadata: {name: web, namespace: flux-system}\nspec:\n  imageRepositoryRef: {name: web}\n  policy: {semver: {range: '^1.0'}}\n",
    "tags.txt": "1.0.0\n1.2.0\n2.0.0\n",
    "policies.yaml":
      "- {namespace: flux-system, name: web, status: {latestRef: {name: reg/web, tag: 1.2.0}}}\n",
    "deploy/d.yaml": 'image: reg/web:1.0.0 # {"$imagepolicy": "flux-system:web"}\n',
    "provider.json": '{"type": "generic", "address": "http://127.0.0.1:9/hook"}',
    "event.json": JSON.stringify({
      involvedObject: { kind: "Kustomization", namespace: "flux-system", name: "apps" },
      severity: "info",
      timestamp: "2024-05-01T10:00:00Z",
      message: "done",
      reason: "ReconciliationSucceeded",
      reportingController: "kustomize-controller",
    }),
    "state.yaml":
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {a: '0'}\n",
    "ks.yaml":
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: app, namespace: flux-system}\nspec: {targetNamespace: default}\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A successful offline invocation of each command that prints objects or a result. */
const JSON_RUNS: Record<string, { args: string[]; stdin?: string; code?: number }> = {
  "yaml fmt": { args: ["app/cm.yaml"] },
  "kustomize build": { args: ["app"] },
  "build kustomization": { args: ["app", "--path", "app"] },
  "helm template": { args: ["web", "./chart"] },
  "image select": { args: ["--policy", "policy.yaml", "--tags", "tags.txt"] },
  "image update": { args: ["--path", "deploy", "--policies", "policies.yaml", "--dry-run"] },
  "notify send": { args: ["--provider", "provider.json", "--event", "event.json", "--dry-run"] },
  "diff kustomization": {
    args: ["app", "--path", "app", "--state", "state.yaml", "--kustomization-file", "ks.yaml"],
    code: 1,
  },
};

describe("--output json", () => {
  const withOutput = COMMANDS.filter((c) => /--output/.test(c.description ?? ""));

  it("is offered by every command that prints objects or a result", () => {
    expect(withOutput.map((c) => c.name).sort()).toEqual(
      COMMANDS.map((c) => c.name)
        .filter((n) => n !== "template render")
        .sort(),
    );
  });

  it.each(Object.entries(JSON_RUNS))("gives valid JSON for %s", async (name, run) => {
    const io = captureIO(run.stdin ?? "", workspace());
    const code = await main([...name.split(" "), ...run.args, "-o", "json"], { io });
    expect(io.err).toBe("");
    expect(code).toBe(run.code ?? 0);
    expect(() => JSON.parse(io.out)).not.toThrow();
    expect(io.out.endsWith("}\n")).toBe(true);
  });

  it("prints objects as a v1 List", async () => {
    const io = captureIO("", workspace());
    await main(["kustomize", "build", "app", "--output", "json"], { io });
    expect(JSON.parse(io.out)).toEqual({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } }],
    });
  });

  it("is refused with exit 2 for a format the command does not print", async () => {
    const io = captureIO("", workspace());
    expect(await main(["kustomize", "build", "app", "-o", "text"], { io })).toBe(2);
    expect(io.err).toContain("--output must be yaml or json, not 'text'");
  });
});

describe("every option a command parses", () => {
  const src = new URL("../src/commands/", import.meta.url).pathname;
  /** `runX` → the options its parseCommandArgs call declares (long names and short letters). */
  function parsedOptions(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const file of readdirSync(join(src, "run"))) {
      const text = readFileSync(join(src, "run", file), "utf8");
      for (const block of text.split(/^export const /m).slice(1)) {
        const name = /^(\w+)/.exec(block)?.[1] ?? "";
        const call = /parseCommandArgs\(\s*args,\s*(\{[\s\S]*?\n\s{4}\}|\{[^\n]*\})/.exec(block);
        if (!call) continue;
        const options = [
          ...call[1].matchAll(/"?([a-z][a-z-]*)"?: \{ type: "(?:string|boolean)"(?:, short: "(\w)")?/g),
        ];
        out.set(
          name,
          options.flatMap((m) => [`--${m[1]}`, ...(m[2] ? [`-${m[2]}`] : [])]),
        );
      }
    }
    return out;
  }

  it("is documented in the help of the command that parses it", () => {
    const options = parsedOptions();
    const specs = readdirSync(src).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    let checked = 0;
    for (const spec of specs) {
      const text = readFileSync(join(src, spec), "utf8");
      for (const [, commandName, runName] of text.matchAll(/name: "([a-z ]+)",[\s\S]*?\)\)\.(\w+)/g)) {
        const command = COMMANDS.find((c) => c.name === commandName);
        expect(command, commandName).toBeDefined();
        const help = `${command?.usage}\n${command?.description}`;
        const parsed = options.get(runName) ?? [];
        expect(parsed.length, runName).toBeGreaterThan(0);
        for (const flag of parsed) {
          expect(help, `${commandName} ${flag}`).toMatch(new RegExp(`(^|[^\\w-])${flag}([^\\w-]|$)`));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
