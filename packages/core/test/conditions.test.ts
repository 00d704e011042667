import { describe, expect, it } from "vitest";
import {
  type Condition,
  ConditionType,
  conditionsOf,
  getCondition,
  isConditionTrue,
  MAX_CONDITION_MESSAGE_LENGTH,
  manualClock,
  markReady,
  markReconciling,
  markStalled,
  removeCondition,
  setCondition,
} from "../src/index.js";

describe("conditions", () => {
  it("sets a new condition with the clock's time in whole seconds", () => {
    const clock = manualClock("2024-05-01T12:00:00.750Z");
    const out = setCondition({
      conditions: [],
      condition: { type: "Ready", status: "True", reason: "Succeeded", message: "ok", observedGeneration: 3 },
      clock,
    });
    expect(out).toEqual([
      {
        type: "Ready",
        status: "True",
        observedGeneration: 3,
        lastTransitionTime: "2024-05-01T12:00:00Z",
        reason: "Succeeded",
        message: "ok",
      },
    ]);
  });

  it("moves lastTransitionTime only when the status changes", () => {
    const clock = manualClock("2024-05-01T12:00:00Z");
    let conds = markReady({ conditions: undefined, reason: "Progressing", status: "Unknown", clock });
    clock.advance(60_000);
    conds = markReady({
      conditions: conds,
      reason: "Progressing",
      message: "still",
      status: "Unknown",
      clock,
      observedGeneration: 2,
    });
    const same = getCondition(conds, "Ready")!;
    expect(same.lastTransitionTime).toBe("2024-05-01T12:00:00Z");
    expect(same.message).toBe("still");
    expect(same.observedGeneration).toBe(2);
    clock.advance(60_000);
    conds = markReady({ conditions: conds, reason: "Succeeded", clock });
    expect(getCondition(conds, "Ready")).toMatchObject({
      status: "True",
      lastTransitionTime: "2024-05-01T12:02:00Z",
    });
  });

  it("can follow Flux's rule where reason or message changes count too", () => {
    const clock = manualClock("2024-05-01T12:00:00Z");
    let conds = markReady({ conditions: [], reason: "A", clock, transitionOn: "state" });
    clock.advance(1000);
    conds = markReady({ conditions: conds, reason: "B", clock, transitionOn: "state" });
    expect(getCondition(conds, "Ready")?.lastTransitionTime).toBe("2024-05-01T12:00:01Z");
    clock.advance(1000);
    conds = markReady({ conditions: conds, reason: "B", clock, transitionOn: "state" });
    expect(getCondition(conds, "Ready")?.lastTransitionTime).toBe("2024-05-01T12:00:01Z");
  });

  it("Reconciling and Stalled exclude each other", () => {
    const clock = manualClock("2024-05-01T12:00:00Z");
    let conds = markReconciling({ conditions: [], reason: "Progressing", message: "working", clock });
    expect(isConditionTrue(conds, ConditionType.Reconciling)).toBe(true);
    conds = markStalled({ conditions: conds, reason: "InvalidPath", message: "no such dir", clock });
    expect(getCondition(conds, ConditionType.Reconciling)).toBeUndefined();
    expect(isConditionTrue(conds, ConditionType.Stalled)).toBe(true);
    conds = markReconciling({ conditions: conds, reason: "Progressing", clock });
    expect(getCondition(conds, ConditionType.Stalled)).toBeUndefined();
  });

  it("sorts like Flux: Stalled, Reconciling, Ready, then by generation and type", () => {
    const clock = manualClock("2024-05-01T12:00:00Z");
    let conds: Condition[] = [];
    for (const [type, gen] of [
      ["Zeta", 1],
      ["Healthy", 2],
      ["Ready", 1],
      ["Alpha", 1],
      ["Reconciling", 1],
      ["Stalled", 1],
    ] as const) {
      conds = setCondition({
        conditions: conds,
        condition: { type, status: "True", reason: "R", observedGeneration: gen },
        clock,
      });
    }
    expect(conds.map((c) => c.type)).toEqual(["Stalled", "Reconciling", "Ready", "Healthy", "Alpha", "Zeta"]);
  });

  it("does not modify the input and trims long messages", () => {
    const input: Condition[] = [
      {
        type: "Ready",
        status: "False",
        reason: "Failed",
        message: "x",
        lastTransitionTime: "2020-01-01T00:00:00Z",
      },
    ];
    const frozen = JSON.stringify(input);
    const out = markReady({ conditions: input, reason: "Succeeded", message: "y".repeat(40_000) });
    expect(JSON.stringify(input)).toBe(frozen);
    const msg = getCondition(out, "Ready")!.message;
    expect(msg.length).toBe(MAX_CONDITION_MESSAGE_LENGTH);
    expect(msg.endsWith("...")).toBe(true);
    expect(removeCondition(out, "Ready")).toEqual([]);
  });

  it("reads conditions from an object", () => {
    const obj = {
      apiVersion: "v1",
      kind: "X",
      metadata: { name: "x" },
      status: { conditions: [{ type: "Ready" }] },
    };
    expect(conditionsOf(obj as never)).toHaveLength(1);
    expect(conditionsOf({ apiVersion: "v1", kind: "X", metadata: {} })).toEqual([]);
  });
});
