import type { ClusterAdapter, HttpFetch } from "@gitops-kit/core";
import { OciClient, parseOciReference, registryCredentialsFromSecret } from "@gitops-kit/source";
import { excludeTags, latestTags } from "../policy/scan.js";

/** Options for {@link scanImageRepository}. */
export interface ScanImageRepositoryOptions {
  /** `spec.image`, e.g. `ghcr.io/org/app` (no tag). */
  image: string;
  /** `spec.exclusionList`; empty or absent means Flux's default (`^.*\.sig$`). */
  exclusionList?: readonly string[];
  /** `spec.secretRef`: a dockerconfigjson Secret read through `cluster`. */
  secretRef?: { name: string; namespace?: string };
  cluster?: ClusterAdapter;
  /** `spec.insecure`: plain HTTP, allowed for registries on this machine only. */
  insecure?: boolean;
  /** Tags per page (`n`); by default the registry chooses. */
  pageSize?: number;
  fetch?: HttpFetch;
  /** A client to reuse (its credentials and transport win over the options above). */
  client?: OciClient;
  /** Clock for `scanTime` (default `new Date()`). */
  now?: () => Date;
}

/** `status` of an ImageRepository after a scan. */
export interface ImageRepositoryScan {
  /** The image as given (`status.canonicalImageName` is the registry plus repository). */
  canonicalImageName: string;
  /** Tags left after the exclusion list, in the registry's order. */
  tags: string[];
  /** `status.lastScanResult`. */
  lastScanResult: { tagCount: number; scanTime: string; latestTags: string[] };
}

/**
 * ImageRepository scanning: list every tag of `image` through the OCI client (Link pagination,
 * token or basic auth, credentials from a dockerconfigjson Secret), drop the excluded tags and compute
 * `lastScanResult`. Errors are the OCI client's `OciError`s and `ImagePolicyError` for a bad pattern.
 */
export async function scanImageRepository(options: ScanImageRepositoryOptions): Promise<ImageRepositoryScan> {
  const ref = parseOciReference(options.image);
  let client = options.client;
  if (!client) {
    const credentials =
      options.secretRef && options.cluster
        ? await registryCredentialsFromSecret({
            cluster: options.cluster,
            name: options.secretRef.name,
            namespace: options.secretRef.namespace,
            registry: ref.registry,
            repository: ref.repository,
          })
        : undefined;
    client = new OciClient({ fetch: options.fetch, credentials, insecure: options.insecure });
  }
  // Compile the exclusion list before any network work, so a bad pattern fails fast.
  excludeTags({ tags: [], exclusionList: options.exclusionList });
  const listed = await client.listTags({ repository: ref, pageSize: options.pageSize });
  const tags = excludeTags({ tags: listed, exclusionList: options.exclusionList });
  return {
    canonicalImageName: `${ref.registry}/${ref.repository}`,
    tags,
    lastScanResult: {
      tagCount: tags.length,
      scanTime: (options.now?.() ?? new Date()).toISOString(),
      latestTags: latestTags({ tags }),
    },
  };
}
