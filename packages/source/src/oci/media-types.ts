/** Media types of OCI and Docker manifests, and of Flux and Helm artifacts. */

/** OCI image manifest. */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** OCI image index. */
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
/** Docker image manifest, schema 2. */
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
/** Docker manifest list (schema 2 index). */
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

/** Every manifest type the client asks for, in the `Accept` header. */
export const MANIFEST_MEDIA_TYPES = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST] as const;

/** Config of a Flux artifact (`flux push artifact`). */
export const FLUX_CONFIG_MEDIA_TYPE = "application/vnd.cncf.flux.config.v1+json";
/** Prefix of Flux content layer media types; a static layer with no extension has exactly this type. */
export const FLUX_CONTENT_MEDIA_TYPE_PREFIX = "application/vnd.cncf.flux.content.v1";
/** A Flux tarball layer (a directory or a single file, tar + gzip). */
export const FLUX_CONTENT_MEDIA_TYPE = `${FLUX_CONTENT_MEDIA_TYPE_PREFIX}.tar+gzip`;

/** Config of a Helm chart pushed to a registry. */
export const HELM_CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
/** The chart package layer of a Helm chart in a registry. */
export const HELM_CHART_LAYER_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
/** The chart layer type written by Helm before 3.8 (still accepted by Helm). */
export const HELM_LEGACY_CHART_LAYER_MEDIA_TYPE = "application/tar+gzip";

/** Manifest annotation: when the artifact was created (RFC 3339). */
export const CREATED_ANNOTATION = "org.opencontainers.image.created";
/** Manifest annotation: where the content came from (e.g. a Git URL). */
export const SOURCE_ANNOTATION = "org.opencontainers.image.source";
/** Manifest annotation: the source revision (e.g. `main@sha1:<hex>`). */
export const REVISION_ANNOTATION = "org.opencontainers.image.revision";
