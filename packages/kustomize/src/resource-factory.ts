/**
 * Turning file content into resources as kustomize does: empty documents are dropped, every
 * object needs a `kind` and (unless it is a List) a `metadata.name`, and `*List` objects with
 * `items` are replaced by their items (which go after the file's other documents).
 *
 * @module
 */
import { errorMessage } from "@gitops-kit/core";
import { ResourceParseError } from "./errors.js";
import { isMap, scalarText } from "./fieldspecs/fieldspec.js";
import { type KubeObject, Resource } from "./resource.js";
import { markTextsAfterJson } from "./scalar-text.js";

/**
 * Parses a YAML stream into plain values (one per document; empty documents as `null`). The
 * `"kyaml"` dialect (default) reads resource files as kustomize does and keeps the written text of
 * plain scalars (see `scalar-text.ts`); `"sigs-yaml"` reads files kustomize decodes with
 * sigs.k8s.io/yaml (the kustomization itself: YAML 1.1 booleans, timestamps as written).
 */
export type YamlParser = (text: string, source: string, dialect?: YamlDialect) => unknown[];

/** The Go YAML reader a file goes through. */
export type YamlDialect = "kyaml" | "sigs-yaml";

/** True for documents kustomize skips: null, empty maps, empty lists. */
function isEmptyDocument(doc: unknown): boolean {
  if (doc === null || doc === undefined) return true;
  if (Array.isArray(doc)) return doc.length === 0;
  if (isMap(doc)) return Object.keys(doc).length === 0;
  return false;
}

/** kustomize's metadata check: kind, and a name unless the kind is a List. */
export function validateMetadata(doc: unknown, source: string): KubeObject {
  if (!isMap(doc)) {
    throw new ResourceParseError(`${source}: missing Resource metadata (the document is not a mapping)`, {
      file: source,
    });
  }
  const kind = scalarText(doc.kind);
  const apiVersion = scalarText(doc.apiVersion);
  const md = doc.metadata;
  const hasMeta = isMap(md) && Object.keys(md).length > 0;
  if (kind === "" && apiVersion === "" && !hasMeta) {
    throw new ResourceParseError(`${source}: missing Resource metadata`, { file: source });
  }
  if (kind === "") throw new ResourceParseError(`${source}: missing kind in object`, { file: source });
  if (kind.endsWith("List")) return doc;
  const name = hasMeta ? scalarText((md as Record<string, unknown>).name) : "";
  if (name === "") {
    throw new ResourceParseError(`${source}: missing metadata.name in object of kind ${kind}`, {
      file: source,
    });
  }
  return doc;
}

/** Options of {@link objectsFromDocuments}. */
export interface ObjectsFromDocumentsOptions {
  documents: unknown[];
  source: string;
  /**
   * The file has no `---` separator line: kyaml's reader then unwraps a `List` or `ResourceList`
   * itself, keeping its items as written. Other lists are expanded through JSON.
   */
  singleDocument?: boolean;
}

/** Whether a file's text has no document separator line (as kyaml's reader splits documents). */
export function isSingleDocument(text: string): boolean {
  return !/\n---[^\n]*\n/.test(text.replaceAll("\r\n", "\n"));
}

/** Validate documents and expand Lists; returns the objects in kustomize's order. */
export function objectsFromDocuments(options: ObjectsFromDocumentsOptions): KubeObject[] {
  const { source } = options;
  const queue: unknown[] = options.documents.filter((d) => !isEmptyDocument(d));
  const out: KubeObject[] = [];
  for (let i = 0; i < queue.length; i++) {
    const obj = validateMetadata(queue[i], source);
    const kind = scalarText(obj.kind);
    if (!kind.endsWith("List") || !Object.hasOwn(obj, "items")) {
      out.push(obj);
      continue;
    }
    const items = obj.items;
    if (items === null || items === undefined) continue;
    if (!Array.isArray(items)) {
      throw new ResourceParseError(`${source}: expected array in ${kind}/items`, { file: source });
    }
    const asWritten =
      options.singleDocument === true && i === 0 && (kind === "List" || kind === "ResourceList");
    for (const item of items) {
      if (isEmptyDocument(item)) continue;
      validateMetadata(item, source);
      if (asWritten) {
        queue.push(item);
        continue;
      }
      // kustomize writes the other lists' items out as JSON and reads that: texts are JSON's now.
      const copy = structuredClone(item);
      markTextsAfterJson(copy, "json-text");
      queue.push(copy);
    }
  }
  return out;
}

/** Options of {@link resourcesFromText}. */
export interface ResourcesFromTextOptions {
  text: string;
  source: string;
  parse: YamlParser;
}

/**
 * Parse a file's text into resources.
 *
 * @throws ResourceParseError for malformed YAML or objects without kind / name.
 */
export function resourcesFromText(options: ResourcesFromTextOptions): Resource[] {
  let documents: unknown[];
  try {
    documents = options.parse(options.text, options.source);
  } catch (err) {
    if (err instanceof ResourceParseError) throw err;
    const msg = errorMessage(err);
    throw new ResourceParseError(`${options.source}: ${msg}`, { file: options.source, cause: err });
  }
  const singleDocument = isSingleDocument(options.text);
  return objectsFromDocuments({ documents, source: options.source, singleDocument }).map(
    (o) => new Resource(o, options.source),
  );
}
