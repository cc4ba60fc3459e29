import { Chart, Testing } from 'cdk8s';

export type Manifest = Record<string, any>;

/** Builds a chart in a fresh test app (namespace `test`) and returns its synthesized manifests. */
export function synth(build: (chart: Chart) => void, namespace = 'test'): Manifest[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace, disableResourceNameHashes: true });
  build(chart);
  return Testing.synth(chart);
}

/** The one manifest of `kind` named `name`; fails the test when there is none or several. */
export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const matches = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (matches.length !== 1) {
    const present = manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ');
    throw new Error(`expected one ${kind}/${name}, found ${matches.length} among: ${present}`);
  }
  return matches[0];
}

export function kinds(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata?.name}`).sort();
}
