import { App, Chart, Yaml } from 'cdk8s';

/**
 * Renders each chart of an app to YAML, named `<chart id>.k8s.yaml`: one file per chart, stable
 * names, objects in the order cdk8s resolves them (construct order after dependencies).
 */
export function renderCharts(app: App): Map<string, string> {
  const files = new Map<string, string>();
  for (const chart of chartsOf(app)) {
    const manifests = chart.toJson();
    if (manifests.length === 0) continue;
    files.set(`${chart.node.id}.k8s.yaml`, Yaml.stringify(...manifests));
  }
  return files;
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
