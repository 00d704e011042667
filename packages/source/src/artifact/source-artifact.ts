import type { Archive } from "./archive.js";

/**
 * What every source kind produces: a revision in Flux's format plus the archive. Shaped like Flux's
 * `status.artifact` (`revision`, `digest`, `size`) with the bytes attached.
 */
export interface SourceArtifact extends Archive {
  /** The revision, e.g. `main@sha1:<hex>`, `latest@sha256:<hex>`, `sha256:<hex>` (Bucket), `6.5.0` (chart). */
  revision: string;
}

/** The identity of an artifact as Flux records it in status fields (`includedArtifacts`, ...). */
export interface ArtifactRef {
  revision: string;
  digest: string;
}

/** `{ revision, digest }` of an artifact. */
export function artifactRef(artifact: ArtifactRef): ArtifactRef {
  return { revision: artifact.revision, digest: artifact.digest };
}
