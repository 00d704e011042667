/**
 * Transformer configuration files (`configurations:`): YAML with the fieldSpec tables, decoded
 * strictly (unknown fields are errors) and sorted like the defaults.
 *
 * @module
 */
import { KustomizationFileError } from "../errors.js";
import { ConfigReader, readFieldSpec } from "../plugin-config.js";
import type { YamlParser } from "../resource-factory.js";
import {
  emptyTransformerConfig,
  FIELD_SPEC_TABLES,
  mergeTransformerConfigs,
  type TransformerConfig,
} from "./config.js";
import { isMap } from "./fieldspec.js";

const TABLES = new Map<string, string>(
  [...FIELD_SPEC_TABLES, "nameReference"].map((t) => [t.toLowerCase(), t]),
);
const SPEC_FIELDS = new Set(["group", "version", "kind", "path", "create"]);
const REF_FIELDS = new Set(["group", "version", "kind", "fieldspecs"]);

function checkFields(obj: Record<string, unknown>, allowed: Set<string>, where: string, file: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key.toLowerCase())) {
      throw new KustomizationFileError(`${file}: unknown field "${key}" in ${where}`, { file, field: where });
    }
  }
}

/** Options of {@link parseTransformerConfig}. */
export interface ParseTransformerConfigOptions {
  text: string;
  parse: YamlParser;
  file: string;
}

/** Decode one configurations file. */
export function parseTransformerConfig(options: ParseTransformerConfigOptions): TransformerConfig {
  const { file } = options;
  // kustomize decodes configurations with sigs.k8s.io/yaml (YAML 1.1: `create: yes` is true).
  const docs = options.parse(options.text, file, "sigs-yaml");
  const doc = docs.length > 0 ? docs[0] : null;
  const config = emptyTransformerConfig();
  if (doc === null || doc === undefined) return config;
  if (!isMap(doc))
    throw new KustomizationFileError(`${file}: a transformer configuration must be a mapping`, { file });
  for (const [key, value] of Object.entries(doc)) {
    const table = TABLES.get(key.toLowerCase());
    if (!table) throw new KustomizationFileError(`${file}: unknown field "${key}"`, { file, field: key });
    if (value === null) continue;
    if (!Array.isArray(value)) {
      throw new KustomizationFileError(`${file}: field ${key}: expected a list`, { file, field: key });
    }
    for (const [i, entry] of value.entries()) {
      const where = `${key}[${i}]`;
      if (entry === null) continue;
      if (!isMap(entry))
        throw new KustomizationFileError(`${file}: field ${where}: expected a mapping`, {
          file,
          field: where,
        });
      const reader = new ConfigReader(entry, where, file);
      if (table === "nameReference") {
        checkFields(entry, REF_FIELDS, where, file);
        const specs = reader.objects("fieldSpecs") ?? [];
        for (const [j, s] of specs.entries())
          checkFields(s.obj, SPEC_FIELDS, `${where}.fieldSpecs[${j}]`, file);
        const ref = {
          ...(reader.string("group") ? { group: reader.string("group") } : {}),
          ...(reader.string("version") ? { version: reader.string("version") } : {}),
          ...(reader.string("kind") ? { kind: reader.string("kind") } : {}),
          fieldSpecs: specs.map(readFieldSpec),
        };
        config.nameReference.push(ref);
      } else {
        checkFields(entry, SPEC_FIELDS, where, file);
        (config[table as (typeof FIELD_SPEC_TABLES)[number]] as ReturnType<typeof readFieldSpec>[]).push(
          readFieldSpec(reader),
        );
      }
    }
  }
  // Sorting (and de-duplication within the file) as kustomize does on load.
  return mergeTransformerConfigs(emptyTransformerConfig(), config);
}
