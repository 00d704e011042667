import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitFieldPath } from "../src/replacements/field-path.js";
import {
  applyReplacements,
  loadReplacements,
  ReplacementError,
  type ReplacementResource,
} from "../src/replacements/replacements.js";
import { fixturesDir, idOf, kubectlErrorCore, parseDocs } from "./patch-fixtures.js";

type Obj = Record<string, unknown>;

const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);
const isClusterScoped = (gvk: { kind: string }) => CLUSTER_SCOPED.has(gvk.kind);

/** A build resource with only its current id (the fixtures do not rename anything). */
function resource(obj: Obj): ReplacementResource {
  return {
    obj,
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

/** kustomize rewrites non-empty annotations as strings when it drops its build annotations at the end. */
function finishLikeKustomize(obj: Obj): Obj {
  const meta = obj.metadata as Obj | undefined;
  const annotations = meta?.annotations as Obj | undefined;
  if (meta && annotations && Object.keys(annotations).length > 0) {
    meta.annotations = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, String(v)]));
  }
  return obj;
}

const root = join(fixturesDir, "..", "replacements");

describe("replacements (fixtures recorded from kubectl kustomize)", () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    it(name, () => {
      const read = (file: string) => readFileSync(join(dir, file), "utf8");
      const kustomization = parseDocs(read("kustomization.yaml"))[0] as Obj;
      const objects = parseDocs(read("resources.yaml")) as Obj[];
      const run = () => {
        const replacements = loadReplacements({
          entries: kustomization.replacements as unknown[],
          load: (path) => parseDocs(read(path))[0],
        });
        applyReplacements({ resources: objects.map(resource), replacements, isClusterScoped });
        return objects.map(finishLikeKustomize);
      };
      if (existsSync(join(dir, "expected-error.txt"))) {
        const core = kubectlErrorCore(read("expected-error.txt"));
        const message = core.split("map[string]interface {}(nil): ")[1] ?? core;
        expect(run).toThrow(ReplacementError);
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

describe("splitFieldPath", () => {
  it("keeps bracketed selectors whole and honours escaped dots", () => {
    expect(splitFieldPath("spec.containers.[name=a.b].image")).toEqual([
      "spec",
      "containers",
      "[name=a.b]",
      "image",
    ]);
    expect(splitFieldPath("metadata.annotations.a\\.b/c")).toEqual(["metadata", "annotations", "a.b/c"]);
    expect(splitFieldPath("metadata.annotations.[a.b/c]")).toEqual(["metadata", "annotations", "a.b/c"]);
  });
});
