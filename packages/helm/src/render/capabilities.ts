/**
 * `helm template`'s capabilities: what `.Capabilities` holds when no cluster is asked (Helm v3.21.4 as
 * released: Kubernetes v1.36.0, the API versions of client-go v0.36.2), `--kube-version` parsing and
 * `--api-versions` extras.
 */
import { ValuesError } from "../errors.js";
import type { Capabilities, HelmVersionInfo, KubeVersion } from "./objects.js";

/** The group/versions `helm template` reports by default, in its order. */
export const DEFAULT_API_VERSIONS: readonly string[] = Object.freeze([
  "v1",
  "admissionregistration.k8s.io/v1",
  "admissionregistration.k8s.io/v1alpha1",
  "admissionregistration.k8s.io/v1beta1",
  "internal.apiserver.k8s.io/v1alpha1",
  "apps/v1",
  "apps/v1beta1",
  "apps/v1beta2",
  "authentication.k8s.io/v1",
  "authentication.k8s.io/v1alpha1",
  "authentication.k8s.io/v1beta1",
  "authorization.k8s.io/v1",
  "authorization.k8s.io/v1beta1",
  "autoscaling/v1",
  "autoscaling/v2",
  "batch/v1",
  "batch/v1beta1",
  "certificates.k8s.io/v1",
  "certificates.k8s.io/v1beta1",
  "certificates.k8s.io/v1alpha1",
  "coordination.k8s.io/v1alpha2",
  "coordination.k8s.io/v1beta1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "discovery.k8s.io/v1beta1",
  "events.k8s.io/v1",
  "events.k8s.io/v1beta1",
  "extensions/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta2",
  "flowcontrol.apiserver.k8s.io/v1beta3",
  "networking.k8s.io/v1",
  "networking.k8s.io/v1beta1",
  "node.k8s.io/v1",
  "node.k8s.io/v1alpha1",
  "node.k8s.io/v1beta1",
  "policy/v1",
  "policy/v1beta1",
  "rbac.authorization.k8s.io/v1",
  "rbac.authorization.k8s.io/v1beta1",
  "rbac.authorization.k8s.io/v1alpha1",
  "resource.k8s.io/v1",
  "resource.k8s.io/v1beta2",
  "resource.k8s.io/v1beta1",
  "resource.k8s.io/v1alpha3",
  "scheduling.k8s.io/v1alpha2",
  "scheduling.k8s.io/v1beta1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1beta1",
  "storage.k8s.io/v1",
  "storage.k8s.io/v1alpha1",
  "storagemigration.k8s.io/v1beta1",
  "apiextensions.k8s.io/v1beta1",
  "apiextensions.k8s.io/v1",
]);

/** The default `.Capabilities.KubeVersion` (Helm v3.21.4 release builds). */
export const DEFAULT_KUBE_VERSION: KubeVersion = Object.freeze({
  version: "v1.36.0",
  major: "1",
  minor: "36",
});

/**
 * The default `.Capabilities.HelmVersion`: Helm v3.21.4, with the Go version of the build that produced the
 * conformance corpus.
 */
export const DEFAULT_HELM_VERSION: HelmVersionInfo = Object.freeze({
  version: "v3.21.4",
  gitCommit: "813176c51bb5c181dbbd7901298ddcc104cd3417",
  gitTreeState: "clean",
  goVersion: "go1.19.8",
});

const GENERIC_VERSION = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s;

/**
 * Parse a Kubernetes version the way `helm template --kube-version` does (a "generic" version: at least
 * major.minor, optional `v`, anything after the numbers ignored): `1.29` → `v1.29`, `v1.30.2` → `v1.30.2`.
 */
export function parseKubeVersion(text: string): KubeVersion {
  const fail = (detail: string) =>
    new ValuesError(`invalid kube version '${text}': ${detail}`, { code: "KUBE_VERSION_INVALID" });
  const m = GENERIC_VERSION.exec(text);
  if (!m) throw fail(`could not parse "${text}" as version`);
  const parts = m[1].split(".");
  if (parts.length < 2) throw fail(`illegal version string "${text}"`);
  const numbers = parts.map((p, i) => {
    if (i === 0 && p.startsWith("0") && p !== "0")
      throw fail(`illegal zero-prefixed version component "${p}" in "${text}"`);
    const n = BigInt(p);
    if (n > 0xffffffffffffffffn) throw fail(`illegal non-numeric version component "${p}" in "${text}"`);
    return n.toString();
  });
  return { version: `v${numbers.join(".")}`, major: numbers[0], minor: numbers[1] };
}

/** Options of {@link helmCapabilities}. */
export interface CapabilitiesOptions {
  /** `--kube-version` (e.g. `1.29.0` or a parsed {@link KubeVersion}); default v1.36.0. */
  kubeVersion?: string | KubeVersion;
  /** `--api-versions`: appended to the defaults. */
  apiVersions?: readonly string[];
  /** Replace the default API versions entirely (e.g. what a real cluster reports). */
  baseApiVersions?: readonly string[];
  helmVersion?: HelmVersionInfo;
}

/** The capabilities `helm template` would use with these flags. */
export function helmCapabilities(options: CapabilitiesOptions = {}): Capabilities {
  const kv = options.kubeVersion;
  return {
    kubeVersion: kv === undefined ? DEFAULT_KUBE_VERSION : typeof kv === "string" ? parseKubeVersion(kv) : kv,
    apiVersions: [...(options.baseApiVersions ?? DEFAULT_API_VERSIONS), ...(options.apiVersions ?? [])],
    helmVersion: options.helmVersion ?? DEFAULT_HELM_VERSION,
  };
}
