/**
 * postBuild variable substitution as kustomize-controller runs it on each built object: variables from
 * `substituteFrom` ConfigMaps and Secrets (in order, later wins) and then the inline `substitute` map
 * (wins over both), every `\n` removed from the values, names checked, and the object re-serialised to
 * YAML, run through envsubst as text, and parsed back (so a value can change a field's YAML type).
 *
 * @module
 */
import {
  type ClusterAdapter,
  errorMessage,
  GitOpsError,
  isNotFoundError,
  type KubeObject,
  parseYamlStream,
  printYaml,
  redact,
} from "@gitops-kit/core";
import { envsubst } from "../envsubst/index.js";
import { FLUX_KUSTOMIZE_GROUP, type KustomizationSpec } from "./api.js";
import { SubstitutionError } from "./errors.js";

/** The label or annotation that opts an object out of substitution (value `disabled`, exact). */
export const SUBSTITUTE_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/substitute`;

/** The regular expression Flux checks variable names against, as Flux prints it in errors. */
export const VAR_NAME_REGEX_TEXT = "^[_[:alpha:]][_[:alpha:][:digit:]]*$";
// RE2's POSIX classes are ASCII-only.
const VAR_NAME = /^[_A-Za-z][_A-Za-z0-9]*$/;

/** Whether `name` is a valid postBuild variable name (ASCII letters, digits, `_`; no leading digit). */
export function isValidVarName(name: string): boolean {
  return VAR_NAME.test(name);
}

/** Variables for substitution, and which values came from Secrets (never to be shown). */
export interface SubstituteVariables {
  vars: Record<string, string>;
  /** Values read from Secrets, for redacting messages. */
  secretValues: string[];
}

/** Options of {@link loadSubstituteVariables}. */
export interface LoadSubstituteVariablesOptions {
  /** The Kustomization's namespace: substituteFrom objects are read from it. */
  namespace: string;
  postBuild: KustomizationSpec["postBuild"];
  /**
   * Where ConfigMaps and Secrets are read. Without it `substituteFrom` is skipped, like the
   * controller's dry-run mode (`flux build kustomization --dry-run`).
   */
  cluster?: ClusterAdapter;
}

/**
 * Merge the variables the controller substitutes with: each `substituteFrom` entry in order (a Secret's
 * values decoded; optional entries that are not found skipped; unknown kinds ignored), then the inline
 * `substitute` map on top. Every `\n` is removed from every value.
 *
 * @throws SubstitutionError `substitute from 'ConfigMap/<name>' error: ...` when a reference cannot be read.
 */
export async function loadSubstituteVariables(
  options: LoadSubstituteVariablesOptions,
): Promise<SubstituteVariables> {
  const vars: Record<string, string> = Object.create(null);
  const secretValues: string[] = [];
  const { cluster, namespace, postBuild } = options;
  if (cluster) {
    for (const ref of postBuild?.substituteFrom ?? []) {
      if (ref.kind !== "ConfigMap" && ref.kind !== "Secret") continue;
      let object: KubeObject;
      try {
        object = await cluster.get({ apiVersion: "v1", kind: ref.kind, name: ref.name, namespace });
      } catch (err) {
        if (ref.optional && isNotFoundError(err)) continue;
        throw new SubstitutionError(`substitute from '${ref.kind}/${ref.name}' error: ${errorMessage(err)}`, {
          cause: err,
        });
      }
      const data = ref.kind === "Secret" ? secretData(object) : configMapData(object);
      for (const [key, value] of Object.entries(data)) {
        const clean = value.replaceAll("\n", "");
        vars[key] = clean;
        if (ref.kind === "Secret") secretValues.push(value, clean);
      }
    }
  }
  for (const [key, value] of Object.entries(postBuild?.substitute ?? {}))
    vars[key] = value.replaceAll("\n", "");
  return { vars: { ...vars }, secretValues };
}

/** Options of {@link substituteObject}. */
export interface SubstituteObjectOptions {
  object: KubeObject;
  vars: Readonly<Record<string, string>>;
  /** An unset `${var}` without a default is an error (Flux's `StrictPostBuildSubstitutions`, on by default). */
  strict?: boolean;
  /** Substitute even with no variables (`substituteStrategy: Always`). */
  always?: boolean;
  /** Values to keep out of error messages. */
  secretValues?: readonly string[];
}

/**
 * Substitute one object. Returns `undefined` when the object opts out (label or annotation
 * `kustomize.toolkit.fluxcd.io/substitute: disabled`), the object unchanged when there is nothing to do
 * (no variables and not `always`), else the substituted object.
 *
 * @throws SubstitutionError `envsubst error: ...` (invalid variable name, an envsubst failure such as
 * `variable not set (strict mode): "x"`, or a result that is not YAML), without secret values.
 */
export function substituteObject(options: SubstituteObjectOptions): KubeObject | undefined {
  const { object, vars } = options;
  if (isSubstitutionDisabled(object)) return undefined;
  if (Object.keys(vars).length === 0 && !options.always) return object;
  for (const name of Object.keys(vars)) {
    if (!isValidVarName(name)) {
      throw new SubstitutionError(
        `envsubst error: '${name}' var name is invalid, must match '${VAR_NAME_REGEX_TEXT}'`,
      );
    }
  }
  const hide = (text: string) => redact(text, options.secretValues ?? []);
  let output: string;
  try {
    output = envsubst({ input: printYaml(object), vars, strict: options.strict ?? false });
  } catch (err) {
    const message = errorMessage(err);
    throw new SubstitutionError(hide(`envsubst error: variable substitution failed: ${message}`), {
      cause: err instanceof GitOpsError ? err : undefined,
    });
  }
  let documents: unknown[];
  try {
    // sigs.k8s.io/yaml's YAMLToJSON: go-yaml v2 (YAML 1.1), so `yes`, `on` and `y` become booleans.
    documents = parseYamlStream(output, { dialect: "sigs-yaml" });
  } catch (err) {
    const message = errorMessage(err);
    throw new SubstitutionError(hide(`envsubst error: YAMLToJSON: ${message}`));
  }
  const result = documents[0];
  if (result === null || typeof result !== "object" || Array.isArray(result)) {
    throw new SubstitutionError("envsubst error: UnmarshalJSON: the substituted document is not a mapping");
  }
  return result as KubeObject;
}

/** Whether the object opts out of substitution (label or annotation value exactly `disabled`). */
export function isSubstitutionDisabled(object: KubeObject): boolean {
  return (
    object.metadata?.labels?.[SUBSTITUTE_ANNOTATION] === "disabled" ||
    object.metadata?.annotations?.[SUBSTITUTE_ANNOTATION] === "disabled"
  );
}

function configMapData(object: KubeObject): Record<string, string> {
  const data = object.data;
  const out: Record<string, string> = {};
  if (data && typeof data === "object") {
    for (const [k, v] of Object.entries(data as Record<string, unknown>))
      if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** A Secret's values as text: `data` decoded from base64, `stringData` (unconverted, hand-written state) on top. */
export function secretData(object: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = object.data;
  if (data && typeof data === "object") {
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (typeof v === "string") out[k] = new TextDecoder().decode(decodeBase64(v));
    }
  }
  const stringData = object.stringData;
  if (stringData && typeof stringData === "object") {
    for (const [k, v] of Object.entries(stringData as Record<string, unknown>))
      if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** Standard base64 to bytes (whitespace ignored); invalid input decodes as far as it is valid. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  try {
    const binary = atob(clean);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return new Uint8Array(0);
  }
}
