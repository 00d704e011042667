/**
 * `helm template`: the text Helm prints, byte for byte — manifests in install order, each as
 * `---\n# Source: <template>\n<document>\n`, CRDs first with `--include-crds`, then the hooks (none with
 * `--no-hooks`), and `--show-only` filtering.
 */

import { compileGoPathPattern } from "../chart/pathmatch.js";
import type { Chart } from "../chart/types.js";
import { ChartLoadError, TemplateNotFoundError } from "../errors.js";
import { checkDependencies } from "../values/dependencies.js";
import { mergeValueMaps, readValuesYaml, type Values } from "../values/read.js";
import { parseStrvals } from "../values/strvals.js";
import { helmCapabilities } from "./capabilities.js";
import { goTrimSpace, splitManifests } from "./manifests.js";
import { type RenderChartOptions, type RenderedChart, renderChart } from "./release.js";

/** A values file as given to `-f`: its name (for messages) and content. */
export interface ValuesFile {
  name: string;
  data: string | Uint8Array;
}

/** Options of {@link helmTemplate}. */
export interface HelmTemplateOptions extends Omit<RenderChartOptions, "values" | "release" | "capabilities"> {
  chart: Chart;
  /** Release name (`helm template NAME CHART`). */
  releaseName: string;
  /** `--namespace`; default `default`. */
  namespace?: string;
  /** `-f` files, merged left to right. */
  valuesFiles?: readonly ValuesFile[];
  /** Values merged over the files (like one more `-f`). */
  values?: Values;
  /** `--set` expressions, applied after the files. */
  set?: readonly string[];
  /** `--set-string` expressions, applied after `--set`. */
  setString?: readonly string[];
  /** `--set-json` expressions, applied before `--set`. */
  setJson?: readonly string[];
  /** `--kube-version`. */
  kubeVersion?: string;
  /** `--api-versions` (each entry may hold several, comma-separated). */
  apiVersions?: readonly string[];
  /** `--include-crds`. */
  includeCrds?: boolean;
  /** `--show-only` (`-s`): template paths relative to the chart, glob patterns allowed. */
  showOnly?: readonly string[];
  /** `--skip-tests`: leave out hooks with the `test` event. */
  skipTests?: boolean;
  /**
   * `--no-hooks`: print no hook documents. Hooks are still rendered (a failing hook template still fails),
   * as `helm template` only leaves them out of what it prints.
   */
  noHooks?: boolean;
  /** `--is-upgrade`. */
  isUpgrade?: boolean;
}

/** Merge `-f` files, extra values and `--set*` expressions into the user's values, as Helm does. */
export function mergeUserValues(
  options: Pick<HelmTemplateOptions, "valuesFiles" | "values" | "set" | "setString" | "setJson">,
): Values {
  let base: Values = {};
  for (const f of options.valuesFiles ?? [])
    base = mergeValueMaps(base, readValuesYaml(f.data, f.name, `failed to parse ${f.name}`));
  if (options.values) base = mergeValueMaps(base, options.values);
  for (const text of options.setJson ?? []) parseStrvals({ text, into: base, mode: "json" });
  for (const text of options.set ?? []) parseStrvals({ text, into: base, mode: "typed" });
  for (const text of options.setString ?? []) parseStrvals({ text, into: base, mode: "string" });
  return base;
}

/** Whether a hook runs on `helm test`. */
function isTestHook(events: readonly string[]): boolean {
  return events.includes("test");
}

/**
 * The text `helm template` prints for a rendered chart (the layout only; see {@link helmTemplate}).
 */
export function formatTemplateOutput(
  rendered: RenderedChart,
  options: Pick<HelmTemplateOptions, "includeCrds" | "showOnly" | "skipTests" | "noHooks"> = {},
): string {
  let manifest = "";
  if (options.includeCrds) {
    for (const crd of rendered.crds) manifest += `---\n# Source: ${crd.filename}\n${crd.content}\n`;
  }
  for (const m of rendered.manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  let out = `${goTrimSpace(manifest)}\n`;
  for (const h of options.noHooks ? [] : rendered.hooks) {
    if (options.skipTests && isTestHook(h.events)) continue;
    out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
  }
  const showOnly = options.showOnly ?? [];
  if (showOnly.length === 0) return out;
  const docs = splitManifests(out);
  let selected = "";
  for (const pattern of showOnly) {
    const re = safePattern(pattern);
    let found = false;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m || !re?.test(m[1])) continue;
      selected += `---\n${doc}\n`;
      found = true;
    }
    if (!found) throw new TemplateNotFoundError(`could not find template ${pattern} in chart`);
  }
  return selected;
}

function safePattern(pattern: string): RegExp | undefined {
  try {
    return compileGoPathPattern(pattern);
  } catch {
    return undefined;
  }
}

/**
 * Render a chart exactly as `helm template RELEASE CHART [flags]` prints it. Throws the same errors as
 * {@link renderChart}, plus Helm's pre-render checks (library charts, missing dependencies); print them
 * with `formatHelmError` to get Helm's stderr.
 *
 * @example
 * const text = helmTemplate({ chart: loadChart({ fs, path: "charts/podinfo" }), releaseName: "web", namespace: "prod" });
 */
export function helmTemplate(options: HelmTemplateOptions): string {
  const apiVersions = (options.apiVersions ?? []).flatMap((a) => a.split(",")).filter((a) => a !== "");
  const capabilities = helmCapabilities({ kubeVersion: options.kubeVersion, apiVersions });
  const values = mergeUserValues(options);
  const type = options.chart.metadata.type;
  if (type !== "" && type !== "application") {
    throw new ChartLoadError(`${type} charts are not installable`, { code: "CHART_NOT_INSTALLABLE" });
  }
  if (options.chart.metadata.dependencies) checkDependencies(options.chart);
  const rendered = renderChart({
    ...options,
    values,
    capabilities,
    release: {
      name: options.releaseName,
      namespace: options.namespace ?? "default",
      isUpgrade: options.isUpgrade ?? false,
      isInstall: !(options.isUpgrade ?? false),
      revision: 1,
    },
  });
  return formatTemplateOutput(rendered, options);
}
