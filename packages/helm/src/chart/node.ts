/**
 * The working copy of a chart tree that dependency processing and rendering operate on. Like Helm, the
 * processing renames aliased subcharts, drops disabled ones and replaces values; doing it on these nodes
 * keeps the loaded {@link Chart} untouched, so it can be rendered again.
 */
import type { Chart, ChartDependency, ChartMetadata } from "./types.js";

/** A chart being processed: its own metadata and values, the loaded chart for everything else. */
export interface ChartNode {
  metadata: ChartMetadata;
  values: Record<string, unknown>;
  chart: Chart;
  dependencies: ChartNode[];
  parent: ChartNode | undefined;
}

function copyDependency(d: ChartDependency | null): ChartDependency | null {
  return d && { ...d, tags: [...d.tags], importValues: [...d.importValues] };
}

/** A fresh working tree for `chart` (metadata copied, values shared: processing replaces, never edits them). */
export function chartNodes(chart: Chart, parent?: ChartNode): ChartNode {
  const node: ChartNode = {
    metadata: {
      ...chart.metadata,
      dependencies: chart.metadata.dependencies?.map(copyDependency),
    },
    values: chart.values,
    chart,
    dependencies: [],
    parent,
  };
  node.dependencies = chart.dependencies.map((d) => chartNodes(d, node));
  return node;
}

/** Replace a node's subcharts, making it their parent (Helm's SetDependencies). */
export function setDependencies(node: ChartNode, deps: ChartNode[]): void {
  node.dependencies = deps;
  for (const d of deps) d.parent = node;
}

/** `parent/charts/sub/charts/subsub`: where a chart's templates appear in output paths. */
export function chartFullPath(node: ChartNode): string {
  return node.parent ? `${chartFullPath(node.parent)}/charts/${node.metadata.name}` : node.metadata.name;
}
