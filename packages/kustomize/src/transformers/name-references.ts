/**
 * The name-reference fix-up: after every transformer of the whole tree (and the hash suffixes) has
 * run at the root, fields that refer to other objects by name (the `nameReference` table) are
 * rewritten to the referred object's final name, choosing among candidates the way kustomize does.
 *
 * @module
 */
import { NameReferenceError } from "../errors.js";
import { type NameBackReference, specGvk } from "../fieldspecs/config.js";
import {
  applyFieldSpec,
  FieldPathError,
  type FieldSlot,
  fieldText,
  isMap,
  scalarText,
  setSlot,
  slotValue,
} from "../fieldspecs/fieldspec.js";
import {
  effectiveNamespace,
  type Gvk,
  gvkSelected,
  NON_NAMESPACEABLE,
  resIdString,
  type ScopeResolver,
} from "../resid.js";
import type { ResMap } from "../resmap.js";
import { prefixesSuffixesEqual, type Resource } from "../resource.js";

/** Options of {@link fixNameReferences}. */
export interface NameReferenceOptions {
  resources: ResMap;
  backReferences: NameBackReference[];
  scope: ScopeResolver;
}

interface Referral {
  path: string;
  target: Gvk;
}

/** Rewrite name references to renamed objects. */
export function fixNameReferences(options: NameReferenceOptions): void {
  const { resources, scope } = options;
  const all = resources.resources();
  // Candidates are found by a previous name: index them once.
  const byPrevName = new Map<string, Resource[]>();
  for (const r of all) {
    const names = new Set(r.prevNames);
    for (const n of names) {
      const l = byPrevName.get(n);
      if (l) l.push(r);
      else byPrevName.set(n, [r]);
    }
  }
  // Referrers and their filters, in the order kustomize builds them.
  const filters = new Map<Resource, Referral[]>();
  const orgIds = all.map((r) => r.orgId());
  const byOrgNs = new Map<string, Resource[]>();
  for (let i = 0; i < all.length; i++) {
    const ns = effectiveNamespace(orgIds[i], scope);
    const l = byOrgNs.get(ns);
    if (l) l.push(all[i]);
    else byOrgNs.set(ns, [all[i]]);
  }
  for (const br of options.backReferences) {
    for (const spec of br.fieldSpecs) {
      const sel = specGvk(spec);
      for (let i = 0; i < all.length; i++) {
        const r = all[i];
        if (!gvkSelected(orgIds[i], sel)) continue;
        let l = filters.get(r);
        if (!l) {
          l = [];
          filters.set(r, l);
        }
        l.push({ path: spec.path, target: specGvk(br) });
      }
    }
  }
  for (const [referrer, list] of filters) {
    const couldRefer = subsetPredicate(referrer, scope);
    for (const f of list) {
      const ctx = new ReferralContext(byOrgNs, referrer, f, couldRefer, byPrevName, scope);
      try {
        applyFieldSpec({
          obj: referrer.obj,
          spec: { path: f.path },
          ignoreGvk: true,
          set: (slot) => ctx.set(slot),
        });
      } catch (err) {
        if (err instanceof FieldPathError) {
          throw new NameReferenceError(
            `updating name reference in '${f.path}' field of '${resIdString(referrer.curId())}': ${err.message}`,
            { cause: err },
          );
        }
        throw err;
      }
    }
  }
  resources.invalidate();
}

/** Which targets a referrer may refer to at all (kustomize's SubsetThatCouldBeReferencedByResource). */
function subsetPredicate(referrer: Resource, scope: ScopeResolver): (r: Resource) => boolean {
  const rid = referrer.curId();
  if (scope(rid)) return () => true;
  const rns = effectiveNamespace(rid, scope);
  const saNamespaces = new Set<string>();
  if (referrer.kind === "RoleBinding" && Array.isArray(referrer.obj.subjects)) {
    for (const s of referrer.obj.subjects) {
      if (!isMap(s)) continue;
      if (Object.hasOwn(s, "namespace") && Object.hasOwn(s, "kind") && s.kind === "ServiceAccount") {
        if (typeof s.namespace !== "string") {
          throw new NameReferenceError(
            `Invalid Input: namespace is blank for resource "${resIdString(rid)}"`,
          );
        }
        saNamespaces.add(s.namespace);
      }
    }
  }
  return (t) => {
    const id = t.curId();
    if (scope(id)) return true;
    if (effectiveNamespace(id, scope) === rns) return true;
    return saNamespaces.has(t.namespace);
  };
}

class ReferralContext {
  constructor(
    /** Every resource by the effective namespace of its original id. */
    private readonly byOrgNs: Map<string, Resource[]>,
    private readonly referrer: Resource,
    private readonly f: Referral,
    private readonly couldRefer: (r: Resource) => boolean,
    private readonly byPrevName: Map<string, Resource[]>,
    private readonly scope: ScopeResolver,
  ) {}

  set(slot: FieldSlot): void {
    const v = slotValue(slot);
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e = v[i];
        if (e === null || e === undefined) continue;
        if (isMap(e)) this.setMapping(e);
        else if (Array.isArray(e)) throw new FieldPathError("expected either a string or a map of string");
        else this.setScalar({ holder: v, key: i });
      }
      return;
    }
    if (isMap(v)) this.setMapping(v);
    else this.setScalar(slot);
  }

  private setScalar(slot: FieldSlot): void {
    const old = fieldText(slot.holder, slot.key);
    const referral = this.select(old, () => true, sameNames);
    if (!referral) return;
    referral.refBy.push(resIdString(this.referrer.curId()));
    if (referral.name === old) return;
    setSlot(slot, referral.name);
  }

  private setMapping(node: Record<string, unknown>): void {
    if (!Object.hasOwn(node, "name")) throw new FieldPathError("path config error; no 'name' field in node");
    const old = fieldText(node, "name");
    const nsFilter = this.namespaceFilter(node);
    const referral = this.select(old, nsFilter, sameNamesAndNamespaces);
    if (!referral) return;
    referral.refBy.push(resIdString(this.referrer.curId()));
    if (referral.name === old && referral.namespace === "") return;
    node.name = referral.name;
    if (referral.namespace === "") return;
    node.namespace = referral.namespace;
  }

  /** Candidates in the subject's namespace: by original namespace if any target has it, else by current. */
  private namespaceFilter(node: Record<string, unknown>): (r: Resource) => boolean {
    if (!Object.hasOwn(node, "namespace")) return () => true;
    const ns = fieldText(node, "namespace");
    if (ns === NON_NAMESPACEABLE) return () => false;
    const scope = this.scope;
    const orgNs = (r: Resource) => effectiveNamespace(r.orgId(), scope);
    if (this.hasOriginalNamespace(ns)) return (r) => orgNs(r) === ns;
    return (r) => effectiveNamespace(r.curId(), scope) === ns;
  }

  /** Whether something the referrer could refer to was originally in `ns`. */
  private hasOriginalNamespace(ns: string): boolean {
    return (this.byOrgNs.get(ns) ?? []).some(this.couldRefer);
  }

  private select(
    oldName: string,
    extra: (r: Resource) => boolean,
    identical: (rs: Resource[]) => boolean,
  ): Resource | undefined {
    const scope = this.scope;
    let c = (this.byPrevName.get(oldName) ?? []).filter((r) => this.couldRefer(r) && extra(r));
    c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, this.f.target)));
    if (this.f.path.endsWith("roleRef/name")) {
      const roleRef = this.referrer.obj.roleRef;
      if (isMap(roleRef) && Object.hasOwn(roleRef, "apiGroup") && Object.hasOwn(roleRef, "kind")) {
        const sel = { group: scalarText(roleRef.apiGroup), kind: scalarText(roleRef.kind) };
        c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, sel)));
      }
    }
    const rid = this.referrer.curId();
    if (!scope(rid)) {
      const rns = effectiveNamespace(rid, scope);
      c = c.filter((r) => {
        const id = r.curId();
        return scope(id) || r.kind === "ServiceAccount" || effectiveNamespace(id, scope) === rns;
      });
    }
    if (c.length === 1) return c[0];
    c = c.filter((r) => prefixesSuffixesEqual(r, this.referrer, true));
    if (c.length > 1) c = c.filter((r) => prefixesSuffixesEqual(r, this.referrer, false));
    if (c.length === 1) return c[0];
    if (c.length === 0) return undefined;
    if (identical(c)) return c[0];
    throw new NameReferenceError(
      `found multiple possible referrals: ${c.map((r) => resIdString(r.curId())).join(", ")} for the '${this.f.path}' field of ${resIdString(rid)}`,
    );
  }
}

function sameNames(rs: Resource[]): boolean {
  return rs.every((r) => r.name === rs[0].name);
}

function sameNamesAndNamespaces(rs: Resource[]): boolean {
  return rs.every((r) => r.name === rs[0].name && r.namespace === rs[0].namespace);
}
