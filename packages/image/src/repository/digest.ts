import type { OciClient } from "@gitops-kit/source";
import type { ImageRef } from "../policy/schema.js";

/** Options for {@link reflectDigest}. */
export interface ReflectDigestOptions {
  /** `spec.digestReflectionPolicy` (default `Never`). */
  policy?: "Never" | "IfNotPresent" | "Always";
  /** The newly selected image (name and tag). */
  latest: { name: string; tag: string };
  /** `status.latestRef` before this reconcile. */
  previous?: ImageRef;
  /** Client for the registry `HEAD` (see `OciClient.resolveDigest`). */
  client: OciClient;
}

/**
 * The new `status.latestRef` with its digest as Flux reflects it: `Never` gives no digest; `IfNotPresent`
 * asks the registry only when there was no previous ref, the name or tag changed or the stored digest is
 * empty (else keeps the stored one); `Always` asks on every call.
 */
export async function reflectDigest(options: ReflectDigestOptions): Promise<ImageRef> {
  const { latest, previous } = options;
  const policy = options.policy ?? "Never";
  if (policy === "Never") return { name: latest.name, tag: latest.tag };
  const reusable =
    policy === "IfNotPresent" &&
    previous !== undefined &&
    previous.name === latest.name &&
    previous.tag === latest.tag &&
    !!previous.digest;
  const digest = reusable
    ? (previous?.digest as string)
    : await options.client.resolveDigest({ reference: `${latest.name}:${latest.tag}` });
  return { name: latest.name, tag: latest.tag, digest };
}
