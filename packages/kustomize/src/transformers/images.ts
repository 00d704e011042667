/**
 * The image transformer (`images:` / ImageTagTransformer): rewrites image references that match
 * `name`, first in every `containers` / `initContainers` list found anywhere in an object (except
 * CRDs), then at the configured fieldSpecs.
 *
 * @module
 */
import { compileGoRegexp, type GoRegexp } from "@gitops-kit/core";
import { TransformerError } from "../errors.js";
import type { FieldSpec } from "../fieldspecs/config.js";
import {
  applyFieldSpec,
  FieldPathError,
  type FieldSlot,
  isMap,
  scalarText,
  setSlot,
  slotValue,
} from "../fieldspecs/fieldspec.js";
import { resIdString } from "../resid.js";
import type { ResMap } from "../resmap.js";

/** One `images:` entry. */
export interface ImageRule {
  name?: string;
  newName?: string;
  tagSuffix?: string;
  newTag?: string;
  digest?: string;
}

const TAG_CHARS = "[a-zA-Z0-9_.{}-]*";

/** Split an image reference into name, tag and digest as kustomize does. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let search = image;
  let slash = image.indexOf("/");
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf("@");
  let ic = search.indexOf(":");
  if (ic < 0 && id < 0) return { name: image, tag: "", digest: "" };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: "", digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: "" };
}

/** Compiled image-name patterns (compiling is costly and the same names recur across overlays). */
const MATCHERS = new Map<string, (value: string) => boolean>();

const TAG_CHAR = /^[a-zA-Z0-9_.{}-]*$/;

/**
 * The matcher for a name made of ordinary image-name characters, without compiling a regexp: `.` in
 * the name matches any character (it is a regexp), everything else itself; then an optional
 * `:tag` and an optional `@sha256:digest`.
 */
function literalMatcher(name: string): (value: string) => boolean {
  return (value) => {
    if (value.length < name.length) return false;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c !== 0x2e && c !== value.charCodeAt(i)) return false;
      // A regexp "." does not match a newline.
      if (c === 0x2e && value.charCodeAt(i) === 0x0a) return false;
    }
    let rest = value.slice(name.length);
    if (rest === "") return true;
    const at = rest.indexOf("@sha256:");
    let tagPart = at < 0 ? rest : rest.slice(0, at);
    const digest = at < 0 ? undefined : rest.slice(at + 8);
    if (tagPart !== "") {
      if (tagPart[0] !== ":") return false;
      tagPart = tagPart.slice(1);
      if (!TAG_CHAR.test(tagPart)) return false;
    }
    rest = digest ?? "";
    return digest === undefined || TAG_CHAR.test(rest);
  };
}

/** A cached matcher for values selected by an `images:` entry name (kustomize compiles the name as a regexp). */
export function imageMatcher(name: string): (value: string) => boolean {
  let m = MATCHERS.get(name);
  if (m) return m;
  if (/^[A-Za-z0-9_/:.-]*$/.test(name)) {
    m = literalMatcher(name);
    MATCHERS.set(name, m);
    return m;
  }
  let re: GoRegexp | undefined;
  try {
    re = compileGoRegexp(`^${name}(:${TAG_CHARS})?(@sha256:${TAG_CHARS})?$`);
  } catch {
    // kustomize cannot compile such a name either; nothing matches it.
    re = undefined;
  }
  m = re ? (value) => (re as GoRegexp).matchString(value) : () => false;
  if (MATCHERS.size > 1000) MATCHERS.clear();
  MATCHERS.set(name, m);
  return m;
}

/** The rewritten image reference, or undefined when `value` does not match the rule. */
export function updateImage(
  value: string,
  rule: ImageRule,
  matches: (v: string) => boolean,
): string | undefined {
  if (!matches(value)) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (rule.newName) name = rule.newName;
  if (rule.newTag && rule.digest) {
    tag = rule.newTag;
    digest = rule.digest;
  } else if (rule.newTag) {
    tag = rule.newTag;
    digest = "";
  } else if (rule.digest) {
    tag = "";
    digest = rule.digest;
  } else if (rule.tagSuffix) {
    tag += rule.tagSuffix;
    digest = "";
  }
  if (tag !== "") name += `:${tag}`;
  if (digest !== "") name += `@${digest}`;
  return name;
}

/** Options of {@link transformImages}. */
export interface ImagesTransformOptions {
  resources: ResMap;
  rule: ImageRule;
  fieldSpecs: FieldSpec[];
  file?: string;
}

/** Apply one `images:` rule to every resource. */
export function transformImages(options: ImagesTransformOptions): void {
  const { rule } = options;
  const matches = imageMatcher(rule.name ?? "");
  const setImage = (slot: FieldSlot): void => {
    const v = slotValue(slot);
    if (isMap(v) || Array.isArray(v)) throw new FieldPathError("wrong node kind: expected ScalarNode");
    const updated = updateImage(scalarText(v), rule, matches);
    if (updated !== undefined) setSlot(slot, updated);
  };
  for (const r of options.resources.resources()) {
    if (r.kind === "CustomResourceDefinition") continue;
    try {
      walkContainerLists(r.obj, setImage);
      for (const spec of options.fieldSpecs) applyFieldSpec({ obj: r.obj, spec, set: setImage });
    } catch (err) {
      if (err instanceof FieldPathError) {
        throw new TransformerError(`updating images of ${resIdString(r.curId())}: ${err.message}`, {
          file: options.file,
          field: "images",
          cause: err,
        });
      }
      throw err;
    }
  }
}

/** Visit `image` of each element of every `containers` / `initContainers` list, depth first. */
function walkContainerLists(node: unknown, setImage: (slot: FieldSlot) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) walkContainerLists(e, setImage);
    return;
  }
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    walkContainerLists(value, setImage);
    if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
      for (const c of value) {
        if (c === null) continue;
        if (!isMap(c)) throw new FieldPathError("wrong node kind: expected MappingNode");
        if (Object.hasOwn(c, "image") && c.image !== undefined) setImage({ holder: c, key: "image" });
      }
    }
  }
}
