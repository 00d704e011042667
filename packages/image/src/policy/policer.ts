import {
  compareSemver,
  parseSemverConstraint,
  type SemverConstraint,
  SemverError,
  type SemverVersion,
} from "@gitops-kit/core";
import { compareGoStrings, quote } from "@gitops-kit/template";
import { ImagePolicyError, ImageSelectionError } from "../errors.js";
import { parseGoFloat } from "./parse-float.js";
import type { ImagePolicyChoice } from "./schema.js";
import { parseTagVersion, readPlainVersion } from "./version.js";

/** Picks the latest of a list of values (tags, or values extracted from tags). */
export interface Policer {
  /** The policy kind. */
  readonly kind: "semver" | "alphabetical" | "numerical";
  /** The latest value; throws {@link ImageSelectionError} when there is none. */
  latest(values: readonly string[]): string;
  /**
   * The same pick fed one value at a time, for the policies where only a strictly better value
   * replaces the current pick (semver, alphabetical), so a repeated value never changes the answer.
   * Absent for numerical, where the last of equal values wins.
   */
  picker?(): Picker;
}

/** An incremental {@link Policer.latest}. */
export interface Picker {
  offer(value: string): void;
  /** The current pick (`undefined` while nothing qualifies). */
  readonly best: string | undefined;
  /** The final pick; throws {@link ImageSelectionError} as `latest` does. */
  finish(): string;
}

function latestOf(picker: Picker, values: readonly string[]): string {
  for (const value of values) picker.offer(value);
  return picker.finish();
}

const EMPTY = "version list argument cannot be empty";

function compareTuple(a: Float64Array, b: Float64Array): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Build the policer for a policy choice, as Flux's factory does: `semver` wins over `alphabetical`,
 * which wins over `numerical`. Throws {@link ImagePolicyError} when none is set, the range does not
 * parse or the order is neither `asc` nor `desc` (any case).
 */
export function createPolicer(options: { policy: ImagePolicyChoice }): Policer {
  const { policy } = options;
  if (policy.semver) return semverPolicer(policy.semver.range ?? "");
  if (policy.alphabetical) return alphabeticalPolicer(order(policy.alphabetical.order, "alphabetical"));
  if (policy.numerical) return numericalPolicer(order(policy.numerical.order, "numerical"));
  throw new ImagePolicyError("given ImagePolicyChoice object is invalid", "spec.policy");
}

function order(raw: string | undefined, kind: string): "ASC" | "DESC" {
  const upper = (raw ?? "").toUpperCase();
  if (upper === "" || upper === "ASC") return "ASC";
  if (upper === "DESC") return "DESC";
  throw new ImagePolicyError(
    `invalid order argument provided: '${upper}', must be one of: ASC, DESC`,
    `spec.policy.${kind}.order`,
  );
}

function semverPolicer(range: string): Policer {
  let constraint: SemverConstraint;
  try {
    constraint = parseSemverConstraint(range);
  } catch (err) {
    if (!(err instanceof SemverError)) throw err;
    // Masterminds v3.5 quotes the offending part; the shared parser reports it bare.
    const prefix = "improper constraint: ";
    const message = err.message.startsWith(prefix)
      ? prefix + quote(err.message.slice(prefix.length))
      : err.message;
    throw new ImagePolicyError(message, "spec.policy.semver.range", { cause: err });
  }
  const picker = (): Picker => {
    let offered = false;
    let best: string | undefined;
    let bestVersion: SemverVersion | undefined;
    // The winner's numbers as doubles: exact up to 2^53, and above that still larger than any plain part.
    const bestTuple = new Float64Array(3);
    const tuple = new Float64Array(3);
    return {
      get best() {
        return best;
      },
      offer(value) {
        offered = true;
        // A plain `[v]X.Y.Z` that is not above the current winner can never replace it: skip the
        // parse and the constraint check (most tags of a long list end here).
        if (bestVersion !== undefined && readPlainVersion(value, tuple)) {
          const cmp = compareTuple(tuple, bestTuple);
          if (cmp < 0 || (cmp === 0 && bestVersion.prerelease === "")) return;
        }
        const version = parseTagVersion(value);
        if (version === undefined || !constraint.check(version)) return;
        // Strictly greater only: among equal precedence the first in list order stays.
        if (bestVersion === undefined || compareSemver(version, bestVersion) > 0) {
          best = value;
          bestVersion = version;
          bestTuple[0] = Number(version.major);
          bestTuple[1] = Number(version.minor);
          bestTuple[2] = Number(version.patch);
        }
      },
      finish() {
        if (!offered) throw new ImageSelectionError(EMPTY);
        if (best === undefined)
          throw new ImageSelectionError("unable to determine latest version from provided list");
        return best;
      },
    };
  };
  return { kind: "semver", picker, latest: (values) => latestOf(picker(), values) };
}

function alphabeticalPolicer(dir: "ASC" | "DESC"): Policer {
  const sign = dir === "ASC" ? 1 : -1;
  const picker = (): Picker => {
    let best: string | undefined;
    return {
      get best() {
        return best;
      },
      offer(value) {
        if (best === undefined || sign * compareGoStrings(value, best) > 0) best = value;
      },
      finish() {
        if (best === undefined) throw new ImageSelectionError(EMPTY);
        return best;
      },
    };
  };
  return { kind: "alphabetical", picker, latest: (values) => latestOf(picker(), values) };
}

function numericalPolicer(dir: "ASC" | "DESC"): Policer {
  return {
    kind: "numerical",
    latest(values) {
      if (values.length === 0) throw new ImageSelectionError(EMPTY);
      let best = "";
      let bestValue = 0;
      for (let i = 0; i < values.length; i++) {
        const n = parseGoFloat(values[i]);
        if (n === undefined)
          throw new ImageSelectionError(`failed to parse invalid numeric value '${values[i]}'`);
        // A later value replaces the current one unless strictly worse, so among equals the last wins.
        if (i === 0 || (dir === "ASC" ? !(n < bestValue) : !(n > bestValue))) {
          best = values[i];
          bestValue = n;
        }
      }
      return best;
    },
  };
}
