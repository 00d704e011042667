import { compileGoRegexp } from "@gitops-kit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Resource } from "../src/resource.js";
import { imageMatcher, splitImage, updateImage } from "../src/transformers/images.js";
import { sortResources } from "../src/transformers/sort.js";

function res(apiVersion: string, kind: string, name: string, namespace?: string): Resource {
  return new Resource({ apiVersion, kind, metadata: namespace ? { name, namespace } : { name } });
}

const ids = (rs: Resource[]) => rs.map((r) => `${r.apiVersion} ${r.kind} ${r.namespace}/${r.name}`);

describe("legacy order", () => {
  it("ranks kinds, then group_version_kind (core last), then namespace and name", () => {
    const input = [
      res("v1", "Pod", "p"),
      res("apps/v1", "Deployment", "d", "b"),
      res("example.com/v1", "Widget", "w"),
      res("apps/v1", "Deployment", "d2"),
      res("apps/v1", "Deployment", "d", "a"),
      res("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "vw"),
      res("v1", "ConfigMap", "c"),
    ];
    expect(ids(sortResources(input, undefined))).toEqual([
      "v1 ConfigMap /c",
      "apps/v1 Deployment a/d",
      "apps/v1 Deployment b/d",
      "apps/v1 Deployment /d2",
      "example.com/v1 Widget /w",
      "v1 Pod /p",
      "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration /vw",
    ]);
  });

  it("puts core Namespaces before Namespaces of other groups", () => {
    const input = [
      res("example.com/v1", "Namespace", "custom"),
      res("v1", "Namespace", "zeta"),
      res("v1", "Namespace", "alpha"),
    ];
    expect(ids(sortResources(input, undefined))).toEqual([
      "v1 Namespace /alpha",
      "v1 Namespace /zeta",
      "example.com/v1 Namespace /custom",
    ]);
  });

  it("uses custom lists, keeps fifo order, and validates options", () => {
    const input = [res("v1", "Namespace", "n"), res("v1", "Pod", "p"), res("example.com/v1", "Widget", "w")];
    const custom = sortResources(input, {
      order: "legacy",
      legacySortOptions: { orderFirst: ["Pod", "Widget"], orderLast: ["Namespace"] },
    });
    expect(custom.map((r) => r.kind)).toEqual(["Pod", "Widget", "Namespace"]);
    expect(sortResources(input, { order: "fifo" })).toEqual(input);
    expect(() => sortResources(input, { order: "random" })).toThrow(/must be one of \[fifo, legacy\]/);
    expect(() => sortResources(input, { order: "fifo", legacySortOptions: {} })).toThrow(/legacySortOptions/);
  });
});

describe("images", () => {
  it("splits names, tags and digests (ports in registries are not tags)", () => {
    expect(splitImage("nginx")).toEqual({ name: "nginx", tag: "", digest: "" });
    expect(splitImage("localhost:5000/app:1.0")).toEqual({
      name: "localhost:5000/app",
      tag: "1.0",
      digest: "",
    });
    expect(splitImage("app@sha256:abc")).toEqual({ name: "app", tag: "", digest: "sha256:abc" });
    expect(splitImage("r/app:1@sha256:abc")).toEqual({ name: "r/app", tag: "1", digest: "sha256:abc" });
  });

  it("rewrites names, tags and digests like kustomize", () => {
    const m = imageMatcher("nginx");
    expect(updateImage("nginx:1.0", { name: "nginx", newTag: "2.0" }, m)).toBe("nginx:2.0");
    expect(updateImage("nginx:1.0@sha256:x", { name: "nginx", digest: "sha256:y" }, m)).toBe(
      "nginx@sha256:y",
    );
    expect(
      updateImage("nginx:1.0", { name: "nginx", newName: "r/nginx", newTag: "2", digest: "sha256:z" }, m),
    ).toBe("r/nginx:2@sha256:z");
    expect(updateImage("nginx:1.0", { name: "nginx", tagSuffix: "-alpine" }, m)).toBe("nginx:1.0-alpine");
    expect(updateImage("nginxx:1.0", { name: "nginx", newTag: "2" }, m)).toBeUndefined();
  });

  it("matches image names exactly as kustomize's regular expression does", () => {
    const name = fc.constantFrom("nginx", "a.b", "registry.example.com/app", "x:1", "a-b_c", ".", "");
    const value = fc.stringMatching(/^[ab.:@sha256\-_{}x1/\n]{0,14}$/);
    fc.assert(
      fc.property(name, value, fc.boolean(), (n, v, prefix) => {
        const s = prefix ? n + v : v;
        const re = compileGoRegexp(`^${n}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
        expect(imageMatcher(n)(s)).toBe(re.matchString(s));
      }),
      { numRuns: 3000 },
    );
  });
});
