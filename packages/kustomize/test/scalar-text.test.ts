import { memFs, printYamlStream } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { buildKustomization, createKustomizeCache } from "../src/index.js";

const files = {
  "/app/kustomization.yaml": "namePrefix: p-\nresources: [cm.yaml]\n",
  "/app/cm.yaml": [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: x",
    "  annotations: {a: 1.50, b: 0755, c: ~, d: 2001-12-14, e: 12, f: '1.50'}",
    "  labels: {g: 1.50}",
    "data: {h: 1.50}",
    "",
  ].join("\n"),
};

const expected = [
  "apiVersion: v1",
  "data:",
  "  h: 1.5",
  "kind: ConfigMap",
  "metadata:",
  "  annotations:",
  '    a: "1.50"',
  '    b: "0755"',
  '    c: "~"',
  '    d: "2001-12-14"',
  '    e: "12"',
  '    f: "1.50"',
  "  labels:",
  "    g: 1.5",
  "  name: p-x",
  "",
].join("\n");

describe("scalars written in resource files", () => {
  it("keep their text in annotations, as kubectl kustomize prints them; other fields print the value", () => {
    const { resources } = buildKustomization({ fs: memFs(files), path: "/app" });
    expect(printYamlStream(resources)).toBe(expected);
  });

  it("keep their text through a parse cache, build after build", () => {
    const cache = createKustomizeCache();
    for (let i = 0; i < 3; i++) {
      const { resources } = buildKustomization({ fs: memFs(files), path: "/app", cache });
      expect(printYamlStream(resources)).toBe(expected);
    }
  });

  it("lose their text once a transformer writes the field", () => {
    const fs = memFs({
      ...files,
      "/app/kustomization.yaml": "resources: [cm.yaml]\ncommonAnnotations: {a: '2.50'}\n",
    });
    const printed = printYamlStream(buildKustomization({ fs, path: "/app" }).resources);
    expect(printed).toContain('a: "2.50"');
    expect(printed).toContain('b: "0755"');
  });
});
