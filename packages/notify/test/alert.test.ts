import { ValidationError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  type Alert,
  type AlertWarning,
  cleanupEventMetadata,
  combineEventMetadata,
  type Event,
  filterAlertsForEvent,
  matchAlert,
  parseAlert,
} from "../src/index.js";

const event: Event = {
  involvedObject: {
    kind: "Kustomization",
    namespace: "flux-system",
    name: "podinfo",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  },
  severity: "info",
  timestamp: "2024-05-01T10:00:00Z",
  message: "Reconciliation finished in 1s",
  reason: "ReconciliationSucceeded",
  reportingController: "kustomize-controller",
};

function alert(spec: Record<string, unknown>, namespace = "flux-system"): Alert {
  return parseAlert({ metadata: { name: "a", namespace }, spec: { providerRef: { name: "p" }, ...spec } });
}

describe("parseAlert", () => {
  it("applies CRD defaults", () => {
    const a = parseAlert({ metadata: { name: "a" }, spec: { providerRef: { name: "p" }, eventSources: [] } });
    expect(a.spec.eventSeverity).toBe("info");
    expect(a.metadata.namespace).toBe("default");
    expect(a.apiVersion).toBe("notification.toolkit.fluxcd.io/v1beta3");
  });

  it("validates kinds like the CRD unless told otherwise", () => {
    const input = {
      metadata: { name: "a" },
      spec: { providerRef: { name: "p" }, eventSources: [{ kind: "Pod", name: "*" }] },
    };
    expect(() => parseAlert(input)).toThrow(ValidationError);
    expect(() => parseAlert(input)).toThrow(/spec\.eventSources\.0\.kind/);
    expect(parseAlert(input, { strict: false }).spec.eventSources[0].kind).toBe("Pod");
    expect(() => parseAlert({ metadata: { name: "a" }, spec: { eventSources: [] } })).toThrow(/providerRef/);
  });
});

describe("matchAlert", () => {
  it("matches kind, name (or *), namespace (defaulting to the Alert's) and severity", async () => {
    expect(
      await matchAlert({
        alert: alert({ eventSources: [{ kind: "Kustomization", name: "podinfo" }] }),
        event,
      }),
    ).toEqual({
      matched: true,
    });
    expect(
      (
        await matchAlert({
          alert: alert({ eventSources: [{ kind: "Kustomization", name: "*" }] }, "apps"),
          event,
        })
      ).reason,
    ).toBe("no eventSource matched");
    expect(
      (
        await matchAlert({
          alert: alert(
            { eventSources: [{ kind: "Kustomization", name: "*", namespace: "flux-system" }] },
            "apps",
          ),
          event,
        })
      ).matched,
    ).toBe(true);
    const errorsOnly = alert({
      eventSeverity: "error",
      eventSources: [{ kind: "Kustomization", name: "*" }],
    });
    expect((await matchAlert({ alert: errorsOnly, event })).matched).toBe(false);
    expect((await matchAlert({ alert: errorsOnly, event: { ...event, severity: "error" } })).matched).toBe(
      true,
    );
  });

  it("looks up labels for matchLabels; a failed lookup is no match, with a warning", async () => {
    const a = alert({ eventSources: [{ kind: "Kustomization", name: "*", matchLabels: { app: "web" } }] });
    expect((await matchAlert({ alert: a, event, labels: () => ({ app: "web", x: "y" }) })).matched).toBe(
      true,
    );
    expect((await matchAlert({ alert: a, event, labels: async () => ({ app: "api" }) })).matched).toBe(false);
    const warnings: AlertWarning[] = [];
    expect((await matchAlert({ alert: a, event, onWarning: (w) => warnings.push(w) })).matched).toBe(false);
    expect(warnings).toEqual([
      {
        reason: "SourceFetchFailed",
        message: "error getting source object Kustomization/flux-system/podinfo",
      },
    ]);
  });

  it("applies inclusion and exclusion lists with RE2 semantics, skipping invalid patterns", async () => {
    const sources = [{ kind: "Kustomization", name: "*" }];
    const warnings: AlertWarning[] = [];
    const onWarning = (w: AlertWarning) => warnings.push(w);
    expect(
      (await matchAlert({ alert: alert({ eventSources: sources, inclusionList: ["(?P<x>fini)sh"] }), event }))
        .matched,
    ).toBe(true);
    expect(
      (
        await matchAlert({
          alert: alert({ eventSources: sources, inclusionList: ["(unclosed", "^Health"] }),
          event,
          onWarning,
        })
      ).reason,
    ).toBe("not in inclusionList");
    expect(warnings[0]).toEqual({
      reason: "InvalidConfig",
      message: "failed to compile inclusion regex: (unclosed",
    });
    expect(
      (await matchAlert({ alert: alert({ eventSources: sources, exclusionList: ["in \\d+s$"] }), event }))
        .reason,
    ).toBe("matched exclusionList");
    expect((await matchAlert({ alert: alert({ eventSources: sources, suspend: true }), event })).reason).toBe(
      "suspended",
    );
  });

  it("filterAlertsForEvent keeps the matching Alerts in order", async () => {
    const a1 = alert({ eventSources: [{ kind: "HelmRelease", name: "*" }] });
    const a2 = alert({ eventSources: [{ kind: "Kustomization", name: "*" }] });
    expect(await filterAlertsForEvent({ alerts: [a1, a2], event })).toEqual([a2]);
  });
});

describe("metadata", () => {
  it("merges by RFC 0008 precedence and reports conflicts", () => {
    const a = alert({
      eventSources: [],
      eventMetadata: { env: "alert", cluster: "c1", summary: "from-eventMetadata" },
      summary: "from-summary",
    });
    const warnings: AlertWarning[] = [];
    const merged = combineEventMetadata({
      event: {
        ...event,
        metadata: {
          "event.toolkit.fluxcd.io/env": "annotation",
          "event.toolkit.fluxcd.io/team": "t1",
          "kustomize.toolkit.fluxcd.io/cluster": "controller",
          unprefixed: "dropped",
        },
      },
      alert: a,
      onWarning: (w) => warnings.push(w),
    });
    expect(merged.metadata).toEqual({
      env: "alert",
      team: "t1",
      cluster: "controller",
      summary: "from-summary",
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/cluster, env, summary$/);
  });

  it("keeps the original metadata when nothing merges, and never mutates the input", () => {
    const input = { ...event, metadata: { revision: "x" } };
    const merged = combineEventMetadata({ event: input, alert: alert({ eventSources: [] }) });
    expect(merged.metadata).toEqual({ revision: "x" });
    expect(merged).not.toBe(input);
  });

  it("cleanupEventMetadata keeps only Flux-prefixed keys and drops checksum, digest and token", () => {
    const cleaned = cleanupEventMetadata({
      ...event,
      metadata: {
        "kustomize.toolkit.fluxcd.io/revision": "r",
        "kustomize.toolkit.fluxcd.io/Digest": "d",
        "kustomize.toolkit.fluxcd.io/checksum": "c",
        "kustomize.toolkit.fluxcd.io/token": "t",
        "event.toolkit.fluxcd.io/commit": "abc",
        "helm.toolkit.fluxcd.io/revision": "other group",
        plain: "p",
      },
    });
    expect(cleaned.metadata).toEqual({
      "kustomize.toolkit.fluxcd.io/revision": "r",
      "event.toolkit.fluxcd.io/commit": "abc",
    });
  });
});
