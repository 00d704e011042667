/**
 * OCI references: `[oci://]<registry>/<repository>[:<tag>][@<digest>]`, read the way container tools
 * read them (Docker Hub as the default registry, `library/` for official images), and the registry's
 * base URL (HTTPS, or plain HTTP for a registry on this machine when the caller allows it).
 *
 * @module
 */
import { OciError } from "./errors.js";

/** A parsed reference. */
export interface OciReference {
  /** Registry host, with its port when given (`ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Repository path inside the registry (`stefanprodan/manifests/podinfo`). */
  repository: string;
  tag?: string;
  /** `sha256:<hex>`. */
  digest?: string;
}

/** The registry used when a reference names none. */
export const DOCKER_HUB = "index.docker.io";

const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;

function invalid(text: string, why: string): OciError {
  return new OciError("OCI_INVALID_REFERENCE", `invalid OCI reference '${text}': ${why}`, {
    reference: text,
  });
}

/** Strip a leading `oci://`. */
export function stripOciScheme(text: string): string {
  return text.startsWith("oci://") ? text.slice("oci://".length) : text;
}

/**
 * Parse a reference; `oci://` is optional. Throws {@link OciError} `OCI_INVALID_REFERENCE`.
 *
 * @example
 * parseOciReference("oci://ghcr.io/stefanprodan/manifests/podinfo:6.5.0")
 * // { registry: "ghcr.io", repository: "stefanprodan/manifests/podinfo", tag: "6.5.0" }
 */
export function parseOciReference(text: string): OciReference {
  let rest = stripOciScheme(text);
  if (rest === "") throw invalid(text, "empty");
  if (/[\s]/.test(rest)) throw invalid(text, "contains white space");
  if (rest.includes("://")) throw invalid(text, "only the oci:// scheme is allowed");
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(text, `bad digest '${digest}'`);
    if (digest.startsWith("sha256:") && !SHA256.test(digest)) {
      throw invalid(text, "a sha256 digest needs 64 lowercase hex characters");
    }
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(text, `bad tag '${tag}'`);
  }
  const parts = rest.split("/");
  let registry = DOCKER_HUB;
  const first = parts[0];
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    parts.shift();
    if (!HOST.test(registry)) throw invalid(text, `bad registry host '${registry}'`);
  }
  if (registry === "docker.io" || registry === "registry-1.docker.io") registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  for (const part of parts) {
    if (!COMPONENT.test(part)) throw invalid(text, `bad repository path component '${part}'`);
  }
  const repository = parts.join("/");
  if (repository.length > 255) throw invalid(text, "repository name longer than 255 characters");
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `<registry>/<repository>[:<tag>][@<digest>]`. */
export function formatOciReference(ref: OciReference): string {
  let out = `${ref.registry}/${ref.repository}`;
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  return out;
}

/** Whether a registry host is this machine (`localhost`, `127.0.0.0/8`, `::1`), with or without a port. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith("[")
    ? registry.slice(1, registry.indexOf("]"))
    : registry.replace(/:\d+$/, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The registry's base URL. HTTPS unless `insecure` is set, which allows plain HTTP only for a registry
 * on this machine ({@link isLoopbackRegistry}); for any other host it is an {@link OciError}
 * `OCI_INSECURE_NOT_ALLOWED`, so credentials and content never cross the network unencrypted.
 */
export function registryBaseUrl(registry: string, insecure = false): string {
  if (!insecure) return `https://${registry}`;
  if (!isLoopbackRegistry(registry)) {
    throw new OciError(
      "OCI_INSECURE_NOT_ALLOWED",
      `plain HTTP is only allowed for registries on this machine, not '${registry}'`,
      { reference: registry },
    );
  }
  return `http://${registry}`;
}
