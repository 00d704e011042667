import { type KubeObject, MemoryCluster, memFs } from "@gitops-kit/core";
import {
  buildFluxKustomization,
  isValidVarName,
  loadSubstituteVariables,
  SubstitutionError,
  substituteObject,
} from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";

const b64 = (s: string) => Buffer.from(s).toString("base64");

async function clusterWith(...objects: KubeObject[]) {
  const cluster = new MemoryCluster({ namespaces: ["default", "apps"] });
  if (objects.length > 0) await cluster.apply({ objects, fieldManager: "test" });
  return cluster;
}

describe("loadSubstituteVariables", () => {
  it("merges substituteFrom in order, then inline on top, removing every newline", async () => {
    const cluster = await clusterWith(
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a", namespace: "apps" },
        data: { zone: "\nz-a\n", x: "1" },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "s", namespace: "apps" },
        data: { zone: b64("z-s"), pw: b64("p\nw") },
      },
    );
    const { vars, secretValues } = await loadSubstituteVariables({
      namespace: "apps",
      cluster,
      postBuild: {
        substitute: { x: "inline\r\n" },
        substituteFrom: [
          { kind: "ConfigMap", name: "a", optional: false },
          { kind: "Secret", name: "s", optional: false },
          { kind: "ConfigMap", name: "absent", optional: true },
        ],
      },
    });
    expect(vars).toEqual({ zone: "z-s", x: "inline\r", pw: "pw" });
    expect(secretValues).toContain("pw");
  });

  it("fails on a missing reference that is not optional", async () => {
    const cluster = await clusterWith();
    const err = await loadSubstituteVariables({
      namespace: "apps",
      cluster,
      postBuild: { substituteFrom: [{ kind: "Secret", name: "vars", optional: false }] },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(SubstitutionError);
    expect(err.message).toMatch(/^substitute from 'Secret\/vars' error: /);
  });
});

describe("substituteObject", () => {
  const cm = (data: Record<string, unknown>, labels?: Record<string, string>): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", ...(labels ? { labels } : {}) },
    data,
  });

  it("substitutes the YAML text, so values can change field types", () => {
    const out = substituteObject({
      object: cm({ n: "${n}", b: "${b}", e: "${empty}", q: "${q}${n}${q}", s: "${str}", esc: "$${n}" }),
      vars: { n: "0123", b: "true", empty: "", q: '"', str: "!!str 42" },
    })!;
    expect(out.data).toEqual({ n: 83, b: true, e: null, q: "0123", s: "42", esc: "${n}" });
    // The text is read back as sigs.k8s.io/yaml reads it (YAML 1.1): `yes`/`off` are booleans,
    // timestamps stay text.
    const yaml11 = substituteObject({
      object: cm({ y: "${y}", o: "${o}", t: "${t}" }),
      vars: { y: "yes", o: "off", t: "2024-01-02" },
    })!;
    expect(yaml11.data).toEqual({ y: true, o: false, t: "2024-01-02" });
  });

  it("leaves objects alone without variables unless the strategy is Always", () => {
    const object = cm({ a: "${x:=dflt}" });
    expect(substituteObject({ object, vars: {} })).toBe(object);
    expect(substituteObject({ object, vars: {}, always: true })!.data).toEqual({ a: "dflt" });
  });

  it("honours the opt-out label or annotation (exact value)", () => {
    const object = cm({ a: "${x}" }, { "kustomize.toolkit.fluxcd.io/substitute": "disabled" });
    expect(substituteObject({ object, vars: { x: "1" } })).toBeUndefined();
    const notExact = cm({ a: "${x}" }, { "kustomize.toolkit.fluxcd.io/substitute": "Disabled" });
    expect(substituteObject({ object: notExact, vars: { x: "v" } })!.data).toEqual({ a: "v" });
  });

  it("validates variable names and strict mode", () => {
    expect(() => substituteObject({ object: cm({ a: "x" }), vars: { "my-var": "v" } })).toThrow(
      "envsubst error: 'my-var' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'",
    );
    expect(() =>
      substituteObject({ object: cm({ a: "${missing}" }), vars: { x: "1" }, strict: true }),
    ).toThrow('envsubst error: variable substitution failed: variable not set (strict mode): "missing"');
    expect(substituteObject({ object: cm({ a: "${missing}" }), vars: { x: "1" } })!.data).toEqual({
      a: null,
    });
    expect(isValidVarName("_Region")).toBe(true);
    expect(isValidVarName("Äb")).toBe(false);
  });

  it("never puts secret values in error messages", () => {
    const err = (() => {
      try {
        substituteObject({
          object: cm({ a: "${pw}" }),
          vars: { pw: "{unbalanced: [secret-token" },
          secretValues: ["{unbalanced: [secret-token"],
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(SubstitutionError);
    expect(err?.message).toMatch(/^envsubst error: YAMLToJSON: /);
    expect(err?.message).not.toContain("secret-token");
  });
});

describe("postBuild in the build", () => {
  it("substitutes from a ConfigMap in the Kustomization's namespace and names the object on failure", async () => {
    const cluster = await clusterWith({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-vars", namespace: "apps" },
      data: { env: "prod", replicas: "3" },
    });
    const fs = memFs({
      "/src/app/deploy.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    env: ${env}\nspec:\n  replicas: ${replicas}\n",
    });
    const ks = {
      metadata: { name: "app", namespace: "apps" },
      spec: {
        path: "app",
        postBuild: {
          substituteFrom: [{ kind: "ConfigMap" as const, name: "cluster-vars", optional: false }],
        },
      },
    };
    const { objects } = await buildFluxKustomization({ fs, root: "/src", kustomization: ks, cluster });
    expect(objects[0]).toMatchObject({ metadata: { labels: { env: "prod" } }, spec: { replicas: 3 } });

    const strictFs = memFs({
      "/src/app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${nope}\n",
    });
    await expect(
      buildFluxKustomization({ fs: strictFs, root: "/src", kustomization: ks, cluster }),
    ).rejects.toThrow(
      "post build failed for 'ConfigMap.v1.[noGrp]/c': envsubst error: variable substitution failed: variable not set (strict mode): \"nope\"",
    );
    // Strict mode can be switched off like the controller's feature gate.
    const lax = await buildFluxKustomization({
      fs: strictFs,
      root: "/src",
      kustomization: ks,
      cluster,
      strictSubstitution: false,
    });
    expect(lax.objects[0].data).toEqual({ a: null });
  });
});
