export { cloneJson, jsonEqual } from "./json.js";
export {
  MemoryCluster,
  type MemoryClusterOptions,
  type MemoryClusterSnapshot,
  type UpdateStatusOptions,
} from "./memory-cluster.js";
export {
  type CompiledLabelSelector,
  compileLabelSelector,
  type LabelRequirement,
  type LabelSelector,
  LabelSelectorError,
  type LabelSelectorExpression,
  parseLabelSelector,
  type RequirementOperator,
  requirementsOf,
} from "./selector.js";
export {
  type ApplyAction,
  type ApplyOptions,
  type ApplyResult,
  type ClusterAdapter,
  ConflictError,
  type DeleteOptions,
  type FieldConflict,
  type ListOptions,
  type ObjectRef,
  ResourceNotFoundError,
} from "./types.js";
