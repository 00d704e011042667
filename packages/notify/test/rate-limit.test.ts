import { manualClock, sha256Hex } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { type Event, EventRateLimiter, eventRateLimitKey } from "../src/index.js";

const event: Event = {
  involvedObject: {
    kind: "Kustomization",
    namespace: "flux-system",
    name: "apps",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  },
  severity: "info",
  timestamp: "2024-05-01T10:00:00Z",
  message: "Reconciliation finished",
  reason: "ReconciliationSucceeded",
  reportingController: "kustomize-controller",
  metadata: {
    "kustomize.toolkit.fluxcd.io/token": "t1",
    "kustomize.toolkit.fluxcd.io/revision": "main@sha1:abc",
    "event.toolkit.fluxcd.io/revision": "ignored",
  },
};

describe("eventRateLimitKey", () => {
  it("hashes Flux's key with originRevision, revision, token in that order", () => {
    expect(eventRateLimitKey(event)).toBe(
      sha256Hex(
        "event/name=apps/namespace=flux-system/kind=Kustomization/message=Reconciliation finished/revision=main@sha1:abc/token=t1",
      ),
    );
    expect(eventRateLimitKey({ ...event, metadata: undefined })).toBe(
      sha256Hex("event/name=apps/namespace=flux-system/kind=Kustomization/message=Reconciliation finished"),
    );
  });
});

describe("EventRateLimiter", () => {
  it("lets one identical event through per interval", () => {
    const clock = manualClock("2024-05-01T10:00:00Z");
    const limiter = new EventRateLimiter({ intervalMs: 60_000, clock });
    expect(limiter.allow(event)).toBe(true);
    expect(limiter.allow(event)).toBe(false);
    expect(limiter.allow({ ...event, message: "other" })).toBe(true);
    clock.advance(59_999);
    expect(limiter.allow(event)).toBe(false);
    clock.advance(1);
    expect(limiter.allow(event)).toBe(true);
    expect(limiter.allow(event)).toBe(false);
  });

  it("forgets idle keys", () => {
    const clock = manualClock("2024-05-01T10:00:00Z");
    const limiter = new EventRateLimiter({ intervalMs: 1000, clock });
    limiter.allow(event);
    clock.advance(5000);
    limiter.allow({ ...event, message: "x" });
    expect(limiter.size).toBe(1);
  });

  it("rejects nonsensical settings", () => {
    expect(() => new EventRateLimiter({ intervalMs: 0 })).toThrow(RangeError);
  });
});
