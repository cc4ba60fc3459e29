import { App, Chart, Yaml } from 'cdk8s';
import { syncStableManifest } from './sync-stable';

export interface RenderedChart {
  readonly manifests: Record<string, any>[];
  readonly yaml: string;
}

/**
 * Renders each chart of an app, keyed `<chart id>.k8s.yaml`: one file per chart, stable names,
 * objects in the order cdk8s resolves them (construct order after dependencies), each in its
 * sync-stable form (see sync-stable.ts).
 */
export function renderCharts(app: App): Map<string, RenderedChart> {
  const charts = new Map<string, RenderedChart>();
  for (const chart of chartsOf(app)) {
    const manifests = chart.toJson().map(syncStableManifest);
    if (manifests.length === 0) continue;
    charts.set(`${chart.node.id}.k8s.yaml`, { manifests, yaml: Yaml.stringify(...manifests) });
  }
  return charts;
}

/** The app's charts, in the order they were added. */
export function chartsOf(app: App): Chart[] {
  return app.node.children.filter((child): child is Chart => Chart.isChart(child));
}

/**
 * Runs every `node.addValidation` check of the tree (cross-object wiring) and throws them all
 * together, each with its construct path.
 */
export function validateTree(app: App): void {
  const errors = app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `${construct.node.path}: ${message}`));
  if (errors.length > 0) throw new Error(`validation failed:\n${errors.map((e) => `  ${e}`).join('\n')}`);
}
