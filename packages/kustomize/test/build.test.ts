import { memFs } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  buildKustomization,
  createKustomizeCache,
  KustomizationFileError,
  KustomizeCycleError,
  KustomizeError,
  LoadRestrictionError,
  RemoteResourceError,
  ResourceIdConflictError,
} from "../src/index.js";
import { buildObjects, buildText, lines } from "./build-helpers.js";

const deployment = lines(
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: web",
  "spec:",
  "  selector:",
  "    matchLabels: {app: web}",
  "  template:",
  "    metadata:",
  "      labels: {app: web}",
  "    spec:",
  "      containers:",
  "      - name: main",
  "        image: nginx:1.0",
  "        envFrom:",
  "        - configMapRef: {name: cfg}",
  "      volumes:",
  "      - name: v",
  "        secret: {secretName: creds}",
);

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("buildKustomization", () => {
  it("prefixes, suffixes, namespaces and labels, and fixes name references to hashed generator names", () => {
    const out = buildText({
      "/app/kustomization.yaml": lines(
        "namespace: prod",
        "namePrefix: p-",
        "nameSuffix: -s",
        "commonLabels: {team: a}",
        "resources: [deploy.yaml]",
        "configMapGenerator:",
        "- name: cfg",
        "  literals: [FOO=bar]",
        "secretGenerator:",
        "- name: creds",
        "  literals: [k=v]",
      ),
      "/app/deploy.yaml": deployment,
    });
    expect(out).toContain("  name: p-cfg-s-59m54fbgh2\n");
    expect(out).toContain("            name: p-cfg-s-59m54fbgh2\n");
    expect(out).toMatch(/secretName: p-creds-s-[a-z0-9]{10}\n/);
    expect(out).toContain("  name: p-web-s\n  namespace: prod\n");
    expect(out).toContain("      team: a\n");
    // Legacy order: ConfigMap, Secret, then Deployment.
    expect(out.indexOf("kind: ConfigMap")).toBeLessThan(out.indexOf("kind: Secret"));
    expect(out.indexOf("kind: Secret")).toBeLessThan(out.indexOf("kind: Deployment"));
  });

  it("keeps input order with sortOptions fifo or reorder none", () => {
    const files = {
      "/app/kustomization.yaml": lines("resources: [r.yaml]"),
      "/app/r.yaml": lines(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: d}",
        "---",
        "apiVersion: v1",
        "kind: Namespace",
        "metadata: {name: n}",
      ),
    };
    const kinds = (objs: Record<string, unknown>[]) => objs.map((o) => o.kind);
    expect(kinds(buildObjects(files))).toEqual(["Namespace", "Deployment"]);
    expect(kinds(buildObjects(files, "/app", { reorder: "none" }))).toEqual(["Deployment", "Namespace"]);
    const fifo = {
      ...files,
      "/app/kustomization.yaml": lines("resources: [r.yaml]", "sortOptions: {order: fifo}"),
    };
    expect(kinds(buildObjects(fifo))).toEqual(["Deployment", "Namespace"]);
  });

  it("merges and replaces generated ConfigMaps from an overlay, hashing the result once", () => {
    const objs = buildObjects(
      {
        "/base/kustomization.yaml": lines("configMapGenerator:", "- name: cm", "  literals: [a=1, b=2]"),
        "/overlay/kustomization.yaml": lines(
          "resources: [../base]",
          "namePrefix: o-",
          "configMapGenerator:",
          "- name: cm",
          "  behavior: merge",
          "  literals: [b=3, c=4]",
        ),
      },
      "/overlay",
    );
    expect(objs).toHaveLength(1);
    expect(objs[0].data).toEqual({ a: "1", b: "3", c: "4" });
    expect((objs[0].metadata as { name: string }).name).toMatch(/^o-cm-[a-z0-9]{10}$/);
  });

  it("applies components to what their parent accumulated", () => {
    const objs = buildObjects(
      {
        "/base/kustomization.yaml": lines("resources: [d.yaml]"),
        "/base/d.yaml": deployment,
        "/comp/kustomization.yaml": lines(
          "apiVersion: kustomize.config.k8s.io/v1alpha1",
          "kind: Component",
          "patches:",
          "- target: {kind: Deployment}",
          "  patch: |-",
          "    - op: add",
          "      path: /spec/replicas",
          "      value: 3",
        ),
        "/app/kustomization.yaml": lines("resources: [../base]", "components: [../comp]"),
      },
      "/app",
    );
    expect((objs[0].spec as { replicas: number }).replicas).toBe(3);
  });

  it("drops local-config objects after using them", () => {
    const objs = buildObjects({
      "/app/kustomization.yaml": lines("resources: [r.yaml]"),
      "/app/r.yaml": lines(
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: local",
        "  annotations: {config.kubernetes.io/local-config: 'true'}",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: kept",
        "  annotations: {config.kubernetes.io/local-config: 'false'}",
      ),
    });
    expect(objs.map((o) => (o.metadata as { name: string }).name)).toEqual(["kept"]);
  });

  it("expands List objects after the file's other documents", () => {
    const objs = buildObjects(
      {
        "/app/kustomization.yaml": lines("resources: [r.yaml]"),
        "/app/r.yaml": lines(
          "apiVersion: v1",
          "kind: List",
          "items:",
          "- {apiVersion: v1, kind: ConfigMap, metadata: {name: from-list}}",
          "---",
          "apiVersion: v1",
          "kind: ConfigMap",
          "metadata: {name: after}",
        ),
      },
      "/app",
      { reorder: "none" },
    );
    expect(objs.map((o) => (o.metadata as { name: string }).name)).toEqual(["after", "from-list"]);
  });

  it("lets a repeated key in a kustomization file replace the earlier one", () => {
    const objs = buildObjects({
      "/app/kustomization.yaml": lines(
        "configMapGenerator:",
        "- name: c",
        "  literals:",
        "  - a=1",
        "  literals:",
        "  - b=2",
        "  options:",
        "    disableNameSuffixHash: true",
      ),
    });
    expect(objs[0].data).toEqual({ b: "2" });
  });

  it("removes kustomize's bookkeeping and rewrites annotations as strings", () => {
    const objs = buildObjects({
      "/app/kustomization.yaml": lines("resources: [r.yaml]", "namePrefix: x-"),
      "/app/r.yaml": lines(
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: a",
        "  annotations: {n: 1, b: true}",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: b",
        "  annotations: {}",
      ),
    });
    expect((objs[0].metadata as { annotations: unknown }).annotations).toEqual({ n: "1", b: "true" });
    expect(objs[1].metadata).toEqual({ name: "x-b" });
  });

  it("adds origin and transformer annotations when buildMetadata asks for them", () => {
    const objs = buildObjects({
      "/app/kustomization.yaml": lines(
        "resources: [r.yaml]",
        "namePrefix: x-",
        "buildMetadata: [originAnnotations, transformerAnnotations, managedByLabel]",
      ),
      "/app/r.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: a}"),
    });
    const md = objs[0].metadata as { annotations: Record<string, string>; labels: Record<string, string> };
    expect(md.annotations["config.kubernetes.io/origin"]).toBe("path: r.yaml\n");
    expect(md.annotations["alpha.config.kubernetes.io/transformations"]).toBe(
      "- configuredIn: kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: PrefixTransformer\n",
    );
    expect(md.labels["app.kubernetes.io/managed-by"]).toBe("kustomize-(devel)");
  });

  it("runs builtin plugin configs listed under transformers and generators", () => {
    const objs = buildObjects({
      "/app/kustomization.yaml": lines(
        "resources: [r.yaml]",
        "transformers:",
        "- |-",
        "  apiVersion: builtin",
        "  kind: AnnotationsTransformer",
        "  metadata: {name: a}",
        "  annotations: {area: 51}",
        "  fieldSpecs: [{path: metadata/annotations, create: true}]",
        "generators: [gen.yaml]",
      ),
      "/app/r.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: a}"),
      "/app/gen.yaml": lines(
        "apiVersion: builtin",
        "kind: SecretGenerator",
        "metadata: {name: s}",
        "literals: [x=y]",
      ),
    });
    const byKind = Object.fromEntries(objs.map((o) => [o.kind, o]));
    expect((byKind.ConfigMap.metadata as { annotations: unknown }).annotations).toEqual({ area: "51" });
    expect((byKind.Secret.metadata as { name: string }).name).toMatch(/^s-[a-z0-9]{10}$/);
  });

  it("reuses parsed files through an explicit cache without sharing objects between builds", () => {
    const fs = memFs({
      "/app/kustomization.yaml": lines("namePrefix: p-", "resources: [r.yaml]"),
      "/app/r.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: a}", "data: {k: v}"),
    });
    const cache = createKustomizeCache();
    const first = buildKustomization({ fs, path: "/app", cache }).resources;
    expect(cache.size).toBe(2);
    (first[0].data as Record<string, string>).k = "changed";
    const second = buildKustomization({ fs, path: "/app", cache }).resources;
    expect(second).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p-a" }, data: { k: "v" } },
    ]);
    fs.writeFile("/app/r.yaml", lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: b}"));
    expect(buildKustomization({ fs, path: "/app", cache }).resources[0].metadata.name).toBe("p-b");
  });

  it("reports deprecated fields as warnings", () => {
    const { warnings } = buildKustomization({
      fs: memFs({
        "/app/kustomization.yaml": lines("commonLabels: {a: b}", "resources: [r.yaml]"),
        "/app/r.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: a}"),
      }),
      path: "/app",
    });
    expect(warnings).toEqual([
      "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
    ]);
  });
});

describe("buildKustomization errors", () => {
  it("names a missing kustomization directory or file", () => {
    const e = errorOf(() => buildObjects({ "/app/x.yaml": "" }));
    expect(e).toBeInstanceOf(KustomizationFileError);
    expect(e.message).toContain("unable to find one of 'kustomization.yaml'");
    expect(errorOf(() => buildObjects({}, "/nowhere"))).toBeInstanceOf(KustomizeError);
    const twice = errorOf(() =>
      buildObjects({
        "/app/kustomization.yaml": "namePrefix: a\n",
        "/app/kustomization.yml": "namePrefix: b\n",
      }),
    );
    expect(twice.message).toContain("Found multiple kustomization files");
  });

  it("names the kustomization and field of a missing resource", () => {
    const e = errorOf(() =>
      buildObjects({ "/app/kustomization.yaml": "resources: [missing.yaml]\n" }),
    ) as KustomizeError;
    expect(e).toBeInstanceOf(KustomizeError);
    expect(e.file).toBe("/app/kustomization.yaml");
    expect(e.field).toBe("resources");
    expect(e.message).toContain("missing.yaml");
  });

  it("enforces RootOnly load restrictions on files but not on bases", () => {
    const files = {
      "/repo/app/kustomization.yaml": "resources: [../outside.yaml, ../base]\n",
      "/repo/outside.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: out}"),
      "/repo/base/kustomization.yaml": "resources: [cm.yaml]\n",
      "/repo/base/cm.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: base}"),
    };
    const e = errorOf(() => buildObjects(files, "/repo/app"));
    expect(e.message).toContain("is not in or below");
    expect(e).toBeInstanceOf(LoadRestrictionError);
    const objs = buildObjects(files, "/repo/app", { loadRestrictions: "LoadRestrictionsNone" });
    expect(objs.map((o) => (o.metadata as { name: string }).name)).toEqual(["base", "out"]);
  });

  it("detects cycles and reports the chain", () => {
    const e = errorOf(() =>
      buildObjects(
        { "/a/kustomization.yaml": "resources: [../b]\n", "/b/kustomization.yaml": "resources: [../a]\n" },
        "/a",
      ),
    ) as KustomizeCycleError;
    expect(e).toBeInstanceOf(KustomizeCycleError);
    expect(e.chain).toEqual(["/a", "/b", "/a"]);
  });

  it("rejects remote bases without a remote loader", () => {
    const e = errorOf(() =>
      buildObjects({
        "/app/kustomization.yaml": "resources: [https://github.com/org/repo//deploy?ref=v1]\n",
      }),
    );
    expect(e).toBeInstanceOf(RemoteResourceError);
  });

  it("rejects duplicate ids, components listed as resources and malformed resources", () => {
    const cm = lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: x}");
    expect(
      errorOf(() =>
        buildObjects({
          "/app/kustomization.yaml": "resources: [a.yaml, b.yaml]\n",
          "/app/a.yaml": cm,
          "/app/b.yaml": cm,
        }),
      ),
    ).toBeInstanceOf(ResourceIdConflictError);
    expect(
      errorOf(() =>
        buildObjects({
          "/app/kustomization.yaml": "resources: [../c]\n",
          "/c/kustomization.yaml":
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamePrefix: x\n",
        }),
      ).message,
    ).toContain("expected kind != 'Component'");
    expect(
      errorOf(() =>
        buildObjects({
          "/app/kustomization.yaml": "resources: [a.yaml]\n",
          "/app/a.yaml": "kind: ConfigMap\nmetadata: {}\n",
        }),
      ).message,
    ).toContain("missing metadata.name");
  });

  it("rejects patches that match nothing, Helm charts and external plugins with typed errors", () => {
    const base = { "/app/r.yaml": lines("apiVersion: v1", "kind: ConfigMap", "metadata: {name: a}") };
    const noTarget = errorOf(() =>
      buildObjects({
        ...base,
        "/app/kustomization.yaml": lines(
          "resources: [r.yaml]",
          "patches:",
          "- patch: |-",
          "    apiVersion: v1",
          "    kind: ConfigMap",
          "    metadata: {name: nope}",
        ),
      }),
    ) as KustomizeError;
    expect(noTarget.code).toBe("KUSTOMIZE_TRANSFORMER");
    expect(noTarget.message).toContain("no matches for Id ConfigMap.v1.[noGrp]/nope.[noNs]");
    const helm = errorOf(() =>
      buildObjects({ "/app/kustomization.yaml": "helmCharts: [{name: x}]\n" }),
    ) as KustomizeError;
    expect(helm.code).toBe("KUSTOMIZE_PLUGIN_UNSUPPORTED");
    const external = errorOf(() =>
      buildObjects({
        ...base,
        "/app/kustomization.yaml": lines(
          "resources: [r.yaml]",
          "transformers:",
          "- |-",
          "  apiVersion: example.com/v1",
          "  kind: Mine",
          "  metadata: {name: m}",
        ),
      }),
    ) as KustomizeError;
    expect(external.code).toBe("KUSTOMIZE_PLUGIN_UNSUPPORTED");
  });
});
