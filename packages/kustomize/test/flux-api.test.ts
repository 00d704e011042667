import { parseYamlStream } from "@gitops-kit/core";
import {
  getDeletionPolicy,
  getRetryInterval,
  getSubstituteStrategy,
  getTimeout,
  KustomizationSpecError,
  parseFluxKustomization,
  parseFluxKustomizations,
} from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";

const base = {
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name: "apps", namespace: "flux-system" },
  spec: { interval: "10m", path: "./apps", prune: true, sourceRef: { kind: "GitRepository", name: "fleet" } },
};

describe("parseFluxKustomization", () => {
  it("applies Flux's defaults and derived timings", () => {
    const ks = parseFluxKustomization({ object: base });
    expect(ks.spec.force).toBe(false);
    expect(getTimeout(ks)).toBe(570_000); // interval - 30s
    expect(getRetryInterval(ks)).toBe(600_000);
    expect(getDeletionPolicy(ks)).toBe("MirrorPrune");
    expect(getSubstituteStrategy(ks)).toBe("WithVariables");
    const short = parseFluxKustomization({ object: { ...base, spec: { ...base.spec, interval: "45s" } } });
    expect(getTimeout(short)).toBe(30_000); // never below 30s
    const explicit = parseFluxKustomization({
      object: { ...base, spec: { ...base.spec, timeout: "2m30s", retryInterval: "1m" } },
    });
    expect(getTimeout(explicit)).toBe(150_000);
    expect(getRetryInterval(explicit)).toBe(60_000);
    expect(parseFluxKustomization({ object: { ...base, metadata: { name: "x" } } }).metadata.namespace).toBe(
      "default",
    );
  });

  it("rejects durations that are not Go durations with a typed error naming the field", () => {
    for (const interval of ["10", "1d", "-5m", "5 m", "1.m"]) {
      const err = (() => {
        try {
          parseFluxKustomization({
            object: { ...base, spec: { ...base.spec, interval } },
            source: "apps.yaml",
          });
        } catch (e) {
          return e;
        }
      })() as KustomizationSpecError;
      expect(err, interval).toBeInstanceOf(KustomizationSpecError);
      expect(err.code).toBe("FLUX_KUSTOMIZATION_INVALID");
      expect(err.field).toBe("spec.interval");
      expect(err.object).toBe("flux-system/apps");
      expect(err.message).toContain(
        `apps.yaml: Kustomization 'flux-system/apps': spec.interval: Invalid value: "${interval}"`,
      );
    }
    expect(
      parseFluxKustomization({ object: { ...base, spec: { ...base.spec, interval: "1h30m0.5s" } } }).spec
        .interval,
    ).toBe("1h30m0.5s");
  });

  it("checks required fields, enums and lengths", () => {
    const bad = (spec: Record<string, unknown>) => () =>
      parseFluxKustomization({ object: { ...base, spec: { ...base.spec, ...spec } } });
    expect(bad({ prune: undefined })).toThrow(/spec.prune: Required value/);
    expect(bad({ sourceRef: { kind: "HelmRepository", name: "x" } })).toThrow(
      /spec.sourceRef.kind: Unsupported value: "HelmRepository": supported values/,
    );
    expect(bad({ targetNamespace: "x".repeat(64) })).toThrow(/spec.targetNamespace/);
    expect(bad({ deletionPolicy: "Never" })).toThrow(/spec.deletionPolicy/);
    expect(bad({ postBuild: { substituteFrom: [{ kind: "Secret", name: "" }] } })).toThrow(
      /substituteFrom\[0\].name/,
    );
    expect(bad({ kubeConfig: { secretRef: { name: "a" }, configMapRef: { name: "b" } } })).toThrow(
      /exactly one of/,
    );
    expect(() =>
      parseFluxKustomization({ object: { ...base, apiVersion: "kustomize.config.k8s.io/v1beta1" } }),
    ).toThrow(/is not a Flux Kustomization/);
  });

  it("keeps going over many objects: one bad interval does not stop the others", () => {
    const docs = parseYamlStream(`
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: infra, namespace: flux-system}
spec: {interval: 1x, prune: true, sourceRef: {kind: GitRepository, name: fleet}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-a-kustomization}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec: {interval: 5m, prune: false, sourceRef: {kind: GitRepository, name: fleet}, dependsOn: [{name: infra}]}
`);
    const results = parseFluxKustomizations({ objects: docs, source: "clusters/prod.yaml" });
    expect(results.map((r) => [r.index, r.ok])).toEqual([
      [0, false],
      [2, true],
    ]);
    const [bad, good] = results;
    if (bad.ok || !good.ok) throw new Error("unexpected");
    expect(bad.ref).toBe("flux-system/infra");
    expect(bad.error.message).toMatch(/spec.interval: Invalid value: "1x"/);
    expect(good.kustomization.spec.dependsOn).toEqual([{ name: "infra" }]);
  });
});
