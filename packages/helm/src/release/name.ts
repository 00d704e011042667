/**
 * Release naming as helm-controller does it: `spec.releaseName`, else `[targetNamespace-]name`, shortened to
 * 53 characters (Helm's limit) with a hash suffix; the release namespace and the storage namespace.
 */
import { sha256Hex } from "@gitops-kit/core";
import type { HelmRelease } from "./schema.js";

/** Helm's limit on release names. */
export const MAX_RELEASE_NAME_LENGTH = 53;

/**
 * helm-controller's `ShortenName`: a name longer than 53 characters becomes its first 40 characters, `-`,
 * and the first 12 hex digits of its SHA-256 (`release-name-with-very-long-name-which-i-788ca0d0d7b0`).
 */
export function shortenReleaseName(name: string): string {
  if (name.length <= MAX_RELEASE_NAME_LENGTH) return name;
  const hashLength = 12;
  // Go slices bytes; names are DNS labels (ASCII), so characters and bytes agree.
  return `${name.slice(0, MAX_RELEASE_NAME_LENGTH - (hashLength + 1))}-${sha256Hex(name).slice(0, hashLength)}`;
}

/** The Helm release name: `spec.releaseName`, else `<targetNamespace>-<name>` or `<name>`, shortened. */
export function releaseNameOf(release: HelmRelease): string {
  if (release.spec.releaseName) return shortenReleaseName(release.spec.releaseName);
  const name = release.spec.targetNamespace
    ? `${release.spec.targetNamespace}-${release.metadata.name}`
    : release.metadata.name;
  return shortenReleaseName(name);
}

/** Where the release's objects go: `spec.targetNamespace`, else the HelmRelease's namespace. */
export function releaseNamespaceOf(release: HelmRelease): string {
  return release.spec.targetNamespace || release.metadata.namespace;
}

/** Where the release history is stored: `spec.storageNamespace`, else the HelmRelease's namespace. */
export function storageNamespaceOf(release: HelmRelease): string {
  return release.spec.storageNamespace || release.metadata.namespace;
}

/** The name of the HelmChart helm-controller creates for a `spec.chart` template: `<namespace>-<name>`. */
export function helmChartNameOf(release: HelmRelease): string {
  return `${release.metadata.namespace}-${release.metadata.name}`;
}
