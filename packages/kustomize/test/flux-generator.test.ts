import { globMatch, memFs, printYamlStream } from "@gitops-kit/core";
import {
  buildFluxKustomization,
  buildKustomization,
  fluxBuildIgnoreRules,
  GenerateError,
  generateKustomization,
  isLocalRelativePath,
  overlayKustomization,
  pathElements,
} from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;

describe("generateKustomization", () => {
  it("generates a kustomization from the manifests, sub-kustomizations first-class, in walk order", () => {
    const fs = memFs({
      "/src/app/b.yaml": cm("b"),
      "/src/app/a.yml": cm("a"),
      "/src/app/README.md": "not yaml",
      "/src/app/nested/c.yaml": cm("c"),
      "/src/app/overlay/kustomization.yaml": "resources: [d.yaml]\n",
      "/src/app/overlay/d.yaml": cm("d"),
      "/src/app/overlay/ignored-by-descent.yaml": "not: kubernetes\n",
    });
    const g = generateKustomization({ fs, path: "/src/app", root: "/src", spec: {} });
    expect(g.action).toBe("created");
    expect(g.file).toBe("/src/app/kustomization.yaml");
    expect(g.kustomization).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: ["./a.yml", "./b.yaml", "./nested/c.yaml", "./overlay"],
    });
    // Nothing is written to the caller's file system.
    expect(fs.exists("/src/app/kustomization.yaml")).toBe(false);
    const built = buildKustomization({ fs: overlayKustomization(fs, g), path: "/src/app", reorder: "none" });
    expect(built.resources.map((r) => r.metadata?.name)).toEqual(["a", "b", "c", "d"]);
  });

  it("uses a placeholder namespace for an empty directory and fails on YAML that is not Kubernetes", () => {
    const empty = memFs({ "/src/empty/.keep": "" });
    expect(generateKustomization({ fs: empty, path: "/src/empty", spec: {} }).kustomization.namespace).toBe(
      "_placeholder",
    );
    const fs = memFs({ "/src/app/.sops.yaml": "creation_rules: []\n", "/src/app/cm.yaml": cm("a") });
    expect(() => generateKustomization({ fs, path: "/src/app", spec: {} })).toThrow(GenerateError);
    expect(() => generateKustomization({ fs, path: "/src/app", spec: {} })).toThrow(
      /failed to decode Kubernetes YAML from \/src\/app\/\.sops\.yaml/,
    );
    // With ignore rules, Flux's defaults (.sops.yaml, CI files) and the given patterns apply.
    const g = generateKustomization({ fs, path: "/src/app", spec: {}, ignore: { patterns: "*.md" } });
    expect(g.kustomization.resources).toEqual(["./cm.yaml"]);
  });

  it("injects the spec in Flux's order on top of the user's kustomization", () => {
    const fs = memFs({
      "/src/app/Kustomization": [
        "resources: [deploy.yaml]",
        "Namespace: original", // Go decodes field names case-insensitively
        "unknownField: dropped",
        "images:",
        "- name: nginx",
        "  newTag: '1.0'",
        "  digest: sha256:old",
        "- name: redis",
        "  newName: cache",
        "components: [base]",
      ].join("\n"),
      "/src/app/deploy.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n",
      "/src/app/base/kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  base: 'yes'\n",
      "/src/app/extra/kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels:\n  extra: 'yes'\n",
    });
    const g = generateKustomization({
      fs,
      path: "/src/app",
      spec: {
        targetNamespace: "prod",
        namePrefix: "p-",
        patches: [
          {
            patch: "- op: add\n  path: /metadata/annotations\n  value: {patched: 'true'}",
            target: { kind: "Deployment" },
          },
        ],
        components: ["extra", "missing"],
        ignoreMissingComponents: true,
        images: [
          { name: "nginx", newTag: "2.0" },
          { name: "redis", newName: "ignored-when-empty", digest: "sha256:abc" },
          { name: "postgres", newName: "pg" },
        ],
        buildMetadata: ["originAnnotations"],
      },
    });
    expect(g.action).toBe("unchanged");
    expect(g.file).toBe("/src/app/Kustomization");
    expect(g.kustomization).toMatchObject({
      namespace: "prod",
      namePrefix: "p-",
      components: ["base", "extra"],
      images: [
        { name: "nginx", newTag: "2.0" },
        { name: "redis", newName: "ignored-when-empty", digest: "sha256:abc" },
        { name: "postgres", newName: "pg" },
      ],
      buildMetadata: ["originAnnotations"],
    });
    expect(g.kustomization).not.toHaveProperty("unknownField");
    expect(g.kustomization).not.toHaveProperty("Namespace");
    const [deploy] = buildKustomization({ fs: overlayKustomization(fs, g), path: "/src/app" }).resources;
    expect(deploy.metadata).toMatchObject({
      name: "p-web",
      namespace: "prod",
      labels: { extra: "yes" },
      annotations: { patched: "true" },
    });
  });

  it("refuses components that are not local relative paths", () => {
    const fs = memFs({ "/src/app/cm.yaml": cm("a") });
    expect(() =>
      generateKustomization({ fs, path: "/src/app", spec: { components: ["https://github.com/x/y"] } }),
    ).toThrow("component path 'https://github.com/x/y' must be local and relative");
    expect(isLocalRelativePath("file://base")).toBe(true);
    expect(isLocalRelativePath("file:///base")).toBe(false);
    expect(isLocalRelativePath("GIT@github.com:x/y")).toBe(false);
  });

  it("filters an existing kustomization with .sourceignore and extra patterns (last wins)", () => {
    const fs = memFs({
      "/src/app/.sourceignore": "# exclude all\n/*\n",
      "/src/app/kustomization.yaml": "resources: [a.yaml, b.yaml, https://example.com/remote.yaml]\n",
      "/src/app/a.yaml": cm("a"),
      "/src/app/b.yaml": cm("b"),
    });
    const g = generateKustomization({ fs, path: "/src/app", spec: {}, ignore: { patterns: "!b.yaml" } });
    expect(g.kustomization.resources).toEqual(["b.yaml", "https://example.com/remote.yaml"]);
    expect(() =>
      generateKustomization({
        fs: memFs({ "/src/app/kustomization.yaml": "resources: [gone.yaml]\n" }),
        path: "/src/app",
        spec: {},
        ignore: {},
      }),
    ).toThrow(/lstat \/src\/app\/gone.yaml: no such file or directory/);
  });
});

describe("ignore patterns", () => {
  it("match like go-git's gitignore with Go's filepath.Match, bound to absolute paths", () => {
    const fs = memFs({ "/repo/sub/.sourceignore": "*.yaml\n!keep.yaml\n", "/repo/a.yaml": "" });
    const m = fluxBuildIgnoreRules({
      fs,
      dir: "/repo",
      patterns: "*.png\nbuild/\n/docs/**/draft-?.md\n!keep.png\n",
    });
    expect(m.patterns.map((p) => p.source)).toEqual([
      "*.yaml",
      "!keep.yaml",
      "*.png",
      "build/",
      "/docs/**/draft-?.md",
      "!keep.png",
    ]);
    expect(m.ignores("/repo/x/logo.png", false)).toBe(true);
    expect(m.ignores("/repo/keep.png", false)).toBe(false);
    expect(m.ignores("/repo/build", true)).toBe(true);
    expect(m.ignores("/repo/build", false)).toBe(false);
    expect(m.ignores("/repo/docs/a/b/draft-1.md", false)).toBe(true);
    expect(m.ignores("/repo/docs/draft-12.md", false)).toBe(false);
    expect(m.ignores("/other/logo.png", false)).toBe(false);
    // A .sourceignore applies below its own directory only; Flux's defaults apply everywhere.
    expect(m.ignores("/repo/sub/x.yaml", false)).toBe(true);
    expect(m.ignores("/repo/sub/keep.yaml", false)).toBe(false);
    expect(m.ignores("/repo/a.yaml", false)).toBe(false);
    expect(m.ignores("/repo/.sops.yaml", false)).toBe(true);
    expect(pathElements("/repo/x/../y")).toEqual(["", "repo", "y"]);
    expect(globMatch("[a-c]?.yaml", "bx.yaml")).toBe(true);
    expect(globMatch("[", "x")).toBe(false);
  });
});

describe("buildFluxKustomization", () => {
  it("builds like the controller: generated kustomization, input order, no load restrictions", async () => {
    const fs = memFs({
      "/src/apps/deploy.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n",
      "/src/apps/cm.yaml": cm("settings"),
      "/src/apps/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    });
    const result = await buildFluxKustomization({
      fs,
      root: "/src",
      kustomization: {
        metadata: { name: "apps", namespace: "flux-system" },
        spec: { path: "./apps", targetNamespace: "web" },
      },
    });
    // Walk order (cm, deploy, svc), not kubectl's legacy sort.
    expect(result.objects.map((o) => o.kind)).toEqual(["ConfigMap", "Deployment", "Service"]);
    expect(result.objects.every((o) => o.metadata?.namespace === "web")).toBe(true);
    expect(result.yaml).toBe(printYamlStream(result.objects));
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await expect(
      buildFluxKustomization({
        fs,
        root: "/src",
        kustomization: { metadata: { name: "x" }, spec: { path: "./nope" } },
      }),
    ).rejects.toThrow("kustomization path not found");
    // `..` cannot climb out of the source root.
    await expect(
      buildFluxKustomization({
        fs,
        root: "/src/apps",
        kustomization: { metadata: { name: "x" }, spec: { path: "../.." } },
      }),
    ).resolves.toMatchObject({ objects: expect.any(Array) });
  });
});
