import { describe, expect, it } from "vitest";
import {
  HelmReleaseSpecError,
  helmChartNameOf,
  parseHelmRelease,
  releaseMaxHistory,
  releaseNameOf,
  releaseNamespaceOf,
  releaseTimeout,
  shortenReleaseName,
  storageNamespaceOf,
} from "../../src/index.js";

function hr(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: "podinfo", namespace: "apps" },
) {
  return { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata, spec };
}

const chart = { spec: { chart: "podinfo", sourceRef: { kind: "HelmRepository", name: "podinfo" } } };

describe("parseHelmRelease", () => {
  it("fills in Flux's defaults", () => {
    const r = parseHelmRelease({
      object: hr({
        interval: "5m",
        chart,
        valuesFrom: [{ kind: "Secret", name: "s" }],
        test: {},
        uninstall: {},
      }),
    });
    expect(r.spec.chart?.spec.version).toBe("*");
    expect(r.spec.chart?.spec.reconcileStrategy).toBe("ChartVersion");
    expect(r.spec.valuesFrom?.[0]).toEqual({ kind: "Secret", name: "s", optional: false, literal: false });
    expect(r.spec.test).toEqual({ enable: false, ignoreFailures: false });
    expect(r.spec.uninstall?.deletionPropagation).toBe("background");
    expect(r.spec.suspend).toBe(false);
    expect(releaseTimeout(r)).toBe(300_000);
    expect(releaseMaxHistory(r)).toBe(5);
    expect(r.status).toEqual({});
  });

  it.each([
    [
      { interval: "1x", chart },
      "HelmRelease 'apps/podinfo': spec.interval: Invalid value: \"1x\": should match",
    ],
    [{ chart }, "spec.interval: Required value"],
    [{ interval: "1m" }, "spec: either chart or chartRef must be set"],
    [
      { interval: "1m", chart, chartRef: { kind: "OCIRepository", name: "x" } },
      "spec: either chart or chartRef must be set",
    ],
    [
      { interval: "1m", chartRef: { kind: "GitRepository", name: "x" } },
      'spec.chartRef.kind: Unsupported value: "GitRepository"',
    ],
    [{ interval: "1m", chart, releaseName: "x".repeat(54) }, "spec.releaseName: Invalid value"],
    [
      { interval: "1m", chart, valuesFrom: [{ kind: "ConfigMap", name: "v", targetPath: "a b" }] },
      'spec.valuesFrom[0].targetPath: Invalid value: "a b": should match',
    ],
    [
      { interval: "1m", chart, install: { strategy: { name: "RemediateOnFailure", retryInterval: "1m" } } },
      "spec.install.strategy: .retryInterval cannot be set when .name is 'RemediateOnFailure'",
    ],
    [
      { interval: "1m", chart, upgrade: { remediation: { strategy: "delete" } } },
      'spec.upgrade.remediation.strategy: Unsupported value: "delete": supported values: "rollback", "uninstall"',
    ],
  ])("refuses %j naming the field", (spec, message) => {
    let err: unknown;
    try {
      parseHelmRelease({ object: hr(spec) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HelmReleaseSpecError);
    expect((err as Error).message).toContain(message);
  });

  it("refuses other API versions", () => {
    expect(() =>
      parseHelmRelease({
        object: { ...hr({ interval: "1m", chart }), apiVersion: "helm.toolkit.fluxcd.io/v2beta1" },
      }),
    ).toThrow("apiVersion 'helm.toolkit.fluxcd.io/v2beta1' is not supported");
  });
});

describe("release naming", () => {
  it("shortens like helm-controller's ShortenName (its own test vectors)", () => {
    expect(shortenReleaseName("release-name")).toBe("release-name");
    expect(shortenReleaseName("release-name-with-very-long-name-which-is-longer-than-53-characters")).toBe(
      "release-name-with-very-long-name-which-i-788ca0d0d7b0",
    );
    expect(
      shortenReleaseName("another-release-name-with-very-long-name-which-is-longer-than-53-characters"),
    ).toBe("another-release-name-with-very-long-name-7e72150d5a36");
    expect(shortenReleaseName("x".repeat(53))).toBe("x".repeat(53));
  });

  it("prefixes the target namespace, and defaults namespaces to the HelmRelease's", () => {
    const plain = parseHelmRelease({ object: hr({ interval: "1m", chart }) });
    expect([releaseNameOf(plain), releaseNamespaceOf(plain), storageNamespaceOf(plain)]).toEqual([
      "podinfo",
      "apps",
      "apps",
    ]);
    const targeted = parseHelmRelease({
      object: hr({ interval: "1m", chart, targetNamespace: "prod", storageNamespace: "flux-system" }),
    });
    expect([releaseNameOf(targeted), releaseNamespaceOf(targeted), storageNamespaceOf(targeted)]).toEqual([
      "prod-podinfo",
      "prod",
      "flux-system",
    ]);
    expect(helmChartNameOf(targeted)).toBe("apps-podinfo");
    const long = parseHelmRelease({
      object: hr(
        { interval: "1m", chart, targetNamespace: "a-very-long-target-namespace-name" },
        { name: "with-a-long-release-name", namespace: "apps" },
      ),
    });
    const name = releaseNameOf(long);
    expect(name).toHaveLength(53);
    expect(name.startsWith("a-very-long-target-namespace-name-with-a-")).toBe(true);
    const named = parseHelmRelease({
      object: hr({ interval: "1m", chart, targetNamespace: "prod", releaseName: "web" }),
    });
    expect(releaseNameOf(named)).toBe("web");
  });
});
