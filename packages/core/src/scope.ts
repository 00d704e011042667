/**
 * Which kinds are cluster-scoped (have no namespace).
 *
 * Two views exist and they differ on purpose:
 *
 * - {@link isClusterScoped} is what a current Kubernetes API server says, keyed by group and kind
 *   (scope does not change between versions of a built-in kind). Kinds it does not know (CRDs) are
 *   reported as namespaced; pass `extraClusterScoped` for cluster-scoped custom kinds.
 * - {@link isClusterScopedForKustomize} reproduces `kustomize build` (v5.5.0), which looks up the exact
 *   `apiVersion` + kind in a table taken from Kubernetes v1.21.2 and treats **everything else as
 *   namespaced**: newer built-ins such as `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy,
 *   and known kinds under versions missing from 1.21 (`rbac.authorization.k8s.io/v1alpha1`
 *   ClusterRole), get a namespace from kustomize's namespace transformer. Use this view where output
 *   must match kustomize byte for byte.
 *
 * @module
 */

/** A kind in an API group (core group `""`). */
export interface GroupKind {
  group: string;
  kind: string;
}

/** Cluster-scoped built-in kinds of current Kubernetes (1.31+), as `group` → kinds. */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  "": ["ComponentStatus", "Namespace", "Node", "PersistentVolume"],
  "admissionregistration.k8s.io": [
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
  ],
  "apiextensions.k8s.io": ["CustomResourceDefinition"],
  "apiregistration.k8s.io": ["APIService"],
  "authentication.k8s.io": ["SelfSubjectReview", "TokenReview"],
  "authorization.k8s.io": ["SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
  "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
  "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
  "internal.apiserver.k8s.io": ["StorageVersion"],
  "networking.k8s.io": ["IPAddress", "IngressClass", "ServiceCIDR"],
  "node.k8s.io": ["RuntimeClass"],
  policy: ["PodSecurityPolicy"],
  "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
  "resource.k8s.io": ["DeviceClass", "ResourceSlice"],
  "scheduling.k8s.io": ["PriorityClass"],
  "storage.k8s.io": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment", "VolumeAttributesClass"],
  "storagemigration.k8s.io": ["StorageVersionMigration"],
};

const CLUSTER_SCOPED_KEYS = new Set(
  Object.entries(CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map((kind) => `${kind}.${group}`)),
);

/** The cluster-scoped built-in kinds of current Kubernetes, sorted by group then kind. */
export const CLUSTER_SCOPED_KINDS: readonly GroupKind[] = Object.entries(CLUSTER_SCOPED)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .flatMap(([group, kinds]) => [...kinds].sort().map((kind) => ({ group, kind })));

/**
 * True for built-in Kubernetes kinds that are cluster-scoped (Namespace, ClusterRole, CRDs, ...),
 * whatever the version. Unknown kinds are namespaced unless listed in `extraClusterScoped`.
 * This is the API server's view; see {@link isClusterScopedForKustomize} for kustomize's.
 */
export function isClusterScoped(gk: GroupKind, extraClusterScoped: readonly GroupKind[] = []): boolean {
  if (CLUSTER_SCOPED_KEYS.has(`${gk.kind}.${gk.group}`)) return true;
  return extraClusterScoped.some((x) => x.group === gk.group && x.kind === gk.kind);
}

/** kustomize v5.5.0's cluster-scoped table (kyaml, Kubernetes v1.21.2): `apiVersion` → kinds. */
const KUSTOMIZE_CLUSTER_SCOPED: Record<string, readonly string[]> = {
  v1: ["ComponentStatus", "Namespace", "Node", "NodeProxyOptions", "PersistentVolume"],
  "admissionregistration.k8s.io/v1": ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
  "admissionregistration.k8s.io/v1beta1": ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
  "apiextensions.k8s.io/v1": ["CustomResourceDefinition"],
  "apiextensions.k8s.io/v1beta1": ["CustomResourceDefinition"],
  "apiregistration.k8s.io/v1": ["APIService"],
  "apiregistration.k8s.io/v1beta1": ["APIService"],
  "certificates.k8s.io/v1": ["CertificateSigningRequest"],
  "certificates.k8s.io/v1beta1": ["CertificateSigningRequest"],
  "flowcontrol.apiserver.k8s.io/v1beta1": ["FlowSchema", "PriorityLevelConfiguration"],
  "networking.k8s.io/v1": ["IngressClass"],
  "networking.k8s.io/v1beta1": ["IngressClass"],
  "node.k8s.io/v1": ["RuntimeClass"],
  "node.k8s.io/v1beta1": ["RuntimeClass"],
  "policy/v1beta1": ["PodSecurityPolicy"],
  "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding"],
  "rbac.authorization.k8s.io/v1beta1": ["ClusterRole", "ClusterRoleBinding"],
  "scheduling.k8s.io/v1": ["PriorityClass"],
  "scheduling.k8s.io/v1beta1": ["PriorityClass"],
  "storage.k8s.io/v1": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
  "storage.k8s.io/v1beta1": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
};

const KUSTOMIZE_KEYS = new Set(
  Object.entries(KUSTOMIZE_CLUSTER_SCOPED).flatMap(([apiVersion, kinds]) =>
    kinds.map((kind) => `${apiVersion} ${kind}`),
  ),
);

/**
 * kustomize's answer (v5.5.0 with its built-in OpenAPI): true only for the exact `apiVersion` + kind
 * pairs of its Kubernetes v1.21.2 table; every other pair, including CRDs and newer built-ins, is
 * namespaced. A kustomization with a custom `openapi:` schema is not covered.
 */
export function isClusterScopedForKustomize(type: { apiVersion: string; kind: string }): boolean {
  return KUSTOMIZE_KEYS.has(`${type.apiVersion} ${type.kind}`);
}
