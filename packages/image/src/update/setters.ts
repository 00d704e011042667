import { ImageUpdateError } from "../errors.js";
import { imageRefString } from "../policy/scan.js";
import type { ImageRef } from "../policy/schema.js";

/** A policy as the Setters strategy sees it: its name, namespace and selected image (if any). */
export interface SetterPolicy {
  namespace: string;
  name: string;
  /** `status.latestRef`; a policy without one takes no part. */
  latestRef?: ImageRef;
  /** `metadata.labels`, matched by the automation's `spec.policySelector`. */
  labels?: Record<string, string>;
}

// go-containerregistry `name.ParseReference` with weak validation, reduced to what it accepts.
const REPO_PART = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const REGISTRY = "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)";
const REF = new RegExp(
  `^(?:${REGISTRY}/)?${REPO_PART}(?:/${REPO_PART})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** Whether `ref` is an image reference go-containerregistry would accept (`name[:tag][@digest]`). */
export function isValidImageRef(ref: string): boolean {
  // A registry needs a dot, a port or to be localhost; otherwise the first part is a repository part.
  return REF.test(ref);
}

/**
 * The four setters of each policy: `ns:name` (full ref), `ns:name:tag`, `ns:name:name`,
 * `ns:name:digest`, with their values. Policies without `latestRef` are skipped. Throws
 * {@link ImageUpdateError} for a ref that is not a valid image reference.
 */
export function defineSetters(options: { policies: readonly SetterPolicy[] }): Map<string, string> {
  const setters = new Map<string, string>();
  for (const policy of options.policies) {
    const ref = policy.latestRef;
    if (!ref) continue;
    const full = imageRefString(ref);
    if (!isValidImageRef(full))
      throw new ImageUpdateError(`encountered invalid image ref ${JSON.stringify(full)}`);
    const id = `${policy.namespace}:${policy.name}`;
    setters.set(id, full);
    setters.set(`${id}:tag`, ref.tag);
    setters.set(`${id}:name`, ref.name);
    setters.set(`${id}:digest`, ref.digest ?? "");
  }
  return setters;
}
