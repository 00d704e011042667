/**
 * OpenAPI merge facts for strategic merge: the built-in Kubernetes v1.21.2 schema kustomize v5.5.0 embeds,
 * custom schemas from the kustomization `openapi:` field, and kustomize's per-build schema state.
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
} from "./schema.js";
export { type OpenApiField, OpenApiSchemaState, type SetSchemaOptions } from "./state.js";
