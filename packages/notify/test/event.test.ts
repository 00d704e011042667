import { fixedClock, type KubeObject, ValidationError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  encodeEvent,
  helmReleaseEvent,
  imageUpdateEvent,
  involvedObjectGroup,
  kustomizationEvent,
  kustomizationReconciledEvent,
  newEvent,
  parseEvent,
} from "../src/index.js";

const clock = fixedClock("2024-05-01T10:00:00.750Z");

const kustomization: KubeObject = {
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: {
    name: "apps",
    namespace: "flux-system",
    uid: "7b9b7d1c-1f6e-4a0e-9f5e-2b3c4d5e6f70",
    resourceVersion: "42",
    annotations: { "event.toolkit.fluxcd.io/commit": "abc", "other/annotation": "x" },
  },
  spec: { interval: "10m" },
  status: {
    conditions: [{ type: "Ready", status: "True", reason: "ReconciliationSucceeded", message: "" }],
    lastAppliedRevision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
  },
};

describe("parseEvent / encodeEvent", () => {
  it("writes the event as Go does: field order, omitempty, sorted metadata, HTML escapes", () => {
    const event = parseEvent({
      reportingController: "source-controller",
      metadata: { z: "1", a: "<2>" },
      message: "a & b",
      reason: "reason",
      timestamp: "2024-01-01T02:00:00.9+02:00",
      severity: "info",
      involvedObject: { name: "webapp", kind: "GitRepository", namespace: "gitops-system", unknown: "x" },
      extra: true,
    });
    expect(event.timestamp).toBe("2024-01-01T00:00:00Z");
    expect(encodeEvent(event)).toBe(
      '{"involvedObject":{"kind":"GitRepository","namespace":"gitops-system","name":"webapp"},"severity":"info",' +
        '"timestamp":"2024-01-01T00:00:00Z","message":"a \\u0026 b","reason":"reason","metadata":{"a":"\\u003c2\\u003e","z":"1"},' +
        '"reportingController":"source-controller"}',
    );
  });

  it("leaves out empty metadata and a zero timestamp becomes null", () => {
    const event = parseEvent('{"involvedObject":{},"metadata":{},"reportingInstance":""}');
    expect(encodeEvent(event)).toBe(
      '{"involvedObject":{},"severity":"","timestamp":null,"message":"","reason":"","reportingController":""}',
    );
  });

  it("rejects wrong types and bad timestamps with the field named", () => {
    expect(() => parseEvent({ message: 1 })).toThrow(ValidationError);
    expect(() => parseEvent({ message: 1 })).toThrow(/message/);
    expect(() => parseEvent({ timestamp: "yesterday" })).toThrow(/timestamp/);
    expect(() => parseEvent("{not json")).toThrow(/invalid JSON/);
  });

  it("finds the involved object's API group", () => {
    expect(involvedObjectGroup({ involvedObject: { apiVersion: "helm.toolkit.fluxcd.io/v2" } })).toBe(
      "helm.toolkit.fluxcd.io",
    );
    expect(involvedObjectGroup({ involvedObject: { apiVersion: "v1" } })).toBe("");
    expect(involvedObjectGroup({ involvedObject: { apiVersion: "a/b/c" } })).toBe("");
  });
});

describe("event builders", () => {
  it("newEvent takes the object reference and event.toolkit.fluxcd.io annotations", () => {
    const event = newEvent({
      object: kustomization,
      severity: "info",
      reason: "Progressing",
      message: "m",
      reportingController: "kustomize-controller",
      clock,
    });
    expect(event).toEqual({
      involvedObject: {
        kind: "Kustomization",
        namespace: "flux-system",
        name: "apps",
        uid: "7b9b7d1c-1f6e-4a0e-9f5e-2b3c4d5e6f70",
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        resourceVersion: "42",
      },
      severity: "info",
      timestamp: "2024-05-01T10:00:00Z",
      message: "m",
      reason: "Progressing",
      metadata: { "event.toolkit.fluxcd.io/commit": "abc" },
      reportingController: "kustomize-controller",
    });
  });

  it("kustomizationReconciledEvent is kustomize-controller's final event", () => {
    const event = kustomizationReconciledEvent({ kustomization, durationMs: 1234.5, clock });
    expect(event.message).toBe("Reconciliation finished in 1.2345s, next run in 10m0s");
    expect(event.reason).toBe("ReconciliationSucceeded");
    expect(event.metadata).toEqual({
      "kustomize.toolkit.fluxcd.io/commit_status": "update",
      "kustomize.toolkit.fluxcd.io/revision": "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
      "event.toolkit.fluxcd.io/commit": "abc",
    });
  });

  it("kustomizationEvent falls back to the severity as reason", () => {
    const bare = { ...kustomization, status: {} };
    const event = kustomizationEvent({ kustomization: bare, severity: "error", message: "boom", clock });
    expect(event.reason).toBe("error");
  });

  it("helmReleaseEvent uses helm-controller's formats and metadata", () => {
    const helmRelease: KubeObject = {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "podinfo", namespace: "apps" },
    };
    const release = {
      namespace: "apps",
      name: "podinfo",
      version: 3,
      chartName: "podinfo",
      chartVersion: "6.5.0",
      appVersion: "6.5.0",
      configDigest: "sha256:abc",
    };
    const ok = helmReleaseEvent({ helmRelease, action: "upgrade", release, clock });
    expect(ok.message).toBe("Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.5.0");
    expect(ok.reason).toBe("UpgradeSucceeded");
    expect(ok.metadata).toEqual({
      "helm.toolkit.fluxcd.io/revision": "6.5.0",
      "helm.toolkit.fluxcd.io/token": "sha256:abc",
      "helm.toolkit.fluxcd.io/app-version": "6.5.0",
    });
    const failed = helmReleaseEvent({
      helmRelease,
      action: "install",
      release,
      error: " timed out\n",
      clock,
    });
    expect(failed.severity).toBe("error");
    expect(failed.reason).toBe("InstallFailed");
    expect(failed.message).toBe(
      "Helm install failed for release apps/podinfo with chart podinfo@6.5.0: timed out",
    );
  });

  it("imageUpdateEvent summarises the push", () => {
    const automation: KubeObject = {
      apiVersion: "image.toolkit.fluxcd.io/v1",
      kind: "ImageUpdateAutomation",
      metadata: { name: "apps", namespace: "flux-system" },
    };
    const event = imageUpdateEvent({
      automation,
      commit: { hash: "5394cb7f48332b2de7c17dd8b8384bbc84b7e738", message: "Update podinfo to 6.5.1" },
      branch: "main",
      clock,
    });
    expect(event.message).toBe("pushed commit '5394cb7' to branch 'main'\nUpdate podinfo to 6.5.1");
    expect(event.reason).toBe("Succeeded");
    expect(event.reportingController).toBe("image-automation-controller");
  });
});
