/**
 * The receiver server's request handling, runtime-neutral: find the Receiver whose webhook path was
 * called, check it is usable, verify the request, then work out the objects to reconcile and (with a
 * cluster) annotate each with `reconcile.fluxcd.io/requestedAt`, as the notification-controller does.
 *
 * @module
 */

import {
  type Clock,
  type ClusterAdapter,
  type KubeObject,
  type Logger,
  type ObjectRef,
  silentLogger,
  systemClock,
} from "@gitops-kit/core";
import { clusterSecretLookup, type SecretLookup } from "../provider.js";
import type { GoogleIdTokenCheck } from "./google-id-token.js";
import { type Receiver, receiverFromObject, receiverWebhookPath } from "./receiver.js";
import { type ReceiverRequest, verifyReceiverRequest } from "./verify.js";

/** The annotation that asks a Flux controller to reconcile an object now. */
export const RECONCILE_REQUEST_ANNOTATION = "reconcile.fluxcd.io/requestedAt";

/** The largest body the receiver server reads (3 MiB); larger requests get 413. */
export const MAX_RECEIVER_BODY_BYTES = 3 * 1024 * 1024;

/** API versions used for Flux kinds when a Receiver resource leaves `apiVersion` out. */
export const DEFAULT_FLUX_API_VERSIONS: Readonly<Record<string, string>> = {
  Bucket: "source.toolkit.fluxcd.io/v1",
  HelmChart: "source.toolkit.fluxcd.io/v1",
  HelmRepository: "source.toolkit.fluxcd.io/v1",
  GitRepository: "source.toolkit.fluxcd.io/v1",
  OCIRepository: "source.toolkit.fluxcd.io/v1",
  ImageRepository: "image.toolkit.fluxcd.io/v1",
  ArtifactGenerator: "source.extensions.fluxcd.io/v1beta1",
};

/** Options of {@link handleReceiverRequest}. */
export interface HandleReceiverRequestOptions {
  /** The request path as received (`/hook/<digest>`), compared exactly, as Flux compares the request URI. */
  path: string;
  request: ReceiverRequest;
  /** The Receivers to serve (default: every Receiver in `cluster`). */
  receivers?: readonly Receiver[];
  /** Where Receivers, Secrets and the resources to reconcile live; without one nothing is annotated. */
  cluster?: ClusterAdapter;
  /** Secret lookup (default: through `cluster`). */
  secrets?: SecretLookup;
  verifyGoogleIdToken?: GoogleIdTokenCheck;
  /** Refuse resources in other namespaces than the Receiver's. */
  noCrossNamespaceRefs?: boolean;
  /** Time written into the reconcile annotation. */
  clock?: Clock;
  /** Field manager of the annotation patch (default `notification-controller`). */
  fieldManager?: string;
  logger?: Logger;
}

/** The outcome of {@link handleReceiverRequest}. */
export interface ReceiverResponse {
  /**
   * 200 accepted (and every resource annotated), 400 verification failed, 404 no Receiver at this
   * path, 413 body too large, 500 a resource could not be resolved or annotated, 503 the Receiver is
   * suspended or not Ready.
   */
  status: 200 | 400 | 404 | 413 | 500 | 503;
  /** `<namespace>/<name>` of the Receiver that matched. */
  receiver?: string;
  /** Why the request was refused (never contains the token). */
  error?: string;
  /** The objects to reconcile (annotated when a cluster was given). */
  resources: ObjectRef[];
  /** Failures per resource, when `status` is 500. */
  resourceErrors?: string[];
}

/** Go's `time.Time.String()` for a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""} +0000 UTC`;
}

function isReady(receiver: Receiver): boolean {
  const conditions = receiver.status?.conditions;
  // Without any status the Receiver was never reconciled by a controller: the caller is the controller.
  if (conditions === undefined) return true;
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Handle one webhook request. Never throws for a bad request; cluster failures become 500. */
export async function handleReceiverRequest(
  options: HandleReceiverRequestOptions,
): Promise<ReceiverResponse> {
  const logger = options.logger ?? silentLogger;
  const body = options.request.body;
  const size = typeof body === "string" ? new TextEncoder().encode(body).length : body.length;
  if (size > MAX_RECEIVER_BODY_BYTES) {
    return {
      status: 413,
      error: `request body exceeds the maximum size of ${MAX_RECEIVER_BODY_BYTES} bytes`,
      resources: [],
    };
  }
  const lookup = options.secrets ?? (options.cluster ? clusterSecretLookup(options.cluster) : undefined);
  let receivers: readonly Receiver[];
  try {
    receivers =
      options.receivers ??
      (options.cluster
        ? (
            await options.cluster.list({ apiVersion: "notification.toolkit.fluxcd.io/v1", kind: "Receiver" })
          ).map((o: KubeObject) => receiverFromObject(o))
        : []);
  } catch (err) {
    logger.error("unable to list receivers", { error: (err as Error).message });
    return { status: 500, error: "unable to list receivers", resources: [] };
  }
  for (const receiver of receivers) {
    const name = `${receiver.metadata.namespace}/${receiver.metadata.name}`;
    const secretRef = receiver.spec.secretRef;
    let secret: Record<string, string> | undefined;
    let secretError: string | undefined;
    if (secretRef) {
      try {
        secret = await lookup?.({ namespace: receiver.metadata.namespace, name: secretRef.name });
        if (secret === undefined)
          secretError = `unable to read secret "${receiver.metadata.namespace}/${secretRef.name}"`;
      } catch (err) {
        secretError = `unable to read secret, error: ${(err as Error).message}`;
      }
    }
    const path =
      receiver.status?.webhookPath ??
      (secretRef === undefined || secret?.token !== undefined
        ? receiverWebhookPath({
            token: secret?.token ?? "",
            name: receiver.metadata.name,
            namespace: receiver.metadata.namespace,
          })
        : undefined);
    if (path !== options.path) continue;
    if (receiver.spec.suspend || !isReady(receiver)) {
      logger.error(receiver.spec.suspend ? "receiver is suspended" : "receiver is not ready", {
        receiver: name,
      });
      return { status: 503, receiver: name, error: "unable to process request", resources: [] };
    }
    if (secretError !== undefined) return { status: 400, receiver: name, error: secretError, resources: [] };
    const verdict = await verifyReceiverRequest({
      receiver: receiver.spec,
      secret,
      secretName: secretRef ? `${receiver.metadata.namespace}/${secretRef.name}` : undefined,
      request: options.request,
      verifyGoogleIdToken: options.verifyGoogleIdToken,
    });
    if (!verdict.accepted) {
      logger.error("unable to validate payload", { receiver: name, error: verdict.error });
      return { status: 400, receiver: name, error: verdict.error, resources: [] };
    }
    if (receiver.spec.resourceFilter) {
      return {
        status: 500,
        receiver: name,
        error:
          "unable to create resource filters: spec.resourceFilter (CEL) is not supported by @gitops-kit/notify",
        resources: [],
      };
    }
    return reconcileResources(options, receiver, name);
  }
  return { status: 404, resources: [] };
}

async function reconcileResources(
  options: HandleReceiverRequestOptions,
  receiver: Receiver,
  name: string,
): Promise<ReceiverResponse> {
  const resources: ObjectRef[] = [];
  const errors: string[] = [];
  const now = goTimeString((options.clock ?? systemClock).now());
  for (const resource of receiver.spec.resources) {
    try {
      let namespace = receiver.metadata.namespace;
      if (resource.namespace) {
        if (options.noCrossNamespaceRefs && resource.namespace !== namespace) {
          throw new Error("cross-namespace references are not allowed");
        }
        namespace = resource.namespace;
      }
      const apiVersion = resource.apiVersion || DEFAULT_FLUX_API_VERSIONS[resource.kind];
      if (!apiVersion)
        throw new Error(`apiVersion must be specified for kind ${JSON.stringify(resource.kind)}`);
      let targets: ObjectRef[];
      if (resource.name === "*") {
        if (resource.matchLabels === undefined)
          throw new Error("matchLabels field not set when using wildcard '*' as name");
        if (!options.cluster) throw new Error("a cluster is needed to resolve '*' with matchLabels");
        const found = await options.cluster.list({
          apiVersion,
          kind: resource.kind,
          namespace,
          labelSelector: { matchLabels: resource.matchLabels },
        });
        targets = found.map((o) => ({
          apiVersion,
          kind: resource.kind,
          namespace,
          name: o.metadata.name ?? "",
        }));
      } else {
        targets = [{ apiVersion, kind: resource.kind, namespace, name: resource.name }];
      }
      for (const target of targets) {
        if (options.cluster) await annotate(options, target, now);
        resources.push(target);
      }
    } catch (err) {
      errors.push(
        `${resource.kind}/${resource.namespace ?? receiver.metadata.namespace}/${resource.name}: ${(err as Error).message}`,
      );
    }
  }
  if (errors.length > 0) {
    (options.logger ?? silentLogger).error("unable to request reconciliation", { receiver: name, errors });
    return {
      status: 500,
      receiver: name,
      error: "unable to request reconciliation",
      resources,
      resourceErrors: errors,
    };
  }
  return { status: 200, receiver: name, resources };
}

async function annotate(options: HandleReceiverRequestOptions, ref: ObjectRef, now: string): Promise<void> {
  const cluster = options.cluster!;
  // Read first so a missing object is an error, as the controller's GET makes it.
  await cluster.get(ref);
  await cluster.apply({
    objects: [
      {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: {
          name: ref.name,
          namespace: ref.namespace,
          annotations: { [RECONCILE_REQUEST_ANNOTATION]: now },
        },
      },
    ],
    fieldManager: options.fieldManager ?? "notification-controller",
    force: true,
  });
}
