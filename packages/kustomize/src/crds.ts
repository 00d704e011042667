/**
 * `crds:` — OpenAPI definitions of custom types, from which kustomize derives extra fieldSpecs:
 * `x-kubernetes-annotation` (annotations), `x-kubernetes-label-selector` (labels),
 * `x-kubernetes-identity` (name prefix) and `x-kubernetes-object-ref-*` (name references).
 *
 * @module
 */
import { errorMessage } from "@gitops-kit/core";
import { KustomizationFileError } from "./errors.js";
import {
  addNameReference,
  emptyTransformerConfig,
  type FieldSpec,
  mergeFieldSpec,
  mergeTransformerConfigs,
  type TransformerConfig,
} from "./fieldspecs/config.js";
import { isMap } from "./fieldspecs/fieldspec.js";
import type { FileLoader } from "./loader.js";
import type { YamlParser } from "./resource-factory.js";

/** Options of {@link loadCrdConfig}. */
export interface LoadCrdConfigOptions {
  loader: FileLoader;
  paths: string[];
  ctx: { parse: YamlParser };
  /** The kustomization, for messages. */
  file: string;
}

function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The transformer configuration the CRD definition files imply. */
export function loadCrdConfig(options: LoadCrdConfigOptions): TransformerConfig {
  let result = emptyTransformerConfig();
  for (const path of options.paths) {
    const source = options.loader.resolve(path);
    const text = new TextDecoder().decode(options.loader.load(path));
    let doc: unknown;
    try {
      doc = text.startsWith("{") ? JSON.parse(text) : options.ctx.parse(text, source)[0];
    } catch (err) {
      throw new KustomizationFileError(
        `unable to parse open API definition from '${path}': ${errorMessage(err)}`,
        { file: options.file, field: "crds", cause: err },
      );
    }
    if (doc === null || doc === undefined) continue;
    if (!isMap(doc)) {
      throw new KustomizationFileError(`unable to parse open API definition from '${path}'`, {
        file: options.file,
        field: "crds",
      });
    }
    const defs = doc as Record<string, unknown>;
    for (const [name, def] of Object.entries(defs)) {
      const schema = isMap(def) ? field(def, "Schema") : undefined;
      const props = isMap(schema) ? schema.properties : undefined;
      if (!isMap(props) || !("kind" in props) || !("apiVersion" in props) || !("metadata" in props)) continue;
      const kind = name.split(".").pop() ?? name;
      const tc = emptyTransformerConfig();
      let refs: TransformerConfig = tc;
      const visit = (typeName: string, path: string[], depth: number): void => {
        if (depth > 64) return;
        const d = defs[typeName];
        const s = isMap(d) ? field(d, "Schema") : undefined;
        const ps = isMap(s) ? s.properties : undefined;
        if (!isMap(ps)) return;
        for (const [prop, p] of Object.entries(ps)) {
          if (!isMap(p)) continue;
          const spec = (extra: string[] = []): FieldSpec => ({
            kind,
            path: [...path, prop, ...extra].join("/"),
          });
          if (typeof p["x-kubernetes-annotation"] === "string") {
            refs.commonAnnotations = mergeFieldSpec(refs.commonAnnotations, spec());
          }
          if (typeof p["x-kubernetes-label-selector"] === "string") {
            refs.commonLabels = mergeFieldSpec(refs.commonLabels, spec());
          }
          if (typeof p["x-kubernetes-identity"] === "string")
            refs.namePrefix = mergeFieldSpec(refs.namePrefix, spec());
          const version = p["x-kubernetes-object-ref-api-version"];
          const refKind = p["x-kubernetes-object-ref-kind"];
          if (typeof version === "string" && typeof refKind === "string") {
            const nameKey =
              typeof p["x-kubernetes-object-ref-name-key"] === "string"
                ? p["x-kubernetes-object-ref-name-key"]
                : "name";
            refs = addNameReference(refs, {
              kind: refKind,
              version,
              fieldSpecs: [spec([nameKey as string])],
            });
          }
          if (typeof p.$ref === "string" && p.$ref !== "") visit(p.$ref, [...path, prop], depth + 1);
        }
      };
      visit(name, [], 0);
      result = mergeTransformerConfigs(result, refs);
    }
  }
  return result;
}
