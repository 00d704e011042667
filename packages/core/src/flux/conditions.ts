import { type Clock, formatKubeTime, systemClock } from "../clock.js";
import type { KubeObject } from "../kube-object.js";

/** `metav1.ConditionStatus`. */
export type ConditionStatus = "True" | "False" | "Unknown";

/** `metav1.Condition`, as Flux objects carry them in `status.conditions`. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  /** The `metadata.generation` the condition was computed for. */
  observedGeneration?: number;
  /** RFC 3339, whole seconds; changes only when the condition transitions. */
  lastTransitionTime: string;
  /** A PascalCase machine-readable reason, e.g. `ReconciliationSucceeded`. */
  reason: string;
  message: string;
}

/** The condition types of the Flux/kstatus convention. */
export const ConditionType = {
  /** The object is fully reconciled (True) or not (False / Unknown while in progress). */
  Ready: "Ready",
  /** The controller is working on the latest change; present only while True. */
  Reconciling: "Reconciling",
  /** Reconciliation cannot make progress without a change; present only while True. */
  Stalled: "Stalled",
  /** Health checks of applied objects passed. */
  Healthy: "Healthy",
} as const;

/** The condition to set: everything but the transition time, which {@link setCondition} manages. */
export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
  observedGeneration?: number;
}

/** Options of {@link setCondition}. */
export interface SetConditionOptions {
  /** The current conditions (not modified). */
  conditions: readonly Condition[] | undefined;
  condition: ConditionInput;
  /** Source of `lastTransitionTime` (default: the system clock). */
  clock?: Clock;
  /**
   * What counts as a transition that moves `lastTransitionTime`: `status` (the default, as
   * Kubernetes' `meta.SetStatusCondition`), or `state` = status, reason or message (as Flux's
   * `runtime/conditions.Set`).
   */
  transitionOn?: "status" | "state";
}

/** The longest message kept; longer ones are cut and end in `...` (Flux's limit). */
export const MAX_CONDITION_MESSAGE_LENGTH = 32768;

/**
 * Add or replace a condition and return the new list, sorted as Flux sorts it: Stalled, Reconciling,
 * Ready first, then the others by highest observedGeneration, then type. `lastTransitionTime` is kept
 * unless the condition is new or transitions (see {@link SetConditionOptions.transitionOn}).
 */
export function setCondition(options: SetConditionOptions): Condition[] {
  const { condition } = options;
  const current = options.conditions ?? [];
  const existing = current.find((c) => c.type === condition.type);
  const message = trimMessage(condition.message ?? "");
  const transitioned =
    existing === undefined ||
    existing.status !== condition.status ||
    (options.transitionOn === "state" &&
      (existing.reason !== condition.reason || existing.message !== message));
  const next: Condition = {
    type: condition.type,
    status: condition.status,
    ...(condition.observedGeneration === undefined
      ? {}
      : { observedGeneration: condition.observedGeneration }),
    lastTransitionTime: transitioned
      ? formatKubeTime((options.clock ?? systemClock).now())
      : existing.lastTransitionTime,
    reason: condition.reason,
    message,
  };
  const out = current.filter((c) => c.type !== condition.type).map((c) => ({ ...c }));
  out.push(next);
  return sortConditions(out);
}

/** The condition of `type`, or `undefined`. */
export function getCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** A copy of the list without the condition of `type`. */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** True when the condition of `type` exists with status `True`. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === "True";
}

/** Options of the `mark*` helpers. */
export interface MarkConditionOptions {
  conditions: readonly Condition[] | undefined;
  reason: string;
  message?: string;
  observedGeneration?: number;
  clock?: Clock;
  transitionOn?: "status" | "state";
}

/** Set `Ready` to True or False (or Unknown) with a reason and message. */
export function markReady(options: MarkConditionOptions & { status?: ConditionStatus }): Condition[] {
  return setCondition({
    ...options,
    condition: conditionOf(ConditionType.Ready, options.status ?? "True", options),
  });
}

/** Set `Reconciling=True` and drop `Stalled`, as at the start of a reconciliation. */
export function markReconciling(options: MarkConditionOptions): Condition[] {
  return setCondition({
    ...options,
    conditions: removeCondition(options.conditions, ConditionType.Stalled),
    condition: conditionOf(ConditionType.Reconciling, "True", options),
  });
}

/** Set `Stalled=True` and drop `Reconciling`, when no progress is possible without a change. */
export function markStalled(options: MarkConditionOptions): Condition[] {
  return setCondition({
    ...options,
    conditions: removeCondition(options.conditions, ConditionType.Reconciling),
    condition: conditionOf(ConditionType.Stalled, "True", options),
  });
}

/** `status.conditions` of an object (an empty list when absent or malformed). */
export function conditionsOf(obj: KubeObject): Condition[] {
  const status = obj.status as { conditions?: unknown } | undefined;
  return Array.isArray(status?.conditions) ? (status.conditions as Condition[]) : [];
}

/** Flux's order: Stalled, Reconciling, Ready, then highest observedGeneration, then type. */
export function sortConditions(conditions: Condition[]): Condition[] {
  const weight = (t: string): number | undefined =>
    t === ConditionType.Stalled
      ? 0
      : t === ConditionType.Reconciling
        ? 1
        : t === ConditionType.Ready
          ? 2
          : undefined;
  return conditions.sort((a, b) => {
    const wa = weight(a.type);
    const wb = weight(b.type);
    if (wa !== undefined && wb !== undefined) return wa - wb;
    if (wa !== undefined) return -1;
    if (wb !== undefined) return 1;
    const ga = a.observedGeneration ?? 0;
    const gb = b.observedGeneration ?? 0;
    if (ga !== gb) return gb - ga;
    return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  });
}

function conditionOf(type: string, status: ConditionStatus, o: MarkConditionOptions): ConditionInput {
  return { type, status, reason: o.reason, message: o.message, observedGeneration: o.observedGeneration };
}

function trimMessage(message: string): string {
  if (message.length <= MAX_CONDITION_MESSAGE_LENGTH) return message;
  return message.slice(0, MAX_CONDITION_MESSAGE_LENGTH - 3) + "...";
}
