/**
 * The template functions Helm adds to Sprig (helm.sh/helm/v3/pkg/engine): `include`, `tpl`, `required`,
 * `fail`, `toYaml`, `toYamlPretty`, `fromYaml`, `fromYamlArray`, `toJson`, `fromJson`, `fromJsonArray`,
 * `toToml`, `fromToml`, `lookup`, plus `mustToYaml` and `mustToToml` (Helm v4's failing forms), and `getHostByName` (always `""`, as `helm template` without `--enable-dns`).
 * Install them after Sprig's: several replace Sprig functions of the same name.
 */
import type { ClusterAdapter } from "@gitops-kit/core";
import { defineFunc, type FuncMap, T, type Template } from "@gitops-kit/template";
import { includeFuncs } from "./include.js";
import { jsonFuncs } from "./json.js";
import { lookupFuncs } from "./lookup.js";
import { tomlFuncs } from "./toml.js";
import { yamlFuncs } from "./yaml.js";

export { MAX_INCLUDE_NESTING } from "./include.js";
export { fromJson, fromJsonArray, toJson } from "./json.js";
export { LookupCache, type SyncClusterReader } from "./lookup.js";
export { mustToToml, toToml } from "./toml.js";
export { fromToml } from "./toml-parse.js";
export { fromYaml, fromYamlArray, marshalYaml, toYaml } from "./yaml.js";
export { marshalYamlV3, toYamlPretty, yamlV3KeyLess } from "./yaml-pretty.js";

/** Options of {@link createHelmFuncs}. */
export interface HelmFuncsOptions {
  /**
   * The root of the template set the functions are installed in; its name appears in `include`'s "no
   * template" message and names the templates `tpl` parses. Default: a root named `gotpl`, like Helm's.
   */
  template?: Template;
  /** Helm's `--strict`: `tpl` runs with missingkey `error` instead of `zero`. Default false. */
  strict?: boolean;
  /**
   * The cluster `lookup` reads. It must offer synchronous reads (`getSync`/`listSync`, as `MemoryCluster`
   * does); wrap an asynchronous adapter in a {@link LookupCache}. Without one, `lookup` returns an empty map,
   * like `helm template`.
   */
  cluster?: ClusterAdapter;
  /**
   * Wrap the messages of `required` and `fail` in Helm's `HELM_ERR_START…HELM_ERR_END` markers, from which a
   * renderer builds Helm's `execution error at (file:line:col): message`. Default false: the bare message.
   */
  errorMarkers?: boolean;
  /**
   * The set's templates do not change while templates execute (true for a renderer that parses every file
   * before executing any, as Helm's engine does): lets `tpl` reuse its copy of the set without re-checking
   * it on each call. Default false.
   */
  stableSet?: boolean;
}

/** Helm's extra template functions (see the module documentation). */
export function createHelmFuncs(options: HelmFuncsOptions = {}): FuncMap {
  const wrap = (msg: string) => (options.errorMarkers ? `HELM_ERR_START${msg}HELM_ERR_END` : msg);
  return {
    ...yamlFuncs(),
    ...jsonFuncs(),
    ...tomlFuncs(),
    ...lookupFuncs(options.cluster),
    ...includeFuncs({
      rootName: options.template?.name ?? "gotpl",
      strict: options.strict ?? false,
      stableSet: options.stableSet ?? false,
    }),
    required: defineFunc({
      params: [T.string, T.any],
      result: T.any,
      returnsError: true,
      fn: (warn, val) => {
        if (val === null || val === "") throw new Error(wrap(warn));
        return val;
      },
    }),
    fail: defineFunc({
      params: [T.string],
      result: T.string,
      returnsError: true,
      fn: (msg) => {
        throw new Error(wrap(msg));
      },
    }),
    getHostByName: defineFunc({ params: [T.string], result: T.string, fn: () => "" }),
  };
}

/**
 * The hook the gotemplate conformance corpus loads: Helm's functions as its oracle installs them
 * (`helmFuncMap({ template: root, strict })`).
 */
export function helmFuncMap(options: { template: Template; strict: boolean }): FuncMap {
  return createHelmFuncs(options);
}
