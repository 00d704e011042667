/**
 * Patch and replacement target selection over a build's resources (kustomize's ResMap.Select):
 * group, version, kind, name and namespace are anchored Go regular expressions; name and
 * namespace match the original or the current id; label and annotation selectors use the
 * Kubernetes selector syntax.
 *
 * @module
 */
import { compileGoRegexp, compileLabelSelector, errorMessage, type GoRegexp } from "@gitops-kit/core";
import { TransformerError } from "./errors.js";
import { effectiveNamespace, type ScopeResolver } from "./resid.js";
import type { ResMap } from "./resmap.js";
import type { Resource } from "./resource.js";

/** A patch / replacement target selector. */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** Matches a whole string against a pattern. */
interface WholeMatcher {
  matchString(s: string): boolean;
}

/** Characters that make a pattern more than a literal. */
const REGEXP_META = /[\\.+*?()|[\]{}^$]/;

function anchored(pattern: string | undefined): WholeMatcher | undefined {
  if (!pattern) return undefined;
  // Most selectors are plain names or kinds: compare them directly instead of compiling a regexp.
  if (!REGEXP_META.test(pattern)) return { matchString: (s) => s === pattern };
  return compileGoRegexp(`^(?:${pattern})$`) as GoRegexp;
}

/** A compiled selector: `matches(resource)`. */
export function compileSelector(selector: Selector, scope: ScopeResolver): (r: Resource) => boolean {
  let group: WholeMatcher | undefined;
  let version: WholeMatcher | undefined;
  let kind: WholeMatcher | undefined;
  let name: WholeMatcher | undefined;
  let namespace: WholeMatcher | undefined;
  try {
    group = anchored(selector.group);
    version = anchored(selector.version);
    kind = anchored(selector.kind);
    name = anchored(selector.name);
    namespace = anchored(selector.namespace);
  } catch (err) {
    throw new TransformerError(`invalid target selector: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  const labels = selector.labelSelector ? compileLabelSelector(selector.labelSelector) : undefined;
  const annotations = selector.annotationSelector
    ? compileLabelSelector(selector.annotationSelector)
    : undefined;
  return (r) => {
    const cur = r.curId();
    const org = r.orgId();
    if (namespace) {
      if (
        !namespace.matchString(effectiveNamespace(org, scope)) &&
        !namespace.matchString(effectiveNamespace(cur, scope))
      ) {
        return false;
      }
    }
    if (name && !name.matchString(org.name) && !name.matchString(cur.name)) return false;
    if (group && !group.matchString(cur.group)) return false;
    if (version && !version.matchString(cur.version)) return false;
    if (kind && !kind.matchString(cur.kind)) return false;
    if (labels && !labels.matches(r.getLabels())) return false;
    if (annotations && !annotations.matches(r.getAnnotations())) return false;
    return true;
  };
}

/** The resources a selector picks, in order. */
export function selectResources(resources: ResMap, selector: Selector): Resource[] {
  const matches = compileSelector(selector, resources.scope);
  return resources.resources().filter(matches);
}
