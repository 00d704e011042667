/**
 * A chart rendered for a release, the way `helm install --dry-run` / `helm template` does it: dependency
 * processing, values coalescing and schema validation, the kubeVersion check, template rendering, NOTES
 * extraction, manifests and hooks sorted in install order, and CRDs.
 */
import type { ClusterAdapter } from "@gitops-kit/core";
import { decodeGoBytes, type ExecLimits, type FuncMap } from "@gitops-kit/template";
import { type ChartNode, chartFullPath, chartNodes } from "../chart/node.js";
import type { Chart } from "../chart/types.js";
import { RenderError, ValuesError } from "../errors.js";
import { type CoalesceWarn, coalesceValues } from "../values/coalesce.js";
import { isCompatibleRange, processDependencies } from "../values/dependencies.js";
import type { Values } from "../values/read.js";
import { validateValues } from "../values/validate.js";
import { type CapabilitiesOptions, helmCapabilities } from "./capabilities.js";
import { renderTemplates } from "./engine.js";
import { type Hook, type Manifest, sortManifests } from "./manifests.js";
import { type Capabilities, capabilitiesValue, type ReleaseInfo, releaseValue } from "./objects.js";

/** A file of a `crds/` directory, printed as is with `--include-crds`. */
export interface ChartCrd {
  /** Path inside its chart, e.g. `crds/foo.yaml`. */
  name: string;
  /** Output path, e.g. `traefik/crds/foo.yaml` or `parent/charts/sub/crds/foo.yaml`. */
  filename: string;
  /** The file's bytes. */
  data: Uint8Array;
  /** The file as text (decoded on first use). */
  readonly content: string;
}

const decodedCrds = new WeakMap<Uint8Array, string>();

function crdText(data: Uint8Array): string {
  let text = decodedCrds.get(data);
  if (text === undefined) {
    text = decodeGoBytes(data);
    decodedCrds.set(data, text);
  }
  return text;
}

/** Options of {@link renderChart}. */
export interface RenderChartOptions {
  chart: Chart;
  /** The user's values (already merged from values files and `--set`); the chart's defaults are added. */
  values?: Values;
  release: ReleaseInfo;
  /** Capabilities, or the flags to build `helm template`'s defaults from. */
  capabilities?: Capabilities | CapabilitiesOptions;
  /** Skip values.schema.json validation (`--skip-schema-validation`). */
  skipSchemaValidation?: boolean;
  /** `--strict`-style rendering (missing keys fail). */
  strict?: boolean;
  /** What `lookup` reads (synchronous reads; see `LookupCache`). Without one, `lookup` returns `{}`. */
  cluster?: ClusterAdapter;
  /** Include NOTES.txt of subcharts too (`--render-subchart-notes`). */
  subchartNotes?: boolean;
  /** Execution limits for each template. */
  limits?: ExecLimits;
  /** Extra template functions. */
  funcs?: FuncMap;
  /** Receives Helm's coalescing warnings. */
  warn?: CoalesceWarn;
}

/** What {@link renderChart} returns. */
export interface RenderedChart {
  /** Manifests in install order. */
  manifests: Manifest[];
  /** Hooks, sorted by kind like manifests (weights are not applied). */
  hooks: Hook[];
  /** The rendered NOTES.txt of the chart (and of subcharts with `subchartNotes`), `""` when none. */
  notes: string;
  /** CRD files of the chart and its enabled subcharts. */
  crds: ChartCrd[];
  /** The coalesced values the templates saw as `.Values`. */
  values: Values;
  /** Every rendered (non-partial) template by path, NOTES.txt included. */
  files: Map<string, string>;
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Helm's release name rule: at most 53 characters of a DNS-1123 subdomain. */
export function validateReleaseName(name: string): void {
  if (name === "")
    throw new ValuesError(`release name ${JSON.stringify(name)}: no name provided`, {
      code: "RELEASE_NAME_INVALID",
    });
  if (name.length > 53 || !RELEASE_NAME.test(name)) {
    throw new ValuesError(
      `release name ${JSON.stringify(name)}: invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`,
      { code: "RELEASE_NAME_INVALID" },
    );
  }
}

function isCapabilities(c: Capabilities | CapabilitiesOptions): c is Capabilities {
  return (
    typeof (c as Capabilities).kubeVersion === "object" &&
    Array.isArray((c as Capabilities).apiVersions) &&
    "helmVersion" in c
  );
}

function hasManifestExtension(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

/** The CRD files of a chart and its (enabled) subcharts, in Helm's order. */
function crdObjects(node: ChartNode): ChartCrd[] {
  const out: ChartCrd[] = [];
  for (const f of node.chart.files) {
    if (f.name.startsWith("crds/") && hasManifestExtension(f.name)) {
      const data = f.data;
      out.push({
        name: f.name,
        filename: `${chartFullPath(node)}/${f.name}`,
        data,
        get content() {
          return crdText(data);
        },
      });
    }
  }
  for (const d of node.dependencies) out.push(...crdObjects(d));
  return out;
}

/**
 * Render a chart for a release. Throws {@link ValuesError}, `ChartDependencyError`,
 * `SchemaValidationError` or {@link RenderError} with Helm's messages.
 *
 * @example
 * const { manifests } = renderChart({ chart, values: { replicaCount: 2 }, release: { name: "web", namespace: "prod" } });
 */
export function renderChart(options: RenderChartOptions): RenderedChart {
  const warn = options.warn ?? (() => {});
  validateReleaseName(options.release.name);
  const node = chartNodes(options.chart);
  const userValues = options.values ?? {};
  processDependencies({ node, values: userValues, warn });
  const caps =
    options.capabilities && isCapabilities(options.capabilities)
      ? options.capabilities
      : helmCapabilities(options.capabilities);

  const values = coalesceValues(node, userValues, warn);
  if (!options.skipSchemaValidation) validateValues(node, values);

  const kubeConstraint = node.metadata.kubeVersion;
  if (kubeConstraint !== "" && !isCompatibleRange(kubeConstraint, caps.kubeVersion.version)) {
    throw new RenderError(
      `chart requires kubeVersion: ${kubeConstraint} which is incompatible with Kubernetes ${caps.kubeVersion.version}`,
      { code: "KUBE_VERSION_INCOMPATIBLE" },
    );
  }

  const files = renderTemplates({
    node,
    scope: { Values: values, Release: releaseValue(options.release), Capabilities: capabilitiesValue(caps) },
    strict: options.strict,
    cluster: options.cluster,
    limits: options.limits,
    funcs: options.funcs,
  });

  const notesPath = `${node.metadata.name}/templates/NOTES.txt`;
  const notes: string[] = [];
  const manifestFiles = new Map<string, string>();
  for (const [path, content] of files) {
    if (path.endsWith("NOTES.txt")) {
      if (options.subchartNotes || path === notesPath) notes.push(content);
    } else manifestFiles.set(path, content);
  }
  const { hooks, manifests } = sortManifests(manifestFiles);
  return { manifests, hooks, notes: notes.join("\n"), crds: crdObjects(node), values, files };
}
