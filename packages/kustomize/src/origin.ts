/**
 * Origin and transformer annotations (`buildMetadata: [originAnnotations, transformerAnnotations]`):
 * where each resource came from and which transformers touched it, as small YAML documents.
 *
 * @module
 */
import { posixPath } from "@gitops-kit/core";
import { isMap } from "./fieldspecs/fieldspec.js";
import { ORIGIN_ANNOTATION, type Origin, type Resource, TRANSFORMATIONS_ANNOTATION } from "./resource.js";

/** Join origin paths as Go's filepath.Join does (cleaned, `..` kept at the front). */
export function joinOriginPath(base: string | undefined, p: string): string {
  const parts = [base ?? "", p].filter((s) => s !== "").join("/");
  if (parts === "") return "";
  return posixPath.normalize(parts);
}

/** The origin of something found at `p` below `origin`. */
export function appendOrigin(origin: Origin, p: string): Origin {
  return { ...origin, path: joinOriginPath(origin.path, p) };
}

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/;
const LOOKS_TYPED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_.eExXoObB+-]*|\.inf|\.nan)$/i;

function yamlScalar(s: string): string {
  if (s === "" || !PLAIN.test(s) || LOOKS_TYPED.test(s) || s.endsWith(" ")) return JSON.stringify(s);
  return s;
}

function originLines(o: Origin, indent: string): string[] {
  const lines: string[] = [];
  const add = (k: string, v: string | undefined) => {
    if (v) lines.push(`${indent}${k}: ${yamlScalar(v)}`);
  };
  add("path", o.path);
  add("repo", o.repo);
  add("ref", o.ref);
  add("configuredIn", o.configuredIn);
  const by = o.configuredBy;
  if (by && (by.apiVersion || by.kind || by.name || by.namespace)) {
    lines.push(`${indent}configuredBy:`);
    const sub = `${indent}  `;
    if (by.apiVersion) lines.push(`${sub}apiVersion: ${yamlScalar(by.apiVersion)}`);
    if (by.kind) lines.push(`${sub}kind: ${yamlScalar(by.kind)}`);
    if (by.name) lines.push(`${sub}name: ${yamlScalar(by.name)}`);
    if (by.namespace) lines.push(`${sub}namespace: ${yamlScalar(by.namespace)}`);
  }
  return lines;
}

/** The origin annotation value. */
export function originToString(o: Origin): string {
  const lines = originLines(o, "");
  return lines.length === 0 ? "{}\n" : `${lines.join("\n")}\n`;
}

/** The transformations annotation value (a YAML list of origins). */
export function transformationsToString(list: Origin[]): string {
  let out = "";
  for (const o of list) {
    const lines = originLines(o, "  ");
    if (lines.length === 0) {
      out += "- {}\n";
      continue;
    }
    lines[0] = `- ${lines[0].slice(2)}`;
    out += `${lines.join("\n")}\n`;
  }
  return out === "" ? "[]\n" : out;
}

function annotations(r: Resource): Record<string, unknown> {
  const md = r.metadata();
  if (!isMap(md.annotations)) md.annotations = {};
  return md.annotations as Record<string, unknown>;
}

/** Set the origin annotation. */
export function setOrigin(r: Resource, o: Origin): void {
  annotations(r)[ORIGIN_ANNOTATION] = originToString(o);
}

/** Whether the resource has an origin annotation. */
export function hasOrigin(r: Resource): boolean {
  const md = r.obj.metadata;
  return isMap(md) && isMap(md.annotations) && Object.hasOwn(md.annotations, ORIGIN_ANNOTATION);
}

/** Parse the origin annotation back (only the fields this module writes). */
export function getOrigin(r: Resource): Origin | undefined {
  const md = r.obj.metadata;
  if (!isMap(md) || !isMap(md.annotations)) return undefined;
  const text = md.annotations[ORIGIN_ANNOTATION];
  if (typeof text !== "string") return undefined;
  return parseOriginText(text);
}

function unquote(v: string): string {
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v;
    }
  }
  return v;
}

function parseOriginText(text: string): Origin {
  const o: Origin = {};
  let inBy = false;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const m = /^( *)([A-Za-z]+):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const [, indent, key, raw] = m;
    const value = raw === undefined ? undefined : unquote(raw);
    if (indent.length === 0) {
      inBy = key === "configuredBy";
      if (inBy) o.configuredBy = {};
      else if (value !== undefined) (o as Record<string, unknown>)[key] = value;
    } else if (inBy && value !== undefined) {
      (o.configuredBy as Record<string, unknown>)[key] = value;
    }
  }
  return o;
}

/** Record a transformer on a resource: as its origin when it has none, else in the transformations list. */
export function addTransformation(r: Resource, o: Origin): void {
  if (!hasOrigin(r)) {
    setOrigin(r, o);
    return;
  }
  r.transformations.push(o);
  annotations(r)[TRANSFORMATIONS_ANNOTATION] = transformationsToString(r.transformations);
}
