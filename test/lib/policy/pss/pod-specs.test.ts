/** podSpecsOf / containersOf: where each workload kind keeps its pod spec. */
import { containersOf, podSpecsOf } from '../../../../lib/policy/pod-specs';

const spec = { containers: [{ name: 'app' }] };
const metadata = { annotations: { a: 'b' } };

type Row = [apiVersion: string, kind: string, body: Record<string, unknown>, path: string, metadataPath: string];

describe('podSpecsOf', () => {
  it.each<Row>([
    ['v1', 'Pod', { metadata, spec }, 'spec', 'metadata'],
    ['v1', 'PodTemplate', { metadata: { name: 't' }, template: { metadata, spec } }, 'template.spec', 'template.metadata'],
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind): Row => ['apps/v1', kind, { spec: { template: { metadata, spec } } }, 'spec.template.spec', 'spec.template.metadata']),
    ['v1', 'ReplicationController', { spec: { template: { metadata, spec } } }, 'spec.template.spec', 'spec.template.metadata'],
    ['batch/v1', 'Job', { spec: { template: { metadata, spec } } }, 'spec.template.spec', 'spec.template.metadata'],
    ...['batch/v1', 'batch/v1beta1'].map(
      (apiVersion): Row => [apiVersion, 'CronJob', { spec: { jobTemplate: { spec: { template: { metadata, spec } } } } }, 'spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
    ),
  ])('%s %s', (apiVersion, kind, body, path, metadataPath) => {
    expect(podSpecsOf({ apiVersion, kind, ...body })).toEqual([{ spec, path, metadata, metadataPath }]);
  });

  it('leaves metadata out when the template has none', () => {
    expect(podSpecsOf({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec } } })).toEqual([
      { spec, path: 'spec.template.spec', metadataPath: 'spec.template.metadata' },
    ]);
  });

  it.each([
    ['a kind without pods', { apiVersion: 'v1', kind: 'Service', spec: { selector: {} } }],
    ['a Deployment without a template', { apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }],
    ['a CronJob whose jobTemplate is not an object', { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: 'x' } }],
    ['a Pod whose spec is a list', { apiVersion: 'v1', kind: 'Pod', spec: [] }],
  ])('finds nothing in %s', (_label, manifest) => {
    expect(podSpecsOf(manifest)).toEqual([]);
  });
});

describe('containersOf', () => {
  it('lists containers, then init containers, then ephemeral containers, with paths and names', () => {
    const podSpec = {
      ephemeralContainers: [{ name: 'debug' }],
      initContainers: [{ name: 'setup' }, {}],
      containers: [{ name: 'web' }, 'not a container'],
    };
    expect(containersOf(podSpec, 'spec.template.spec').map(({ field, index, path, name }) => ({ field, index, path, name }))).toEqual([
      { field: 'containers', index: 0, path: 'spec.template.spec.containers[0]', name: 'web' },
      { field: 'initContainers', index: 0, path: 'spec.template.spec.initContainers[0]', name: 'setup' },
      { field: 'initContainers', index: 1, path: 'spec.template.spec.initContainers[1]', name: 'initContainers[1]' },
      { field: 'ephemeralContainers', index: 0, path: 'spec.template.spec.ephemeralContainers[0]', name: 'debug' },
    ]);
  });
});
