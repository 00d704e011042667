/**
 * What `flux bootstrap` and the cluster itself contribute: the flux-system namespace, the SOPS age key
 * Secret, the cluster's own variables, the sync objects from Git; and a stand-in for the workload
 * controllers that MemoryCluster does not run (Deployments roll out when asked).
 */
import { type KubeObject, type MemoryCluster, parseYamlStream } from "@gitops-kit/core";

/** Options of {@link bootstrapCluster}. */
export interface BootstrapOptions {
  cluster: MemoryCluster;
  /** `clusters/<name>/flux-system/gotk-sync.yaml` as committed (GitRepository + Kustomization). */
  syncManifests: string;
  /** The age identity file the `decryption.secretRef` Secret carries (`age.agekey`). */
  ageKey: string;
  /** Cluster facts for `postBuild.substituteFrom` (the `cluster-vars` ConfigMap). */
  clusterVars: Record<string, string>;
}

const NS = "flux-system";

/** Create what bootstrap leaves in a new cluster; returns the objects applied. */
export async function bootstrapCluster(options: BootstrapOptions): Promise<KubeObject[]> {
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "sops-age", namespace: NS },
      type: "Opaque",
      data: { "age.agekey": Buffer.from(options.ageKey).toString("base64") },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-vars", namespace: NS },
      data: options.clusterVars,
    },
    ...(parseYamlStream(options.syncManifests, { file: "gotk-sync.yaml" }) as KubeObject[]),
  ];
  await options.cluster.apply({ objects, fieldManager: "flux-bootstrap" });
  return objects;
}

/**
 * Play the Deployment controller and kubelet: every Deployment whose status does not match its spec
 * becomes fully rolled out. Passed as the health checker's `sleep`, so a wait ends at the next poll.
 */
export async function rollOutDeployments(cluster: MemoryCluster): Promise<void> {
  for (const d of await cluster.list({ apiVersion: "apps/v1", kind: "Deployment" })) {
    const replicas = Number((d.spec as { replicas?: number } | undefined)?.replicas ?? 1);
    const generation = d.metadata.generation ?? 1;
    const status = (d.status ?? {}) as { observedGeneration?: number; readyReplicas?: number };
    if (status.observedGeneration === generation && status.readyReplicas === replicas) continue;
    await cluster.updateStatus({
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace: d.metadata.namespace,
      name: d.metadata.name ?? "",
      status: {
        observedGeneration: generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
          { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
          { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
        ],
      },
    });
  }
}
