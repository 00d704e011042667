/**
 * From rendered files to what a release holds (Helm's releaseutil SortManifests): each file split into
 * YAML documents, empty ones dropped, each document's head (apiVersion, kind, metadata.name, annotations)
 * read; documents with a known `helm.sh/hook` become hooks, the others manifests; both sorted by kind in
 * install order (stable: file path, then document order, decide among equal kinds).
 */
import { compareCodePoints, parseYaml, YamlError } from "@gitops-kit/core";
import { RenderError } from "../errors.js";
import { firstYamlDocument } from "../values/read.js";

/** A rendered manifest: the document text and the template it came from. */
export interface Manifest {
  /** Template path, e.g. `mychart/templates/deployment.yaml`. */
  name: string;
  /** The document, trimmed, without `---`. */
  content: string;
  head: ManifestHead;
}

/** The fields of a document Helm looks at. */
export interface ManifestHead {
  apiVersion: string;
  kind: string;
  metadata?: { name: string; annotations?: Record<string, string> };
}

/** Hook events Helm knows (`helm.sh/hook`). */
export type HookEvent =
  | "pre-install"
  | "post-install"
  | "pre-delete"
  | "post-delete"
  | "pre-upgrade"
  | "post-upgrade"
  | "pre-rollback"
  | "post-rollback"
  | "test";

/** A hook: a manifest Helm runs at a point of the release lifecycle instead of installing it. */
export interface Hook {
  name: string;
  kind: string;
  /** Template path. */
  path: string;
  manifest: string;
  events: HookEvent[];
  /** `helm.sh/hook-weight` (0 when absent or not an integer). */
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

/** Kinds in the order Helm installs them; other kinds follow, sorted by name. */
export const INSTALL_ORDER: readonly string[] = Object.freeze([
  "PriorityClass",
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodSecurityPolicy",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "SecretList",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleList",
  "ClusterRoleBinding",
  "ClusterRoleBindingList",
  "Role",
  "RoleList",
  "RoleBinding",
  "RoleBindingList",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
]);

const HOOK_EVENTS: Record<string, HookEvent> = {
  "pre-install": "pre-install",
  "post-install": "post-install",
  "pre-delete": "pre-delete",
  "post-delete": "post-delete",
  "pre-upgrade": "pre-upgrade",
  "post-upgrade": "post-upgrade",
  "pre-rollback": "pre-rollback",
  "post-rollback": "post-rollback",
  test: "test",
  "test-success": "test",
};

/** Go's `unicode.IsSpace`. */
function isGoSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go's `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

// `(?:^|\s*\n)---\s*` with RE2's `\s` (no vertical tab).
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** Helm's `SplitManifests`: the non-empty documents of a file, trimmed, in order. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const d of goTrimSpace(text).split(SEPARATOR)) {
    if (d === "") continue;
    docs.push(goTrimSpace(d));
  }
  return docs;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "number";
  return typeof v;
}

class HeadError extends Error {}

function expectString(v: unknown, field: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") {
    throw new HeadError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type string`);
  }
  return v;
}

/** Decode a document's head the way Go's JSON decoder fills releaseutil.SimpleHead (first type error wins). */
function decodeHead(doc: unknown): ManifestHead {
  const head: ManifestHead = { apiVersion: "", kind: "" };
  if (doc === null) return head;
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new HeadError(
      `json: cannot unmarshal ${jsonKind(doc)} into Go value of type releaseutil.SimpleHead`,
    );
  }
  let first: HeadError | undefined;
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof HeadError)) throw err;
      first ??= err;
    }
  };
  const o = doc as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (key === "apiVersion") attempt(() => (head.apiVersion = expectString(v, "SimpleHead.apiVersion")));
    else if (key === "kind") attempt(() => (head.kind = expectString(v, "SimpleHead.kind")));
    else if (key === "metadata") {
      if (v === null) continue;
      if (typeof v !== "object" || Array.isArray(v)) {
        attempt(() => {
          throw new HeadError(
            `json: cannot unmarshal ${jsonKind(v)} into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`,
          );
        });
        continue;
      }
      const md: { name: string; annotations?: Record<string, string> } = { name: "" };
      head.metadata = md;
      const mo = v as Record<string, unknown>;
      for (const mk of Object.keys(mo)) {
        const mv = mo[mk];
        if (mk === "name") attempt(() => (md.name = expectString(mv, "SimpleHead.metadata.name")));
        else if (mk === "annotations") {
          if (mv === null) continue;
          if (typeof mv !== "object" || Array.isArray(mv)) {
            attempt(() => {
              throw new HeadError(
                `json: cannot unmarshal ${jsonKind(mv)} into Go struct field SimpleHead.metadata.annotations of type map[string]string`,
              );
            });
            continue;
          }
          const ann: Record<string, string> = {};
          for (const [ak, av] of Object.entries(mv as Record<string, unknown>)) {
            attempt(() => (ann[ak] = expectString(av, "SimpleHead.metadata.annotations")));
          }
          md.annotations = ann;
        }
      }
    }
  }
  if (first) throw first;
  return head;
}

/**
 * Heads of documents seen before, by document text: repeated renders (a reconcile loop, a benchmark) print
 * mostly the same documents, and reading a head means parsing the whole document. Bounded by total size.
 */
class HeadCache {
  private readonly entries = new Map<string, ManifestHead>();
  private size = 0;
  constructor(private readonly maxChars: number) {}

  get(content: string): ManifestHead | undefined {
    const head = this.entries.get(content);
    if (head) {
      // Most recently used last.
      this.entries.delete(content);
      this.entries.set(content, head);
    }
    return head;
  }

  set(content: string, head: ManifestHead): void {
    if (content.length > this.maxChars / 8) return;
    this.entries.set(content, head);
    this.size += content.length;
    for (const [key] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(key);
      this.size -= key.length;
    }
  }
}

const headCache = new HeadCache(32 * 1024 * 1024);

function copyHead(h: ManifestHead): ManifestHead {
  return {
    apiVersion: h.apiVersion,
    kind: h.kind,
    ...(h.metadata && {
      metadata: {
        name: h.metadata.name,
        ...(h.metadata.annotations && { annotations: { ...h.metadata.annotations } }),
      },
    }),
  };
}

/** Parse a manifest's head; errors are Helm's `YAML parse error on <path>: ...`. */
export function readManifestHead(content: string, path: string): ManifestHead {
  const cached = headCache.get(content);
  if (cached) return copyHead(cached);
  const head = parseManifestHead(content, path);
  headCache.set(content, copyHead(head));
  return head;
}

function parseManifestHead(content: string, path: string): ManifestHead {
  let doc: unknown;
  try {
    doc = parseYaml(firstYamlDocument(content), {
      file: path,
      dialect: "sigs-yaml",
      nonStringKeys: "stringify",
    });
  } catch (err) {
    const reason = err instanceof YamlError ? `line ${err.line}: ${err.reason}` : (err as Error).message;
    throw new RenderError(`YAML parse error on ${path}: error converting YAML to JSON: yaml: ${reason}`, {
      code: "MANIFEST_PARSE",
      template: path,
      line: err instanceof YamlError ? err.line : undefined,
      cause: err,
    });
  }
  try {
    return decodeHead(doc);
  } catch (err) {
    if (!(err instanceof HeadError)) throw err;
    throw new RenderError(
      `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: ${err.message}`,
      {
        code: "MANIFEST_PARSE",
        template: path,
        cause: err,
      },
    );
  }
}

const ORDER_INDEX = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

/** Helm's kind comparison: known kinds by install order, before unknown kinds, which sort by name. */
function kindLess(a: string, b: string): boolean {
  const ia = ORDER_INDEX.get(a);
  const ib = ORDER_INDEX.get(b);
  if (ia === undefined && ib === undefined) return a !== b && compareCodePoints(a, b) < 0;
  if (ia === undefined) return false;
  if (ib === undefined) return true;
  return ia < ib;
}

function sortByKind<T>(items: T[], kindOf: (t: T) => string): T[] {
  // Array.prototype.sort is stable, like Go's sort.SliceStable.
  return items.sort((x, y) => {
    const a = kindOf(x);
    const b = kindOf(y);
    return kindLess(a, b) ? -1 : kindLess(b, a) ? 1 : 0;
  });
}

function annotationList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(",").map((s) => s.trim().toLowerCase());
}

/** What {@link sortManifests} returns. */
export interface SortedManifests {
  hooks: Hook[];
  manifests: Manifest[];
}

/**
 * Split and sort rendered files like Helm: files in path order (partials and blank files skipped), then
 * hooks and manifests each sorted by kind. Documents with an unknown hook event are dropped, as in Helm.
 */
export function sortManifests(files: ReadonlyMap<string, string>): SortedManifests {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const paths = [...files.keys()].sort(compareCodePoints);
  for (const path of paths) {
    const content = files.get(path) as string;
    if (path.slice(path.lastIndexOf("/") + 1).startsWith("_")) continue;
    if (goTrimSpace(content) === "") continue;
    for (const doc of splitManifests(content)) {
      const head = readManifestHead(doc, path);
      const annotations = head.metadata?.annotations;
      const hookSpec =
        annotations && Object.keys(annotations).length > 0 ? annotations["helm.sh/hook"] : undefined;
      if (hookSpec === undefined) {
        manifests.push({ name: path, content: doc, head });
        continue;
      }
      const events: HookEvent[] = [];
      let unknown = false;
      for (const e of hookSpec.split(",")) {
        const ev = HOOK_EVENTS[e.trim().toLowerCase()];
        if (!ev || !Object.hasOwn(HOOK_EVENTS, e.trim().toLowerCase())) {
          unknown = true;
          break;
        }
        events.push(ev);
      }
      if (unknown) continue;
      const weight = /^[+-]?\d+$/.test(annotations?.["helm.sh/hook-weight"] ?? "")
        ? Number.parseInt(annotations?.["helm.sh/hook-weight"] as string, 10)
        : 0;
      hooks.push({
        name: head.metadata?.name ?? "",
        kind: head.kind,
        path,
        manifest: doc,
        events,
        weight: Number.isSafeInteger(weight) ? weight : 0,
        deletePolicies: annotationList(annotations?.["helm.sh/hook-delete-policy"]),
        outputLogPolicies: annotationList(annotations?.["helm.sh/hook-output-log-policy"]),
      });
    }
  }
  return { hooks: sortByKind(hooks, (h) => h.kind), manifests: sortByKind(manifests, (m) => m.head.kind) };
}
