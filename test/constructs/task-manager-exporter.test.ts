import { Chart, Testing } from 'cdk8s';
import { TaskManagerStack } from '../../constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import { IMAGES } from '../../environments/images';
import { buildEnvironmentApp } from '../../main';
import { pinnedImage } from '../../lib/image';
import { EXPORTER, exporterConfigScript, exporterUserScript } from '../../lib/task-manager/exporter';
import { find, Manifest } from '../helpers/manifests';

/* The mysqld_exporter sidecar, read from the real per-environment synth. */

const env = (name: string): EnvironmentConfig => ENVIRONMENTS.find((e) => e.name === name)!;
const chartOf = (config: EnvironmentConfig) => buildEnvironmentApp(config).node.findChild('task-manager') as Chart;
const byName = (list: Manifest[], name: string) => list.find((c) => c.name === name);

describe.each(['staging', 'prod'])('mysqld_exporter sidecar in %s', (envName) => {
  const config = env(envName);
  const chart = chartOf(config);
  const objects = Testing.synth(chart);
  const statefulSet = find(objects, 'StatefulSet', 'task-manager-mysql');
  const pod = statefulSet.spec.template.spec;
  const exporter = byName(pod.containers, 'exporter')!;
  const mysql = byName(pod.containers, 'mysql')!;
  const init = byName(pod.initContainers, 'client-config')!;

  test('pinned by the published digest, hardened like every container, requests equal to limits', () => {
    expect(exporter.image).toBe(pinnedImage(config.registry, IMAGES.mysqldExporter.repository, IMAGES.mysqldExporter.digest));
    expect(exporter.image).toMatch(/^docker\.io\/prom\/mysqld-exporter@sha256:[0-9a-f]{64}$/);
    expect(exporter.securityContext).toEqual(mysql.securityContext);
    expect(exporter.securityContext).toMatchObject({
      readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(exporter.resources.requests.cpu).toBe(exporter.resources.limits.cpu);
    expect(exporter.resources.requests.memory).toBe(exporter.resources.limits.memory);
    expect(exporter.readinessProbe.httpGet).toEqual({ path: '/', port: 9104, scheme: 'HTTP' });
    expect(exporter.livenessProbe.tcpSocket).toEqual({ port: 9104 });
  });

  test('credentials from an option file written at pod start from its own Secret; never argv or env', () => {
    expect(exporter.args).toEqual(['--config.my-cnf=/var/run/mysqld-exporter/my.cnf', '--web.listen-address=:9104']);
    expect(exporter.env).toBeUndefined();
    expect(exporter.envFrom).toBeUndefined();
    const volume = (name: string) => pod.volumes.find((v: Manifest) => v.name === name);
    expect(volume('exporter-credentials').secret).toEqual({
      secretName: config.taskManager.mysqlExporter!.secretName, defaultMode: 0o440, items: [{ key: 'password', path: 'password' }],
    });
    expect(volume('exporter-config').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Mi' });
    expect(config.taskManager.mysqlExporter!.secretName).not.toBe(config.taskManager.databaseSecretName);
    // The exporter mounts its option file and the socket, nothing else: not the Secret, not the data.
    expect(exporter.volumeMounts).toEqual([
      { mountPath: '/var/run/mysqld-exporter', name: 'exporter-config', readOnly: true },
      { mountPath: '/var/run/mysqld', name: 'mysqld-run', readOnly: true },
    ]);
    expect(init.command[2]).toContain(exporterConfigScript());
    expect(init.volumeMounts).toEqual(expect.arrayContaining([
      { mountPath: EXPORTER.secretDir, name: 'exporter-credentials', readOnly: true },
      { mountPath: '/var/run/mysqld-exporter', name: 'exporter-config' },
    ]));
  });

  test('its MySQL user is created by an executable init script on a new volume', () => {
    const scripts = find(objects, 'ConfigMap', 'task-manager-mysql-init');
    expect(scripts.data).toEqual({ '10-exporter-user.sh': exporterUserScript('/var/run/secrets/db/root-password') });
    expect(pod.volumes.find((v: Manifest) => v.name === 'init-scripts').configMap).toEqual({ name: 'task-manager-mysql-init', defaultMode: 0o555 });
    expect(mysql.volumeMounts).toEqual(expect.arrayContaining([
      { mountPath: '/docker-entrypoint-initdb.d', name: 'init-scripts', readOnly: true },
      { mountPath: EXPORTER.secretDir, name: 'exporter-credentials', readOnly: true },
    ]));
  });

  test('the metrics port is on the pod only, named metrics; the construct exports it with the pod labels', () => {
    expect(exporter.ports).toHaveLength(1);
    expect(exporter.ports[0]).toMatchObject({ containerPort: 9104, name: 'metrics' });
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      expect(service.spec.ports.map((p: Manifest) => p.port)).not.toContain(9104);
    }
    const stack = chart.node.findChild('task-manager') as TaskManagerStack;
    expect(stack.databaseMetrics).toEqual({ port: 9104, portName: 'metrics', podLabels: stack.databasePodLabels });
    for (const [key, value] of Object.entries(stack.databasePodLabels)) expect(statefulSet.spec.template.metadata.labels[key]).toBe(value);
  });
});

describe('mysqld_exporter sidecar is optional', () => {
  test('dev (no Prometheus) has none, and the construct exports no metrics', () => {
    const chart = chartOf(env('dev'));
    const statefulSet = find(Testing.synth(chart), 'StatefulSet', 'task-manager-mysql');
    expect(statefulSet.spec.template.spec.containers.map((c: Manifest) => c.name)).toEqual(['mysql']);
    expect((chart.node.findChild('task-manager') as TaskManagerStack).databaseMetrics).toBeUndefined();
  });

  test.each([
    ['the application\'s Secret', { secretName: 'task-manager-db' }, /invalid mysqlExporter.secretName "task-manager-db": a Secret of its own/],
    ['an image without digest', { image: { repository: 'docker.io/prom/mysqld-exporter', digest: 'latest' } }, /mysqlExporter/],
  ])('refuses %s', (_what, change, message) => {
    const prod = env('prod');
    const config = { ...prod, taskManager: { ...prod.taskManager, mysqlExporter: { ...prod.taskManager.mysqlExporter!, ...change } } };
    expect(() => buildEnvironmentApp(config)).toThrow(message);
  });
});
