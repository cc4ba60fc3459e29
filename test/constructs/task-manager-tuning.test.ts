import { Chart, Testing } from 'cdk8s';
import { ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import { validateEnvironment } from '../../environments/validate';
import { buildEnvironmentApp } from '../../main';
import { memoryMebibytes, quantityValue } from '../../lib/quantity';
import { innodbBufferPoolMebibytes } from '../../lib/task-manager/buffer-pool';
import { find, Manifest } from '../helpers/manifests';

/*
 * Production tuning of the task manager, read from the real per-environment synth: MySQL in the
 * Guaranteed QoS class with its buffer pool sized from the memory limit.
 */

const objectsOf = (config: EnvironmentConfig): Manifest[] => {
  const chart = buildEnvironmentApp(config).node.findChild('task-manager') as Chart;
  return Testing.synth(chart);
};
const containersOf = (workload: Manifest): Manifest[] => [
  ...(workload.spec.template.spec.initContainers ?? []), ...workload.spec.template.spec.containers,
];

describe('InnoDB buffer pool arithmetic', () => {
  test.each([
    // limit (MiB), pool (MiB): 60 % rounded down to whole 128M chunks
    [512, 256], [1024, 512], [1536, 896], [2048, 1152], [2560, 1536], [4096, 2432], [8192, 4864], [16384, 9728],
  ])('a %iMi limit gives a %iM pool', (limit, pool) => {
    expect(innodbBufferPoolMebibytes(limit)).toBe(pool);
  });

  test('never above 60 % of the limit, never more than one chunk below it, always whole chunks', () => {
    for (let limit = 512; limit <= 65536; limit += 64) {
      const pool = innodbBufferPoolMebibytes(limit);
      expect(pool % 128).toBe(0);
      expect(pool * 5).toBeLessThanOrEqual(limit * 3);
      expect((pool + 128) * 5).toBeGreaterThan(limit * 3);
    }
  });

  test('a limit too small for MySQL 8.4 is refused', () => {
    expect(() => innodbBufferPoolMebibytes(511)).toThrow(/at least 512Mi/);
  });
});

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('MySQL tuning in %s', (_name, config) => {
  const statefulSet = find(objectsOf(config), 'StatefulSet', 'task-manager-mysql');
  const mysql = statefulSet.spec.template.spec.containers.find((c: Manifest) => c.name === 'mysql');

  test('every container of the pod (init containers included) has requests equal to limits: the pod is Guaranteed', () => {
    for (const container of containersOf(statefulSet)) {
      const { requests, limits } = container.resources;
      for (const resource of ['cpu', 'memory']) {
        expect([container.name, resource, requests[resource] !== undefined]).toEqual([container.name, resource, true]);
        expect([container.name, resource, quantityValue(requests[resource])]).toEqual([container.name, resource, quantityValue(limits[resource])]);
      }
    }
  });

  test('the buffer pool rendered into the server arguments is 60 % of the memory limit in whole chunks, one instance', () => {
    const limit = memoryMebibytes(mysql.resources.limits.memory)!;
    expect(limit).toBe(memoryMebibytes(config.taskManager.mysqlResources.memoryLimit));
    const expected = { dev: 512, staging: 1152, prod: 2432 }[config.name];
    expect(mysql.args).toContain(`--innodb-buffer-pool-size=${expected}M`);
    expect(mysql.args).toContain('--innodb-buffer-pool-instances=1');
    expect(mysql.args.filter((a: string) => a.startsWith('--innodb-buffer-pool-size='))).toHaveLength(1);
  });
});

describe('environment validation of the MySQL resources', () => {
  const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
  const withMysql = (resources: object): EnvironmentConfig => ({
    ...prod, taskManager: { ...prod.taskManager, mysqlResources: { ...prod.taskManager.mysqlResources, ...resources } },
  });

  test('requests below limits (Burstable) are refused with the field and the reason', () => {
    expect(() => validateEnvironment(withMysql({ cpuRequest: '1' })))
      .toThrow(/taskManager.mysqlResources.cpuRequest = "1": the CPU limit \(2\): requests equal limits keep the MySQL pod in the Guaranteed/);
    expect(() => validateEnvironment(withMysql({ memoryRequest: '2Gi' })))
      .toThrow(/taskManager.mysqlResources.memoryRequest = "2Gi": the memory limit \(4Gi\)/);
  });

  test('equal quantities written differently are accepted', () => {
    expect(() => validateEnvironment(withMysql({ cpuRequest: '2000m', memoryRequest: '4096Mi' }))).not.toThrow();
  });
});
