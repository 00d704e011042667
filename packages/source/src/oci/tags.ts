/**
 * Choosing a tag by semver range, as source-controller does for `spec.ref.semver` of an
 * OCIRepository (with the optional `semverFilter` regexp) and for OCI Helm repositories.
 *
 * @module
 */
import {
  compareSemver,
  compileGoRegexp,
  parseSemverConstraint,
  RegexpError,
  type SemverConstraint,
  SemverError,
  type SemverVersion,
  tryParseFluxSemver,
  ValidationError,
} from "@gitops-kit/core";
import { OciError } from "./errors.js";
import { HELM_CHART_LAYER_MEDIA_TYPE } from "./media-types.js";

/** Options of {@link selectSemverTag}. */
export interface SelectSemverTagOptions {
  tags: readonly string[];
  /** A Masterminds range, e.g. `>=1.0.0 <2.0.0`. */
  semver: string;
  /** Only tags matching this Go regexp are considered (`spec.ref.semverFilter`). */
  filter?: string;
  /**
   * The layer media type the OCIRepository selects. For Helm charts, `_` in tags stands for `+` in
   * versions (OCI tags cannot hold `+`), so tags are read and written with that mapping.
   */
  mediaType?: string;
  /** For messages. */
  reference?: string;
}

/**
 * The tag with the highest version matching `semver`, among tags that Flux parses as versions (three
 * parts, optional `v`). Throws {@link ValidationError} for a bad range or filter and {@link OciError}
 * `OCI_NO_MATCHING_TAG` ("no match found for semver: ...") when nothing matches.
 */
export function selectSemverTag(options: SelectSemverTagOptions): string {
  let constraint: SemverConstraint;
  try {
    constraint = parseSemverConstraint(options.semver);
  } catch (err) {
    if (err instanceof SemverError) {
      throw new ValidationError(`semver '${options.semver}' parse error: ${err.message}`, { cause: err });
    }
    throw err;
  }
  let tags = options.tags;
  if (options.filter) {
    let re: ReturnType<typeof compileGoRegexp>;
    try {
      re = compileGoRegexp(options.filter);
    } catch (err) {
      if (err instanceof RegexpError) {
        throw new ValidationError(`semverFilter '${options.filter}' is not a valid regexp: ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
    tags = tags.filter((t) => re.matchString(t));
  }
  const helm = options.mediaType === HELM_CHART_LAYER_MEDIA_TYPE;
  let best: { version: SemverVersion; text: string } | undefined;
  for (const tag of tags) {
    const text = helm ? tag.replaceAll("_", "+") : tag;
    const parsed = tryParseFluxSemver(text);
    if (!parsed.ok || !constraint.check(parsed.version)) continue;
    if (!best || compareSemver(parsed.version, best.version) > 0) best = { version: parsed.version, text };
  }
  if (!best) {
    throw new OciError("OCI_NO_MATCHING_TAG", `no match found for semver: ${options.semver}`, {
      reference: options.reference,
    });
  }
  return helm ? best.text.replaceAll("+", "_") : best.text;
}
