/**
 * Chart version selection from a Helm repository index, as source-controller resolves a HelmChart's
 * `spec.version`: an exact version string first, then the highest version matching a Masterminds
 * constraint (`""` and `*` mean the latest stable version).
 *
 * @module
 */
import {
  compareSemver,
  parseSemverConstraint,
  type SemverConstraint,
  SemverError,
  type SemverVersion,
  tryParseFluxSemver,
} from "@gitops-kit/core";
import { ChartVersionError } from "../errors.js";

/** The fields of an index entry that selection reads (any other fields are carried along). */
export interface ChartVersionEntry {
  /** The version as written in the index. */
  version: string;
  /** When the chart was packaged (RFC 3339); breaks ties between versions differing in build metadata. */
  created?: string | Date;
}

/** Options of {@link selectChartVersion}. */
export interface SelectChartVersionOptions<T extends ChartVersionEntry> {
  /** Chart name, for messages. */
  chart: string;
  /** The chart's entries in index order. */
  entries: readonly T[];
  /** `spec.version`: an exact version, a constraint, or `""` / `*` for the latest stable version. */
  version?: string;
}

/**
 * Pick the entry a HelmChart resolves to.
 *
 * 1. No entries: `ChartVersionError` `CHART_VERSION_NONE` ("no chart version found").
 * 2. A non-empty `version` equal to an entry's version string selects that entry (even `1.0`).
 * 3. Otherwise `version` is a constraint (`""` and `*` mean `*`, which excludes prereleases); an invalid
 *    one is `CHART_VERSION_CONSTRAINT`. Entries whose version Flux cannot parse (fewer than three
 *    parts, not semver) are skipped.
 * 4. The highest matching version wins; among equal versions (differing in build metadata) the one
 *    created last. No match: `CHART_VERSION_NOT_FOUND`.
 */
export function selectChartVersion<T extends ChartVersionEntry>(options: SelectChartVersionOptions<T>): T {
  const { chart, entries } = options;
  const wanted = options.version ?? "";
  if (entries.length === 0) throw new ChartVersionError("CHART_VERSION_NONE", "no chart version found");
  if (wanted !== "") {
    const exact = entries.find((e) => e.version === wanted);
    if (exact) return exact;
  }

  let constraint: SemverConstraint;
  try {
    constraint = parseSemverConstraint(wanted === "" ? "*" : wanted);
  } catch (err) {
    if (err instanceof SemverError) {
      throw new ChartVersionError(
        "CHART_VERSION_CONSTRAINT",
        `improper constraint: ${JSON.stringify(wanted)}`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }

  let best: { entry: T; version: SemverVersion; created: number } | undefined;
  for (const entry of entries) {
    const parsed = tryParseFluxSemver(entry.version);
    if (!parsed.ok || !constraint.check(parsed.version)) continue;
    const created = createdTime(entry.created);
    const order = best === undefined ? 1 : compareSemver(parsed.version, best.version);
    // Equal versions: the later package wins; on a full tie the later entry (as Go's sort leaves it).
    if (order > 0 || (order === 0 && created >= best!.created)) {
      best = { entry, version: parsed.version, created };
    }
  }
  if (!best) {
    throw new ChartVersionError(
      "CHART_VERSION_NOT_FOUND",
      `no '${chart}' chart with version matching '${wanted}' found`,
    );
  }
  return best.entry;
}

/** Milliseconds since the epoch; a missing or unreadable time is Go's zero time (earliest). */
function createdTime(created: string | Date | undefined): number {
  if (created === undefined) return Number.NEGATIVE_INFINITY;
  const ms = created instanceof Date ? created.getTime() : Date.parse(created);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
