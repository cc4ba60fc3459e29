import { App } from 'cdk8s';
import { renderNetworkSection } from '../network-graph/section';
import { runPolicyGate } from '../policy/gate';
import { Manifest } from '../policy/types';
import { chartsOf, renderCharts, validateTree } from './render';

export interface EnvironmentOutput {
  /** Files relative to `dist/`: `<env>/*.k8s.yaml` and `reports/<env>.md`. */
  readonly files: Map<string, string>;
  /** Every object of `dist/<env>`, for what is derived from it (the bootstrap's AppProject). */
  readonly manifests: Manifest[];
}

/**
 * Validates one environment's app, runs the policy gate over every object, and only then renders
 * it: a tree that fails either check throws before anything is written.
 */
export function synthesizeEnvironment(app: App, environment: string, k8sVersion: string): EnvironmentOutput {
  validateTree(app);
  const gate = runPolicyGate(chartsOf(app), { environment, k8sVersion });
  const files = new Map<string, string>();
  const rendered = renderCharts(app);
  for (const [name, chart] of rendered) files.set(`${environment}/${name}`, chart.yaml);
  const manifests = [...rendered.values()].flatMap((chart) => chart.manifests);
  files.set(`reports/${environment}.md`, `${gate.report}\n${renderNetworkSection(manifests)}\n`);
  return { files, manifests };
}
