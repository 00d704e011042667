import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRANSFORMER_CONFIG } from "../src/fieldspecs/defaults.js";
import {
  expandVars,
  mergeVars,
  resolveVars,
  VarError,
  type VarResource,
  type VarSpec,
} from "../src/vars/vars.js";
import { fixturesDir, idOf, kubectlErrorCore, parseDocs } from "./patch-fixtures.js";

type Obj = Record<string, unknown>;

function resource(obj: Obj): VarResource {
  return {
    obj,
    refVarNames: [],
    allIds() {
      const apiVersion = String(obj.apiVersion ?? "");
      const slash = apiVersion.indexOf("/");
      const meta = (obj.metadata ?? {}) as Obj;
      return [
        {
          group: slash < 0 ? "" : apiVersion.slice(0, slash),
          version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
          kind: String(obj.kind),
          name: String(meta.name ?? ""),
          namespace: String(meta.namespace ?? ""),
        },
      ];
    },
  };
}

/** kustomize rewrites non-empty `metadata.annotations` as strings when it drops its build annotations. */
function finishLikeKustomize(obj: Obj): Obj {
  const meta = obj.metadata as Obj | undefined;
  const annotations = meta?.annotations as Obj | undefined;
  if (meta && annotations && Object.keys(annotations).length > 0) {
    meta.annotations = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, String(v)]));
  }
  return obj;
}

const root = join(fixturesDir, "..", "vars");

describe("vars (fixtures recorded from kubectl kustomize)", () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    it(name, () => {
      const read = (file: string) => readFileSync(join(dir, file), "utf8");
      const kustomization = parseDocs(read("kustomization.yaml"))[0] as Obj;
      const objects = parseDocs(read("resources.yaml")) as Obj[];
      const run = () => {
        const resources = objects.map(resource);
        const vars = mergeVars({
          resources,
          known: [],
          incoming: kustomization.vars as VarSpec[],
          isClusterScoped: () => false,
        });
        resolveVars({ resources, vars, fieldSpecs: DEFAULT_TRANSFORMER_CONFIG.varReference });
        return objects.map(finishLikeKustomize);
      };
      if (existsSync(join(dir, "expected-error.txt"))) {
        // kustomize prefixes the accumulation context ("merging vars [...]: ") and the traversal; the
        // engine's own part of the message must match.
        const core = kubectlErrorCore(read("expected-error.txt"));
        const message = core
          .replace(/^merging vars \[.*?\]\]?: /, "")
          .replace(/visit traversal on path: \[\w+\]: /, "");
        expect(run).toThrow(VarError);
        expect(run).toThrow(message);
        return;
      }
      const results = run();
      const expected = parseDocs(read("expected.yaml")) as Obj[];
      expect(results.map(idOf).sort()).toEqual(expected.map(idOf).sort());
      for (const result of results) expect(result).toEqual(expected.find((e) => idOf(e) === idOf(result)));
    });
  }
});

describe("expandVars", () => {
  const mapping = (name: string) => (name === "N" ? 5 : name === "S" ? "text" : `$(${name})`);

  it("keeps the value's type for a whole-field reference", () => {
    expect(expandVars("$(N)", mapping)).toBe(5);
    expect(expandVars("a$(N)", mapping)).toBe("a5");
  });

  it("handles escapes, unknown names and unterminated references as kustomize does", () => {
    expect(expandVars("$$(S)", mapping)).toBe("$(S)");
    expect(expandVars("$(X)-$(S)", mapping)).toBe("$(X)-text");
    expect(expandVars("x $( y", mapping)).toBe("x $( y");
    expect(expandVars("$", mapping)).toBe("$");
  });
});
