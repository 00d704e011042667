/**
 * A cluster's live state from a file, for commands that compare against a cluster without one: the
 * objects are loaded into a `MemoryCluster`, which then answers get / list / dry-run apply.
 */
import {
  errorMessage,
  isKubeObject,
  type KubeObject,
  MemoryCluster,
  parseYamlStream,
  ValidationError,
} from "@gitops-kit/core";
import { FIELD_MANAGER, formatSubject, OWNER_NAME_LABEL, objMetadataOf } from "@gitops-kit/kustomize";

/** Metadata the API server sets; a state file may carry it but it is not configuration. */
const SERVER_METADATA = ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"];

/** Options of {@link loadStateCluster}. */
export interface LoadStateOptions {
  /** A YAML stream of objects (`kind: List` documents are expanded), or a `MemoryClusterSnapshot`. */
  text: string;
  /** The file name, for messages. */
  file: string;
}

/**
 * A `MemoryCluster` holding the objects of a state file, as `kubectl get -o yaml` or a snapshot writes
 * them. Namespaces the objects live in exist even when the file does not list them. Objects carrying
 * a Flux Kustomization's owner label are applied as kustomize-controller, so a later apply by it
 * removes the fields it no longer sets, as on a cluster it manages; others as `kubectl`. `status` is
 * kept (a Kustomization's `status.inventory` says what it applied).
 */
export function loadStateCluster(options: LoadStateOptions): MemoryCluster {
  const docs = parseYamlStream(options.text, { file: options.file, dialect: "sigs-yaml" }).filter(
    (d) => d !== null,
  );
  const snapshot = docs.length === 1 && (docs[0] as { kind?: unknown }).kind === "MemoryClusterSnapshot";
  if (snapshot) return MemoryCluster.fromSnapshot(docs[0]);

  const objects: KubeObject[] = [];
  docs.forEach((doc, i) => {
    for (const item of expandList(doc)) {
      if (!isKubeObject(item) || typeof item.metadata?.name !== "string" || item.metadata.name === "") {
        throw new ValidationError(
          `${options.file}: document ${i + 1} is not a Kubernetes object with apiVersion, kind and metadata.name`,
        );
      }
      objects.push(item);
    }
  });

  const cluster = new MemoryCluster();
  const namespaces = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  const implied = [...new Set(objects.map((o) => o.metadata.namespace).filter((n) => n !== undefined))]
    .filter((n) => n !== "" && !namespaces.has(n))
    .map((name): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  // Namespaces and CRDs first: other objects need the one to exist and the other to know their scope.
  const rank = (o: KubeObject) =>
    o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2;
  const ordered = [...implied, ...objects].sort((a, b) => rank(a) - rank(b));
  for (const object of ordered) {
    const config = structuredClone(object);
    for (const field of SERVER_METADATA) delete config.metadata[field];
    const status = config.status;
    delete config.status;
    const managed = config.metadata.labels?.[OWNER_NAME_LABEL] !== undefined;
    try {
      cluster.applySync({
        objects: [config],
        fieldManager: managed ? FIELD_MANAGER : "kubectl",
        force: true,
      });
      if (status !== undefined) {
        cluster.updateStatusSync({
          apiVersion: config.apiVersion,
          kind: config.kind,
          name: String(config.metadata.name),
          namespace: config.metadata.namespace,
          status,
        });
      }
    } catch (err) {
      const message = errorMessage(err);
      throw new ValidationError(`${options.file}: ${formatSubject(objMetadataOf(object))}: ${message}`, {
        cause: err,
      });
    }
  }
  return cluster;
}

function expandList(doc: unknown): unknown[] {
  const list = doc as { kind?: unknown; items?: unknown };
  if (typeof list.kind === "string" && list.kind.endsWith("List") && Array.isArray(list.items))
    return list.items;
  return [doc];
}
