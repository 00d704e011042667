export { compareGoYamlKeys, GoYamlEmitter, type GoYamlEmitterOptions } from "./emitter.js";
export { YamlError, type YamlPosition, YamlPrintError } from "./errors.js";
export {
  type ParseYamlOptions,
  parseYaml,
  parseYamlStream,
  type YamlHolder,
  type YamlMap,
  type YamlValue,
} from "./parse.js";
export { type PrintYamlOptions, printYaml, printYamlStream } from "./print.js";
export {
  formatGoFloat,
  formatNumber,
  isPlainYamlString,
  parseYamlTimestamp,
  resolvePlainScalar,
  resolveYaml11Scalar,
  type YamlScalar,
} from "./scalars.js";
