import { parseApiVersion } from "@gitops-kit/core";
import { ClusterRequestError, UnknownKindError } from "./errors.js";
import { errorFromResponse } from "./status.js";
import type { Transport } from "./transport.js";

/** How the server serves one kind. */
export interface ResourceInfo {
  /** `apps/v1`, or `v1` for the core group. */
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  /** The plural resource name in URLs, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

/**
 * Kind → resource mapping from the server's discovery documents (`/api/v1`, `/apis/<group>/<version>`),
 * fetched on first use and cached per group-version. A kind missing from a cached document triggers
 * one refetch (a CRD may have been created since); an unknown kind is an {@link UnknownKindError}
 * and is not cached, so a later lookup sees a CRD applied in the meantime.
 */
export class Discovery {
  private readonly cache = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(private readonly transport: Transport) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.cache.get(apiVersion);
    if (cached) {
      const hit = (await cached.catch(() => undefined))?.get(kind);
      if (hit) return hit;
      this.cache.delete(apiVersion);
    }
    const { group, version } = parseApiVersion(apiVersion);
    if (version === "" || (group === "" && apiVersion.includes("/")))
      throw new UnknownKindError(apiVersion, kind);
    const found = (await this.load(apiVersion)).get(kind);
    if (!found) throw new UnknownKindError(apiVersion, kind);
    return found;
  }

  /** Forget every cached document. */
  reset(): void {
    this.cache.clear();
  }

  private load(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    let pending = this.cache.get(apiVersion);
    if (!pending) {
      pending = this.fetch(apiVersion);
      this.cache.set(apiVersion, pending);
      // Failures (unknown group-version, network) are not remembered.
      pending.catch(() => {
        if (this.cache.get(apiVersion) === pending) this.cache.delete(apiVersion);
      });
    }
    return pending;
  }

  private async fetch(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const { group, version } = parseApiVersion(apiVersion);
    const path =
      group === ""
        ? `/api/${encodeURIComponent(version)}`
        : `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`;
    const res = await this.transport.request({ method: "GET", path });
    const out = new Map<string, ResourceInfo>();
    if (res.status === 404) return out;
    if (res.status !== 200) {
      throw errorFromResponse(res, {
        request: `GET ${path}`,
        ref: { apiVersion, kind: "APIResourceList", name: "" },
      });
    }
    const resources = (res.body as { resources?: unknown } | undefined)?.resources;
    if (!Array.isArray(resources)) {
      throw new ClusterRequestError(res.status, `GET ${path}: not an APIResourceList`);
    }
    for (const r of resources) {
      const { name, kind, namespaced } = (r ?? {}) as {
        name?: unknown;
        kind?: unknown;
        namespaced?: unknown;
      };
      // Subresources (`deployments/scale`) share kinds with other resources; skip them.
      if (typeof name !== "string" || typeof kind !== "string" || name.includes("/")) continue;
      if (out.has(kind)) continue;
      out.set(kind, { apiVersion, group, version, kind, resource: name, namespaced: namespaced === true });
    }
    return out;
  }
}
