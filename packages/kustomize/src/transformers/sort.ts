/**
 * Output order: kustomize's legacy order (by kind rank, then `group_version_kind`, then namespace
 * and name) or input ("fifo") order.
 *
 * @module
 */
import { compareCodePoints } from "@gitops-kit/core";
import { TransformerError } from "../errors.js";
import {
  DEFAULT_ORDER_FIRST,
  DEFAULT_ORDER_LAST,
  type Gvk,
  gvkEquals,
  gvkSortString,
  gvkString,
  makeKindRanks,
  type ResId,
} from "../resid.js";
import type { Resource } from "../resource.js";

/** `sortOptions` of a kustomization. */
export interface SortOptionsConfig {
  order?: string;
  legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
}

function idSortString(id: ResId): string {
  return `${gvkString(id)}|${id.namespace || "~X"}|${id.name || "~N"}`;
}

function gvkLess(a: Gvk, b: Gvk, ranks: Map<string, number>): number {
  const ra = ranks.get(a.kind) ?? 0;
  const rb = ranks.get(b.kind) ?? 0;
  if (ra !== rb) return ra - rb;
  const c = compareCodePoints(gvkSortString(a), gvkSortString(b));
  // Namespaces of the core group come before same-named kinds of other groups.
  if (a.kind === "Namespace" && b.kind === "Namespace" && (a.group === "" || b.group === "")) return -c;
  return c;
}

/**
 * Validate sort options and return the resources in the order they select (legacy when `options`
 * is undefined, as `kubectl kustomize` does).
 *
 * @throws TransformerError for an unknown order or legacy lists with `fifo`.
 */
export function sortResources(
  resources: Resource[],
  options: SortOptionsConfig | undefined,
  file?: string,
): Resource[] {
  const order = options ? (options.order ?? "") : "legacy";
  if (order !== "legacy" && order !== "fifo") {
    throw new TransformerError("the field 'sortOptions.order' must be one of [fifo, legacy]", {
      file,
      field: "sortOptions.order",
    });
  }
  if (order === "fifo") {
    if (options?.legacySortOptions) {
      throw new TransformerError(
        "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
        { file, field: "sortOptions.legacySortOptions" },
      );
    }
    return resources;
  }
  const ranks = options?.legacySortOptions
    ? makeKindRanks(options.legacySortOptions.orderFirst ?? [], options.legacySortOptions.orderLast ?? [])
    : makeKindRanks(DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST);
  const keyed = resources.map((r) => ({ r, id: r.curId() }));
  keyed.sort((x, y) => {
    if (!gvkEquals(x.id, y.id)) return gvkLess(x.id, y.id, ranks);
    return compareCodePoints(idSortString(x.id), idSortString(y.id));
  });
  return keyed.map((k) => k.r);
}
