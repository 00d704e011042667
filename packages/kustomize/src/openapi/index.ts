/**
 * OpenAPI merge facts for strategic merge: the built-in Kubernetes v1.21.2 schema kustomize v5.5.0 embeds,
 * and custom schemas from the kustomization `openapi:` field.
 *
 * @module
 */
export {
  BUILTIN_OPENAPI_VERSIONS,
  builtinMergeSchema,
  type CompactSchema,
  type CompactSchemaRef,
  customMergeSchema,
  type MergeFacts,
  MergeSchema,
  OpenApiSchemaError,
  SchemaNode,
  type SchemaTables,
} from "./schema.js";
