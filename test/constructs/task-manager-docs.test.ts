import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { Manifest } from '../helpers/manifests';

/*
 * docs/task-manager.md's "Objects per environment" table, read cell by cell and compared with the
 * committed dist/ (which the synth tests keep equal to a fresh synth): the doc cannot drift again.
 * Each row's cell is derived here from the objects, in the wording the table uses.
 */

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'task-manager.md'), 'utf8');

function objectsOf(env: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(ROOT, 'dist', env, 'task-manager.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
}

/** The markdown table under `heading`: row label -> cells by column header. */
function table(heading: string): Map<string, Record<string, string>> {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/task-manager.md has no "## ${heading}" section`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
  const headers = cells(lines[0]);
  return new Map(lines.slice(2).map((line) => {
    const [label, ...values] = cells(line);
    return [label, Object.fromEntries(values.map((v, i) => [headers[i + 1], v]))];
  }));
}

const one = (objects: Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const seconds = (n: number) => (n % 3600 === 0 ? `${n / 3600} h` : n % 60 === 0 ? `${n / 60} min` : `${n} s`);

/** The table's rows, derived from one environment's objects. */
function rowsFrom(objects: Manifest[]): Record<string, string> {
  const web = one(objects, 'Deployment', 'task-manager-web');
  const webPod = web.spec.template.spec;
  const hpa = one(objects, 'HorizontalPodAutoscaler', 'task-manager-web');
  const mysql = one(objects, 'StatefulSet', 'task-manager-mysql');
  const mysqlContainer = mysql.spec.template.spec.containers.find((c: Manifest) => c.name === 'mysql');
  const exporter = mysql.spec.template.spec.containers.find((c: Manifest) => c.name === 'exporter');
  const claim = mysql.spec.volumeClaimTemplates[0].spec;
  const monitor = objects.find((o) => o.kind === 'PodMonitor' && o.spec.selector.matchLabels['app.kubernetes.io/component'] === 'database');
  const cronJob = one(objects, 'CronJob', 'task-manager-backup');
  const backupClaim = one(objects, 'PersistentVolumeClaim', 'task-manager-backup');
  // The upload step prunes the claim once every dump is off-site: its last line says how many it keeps.
  const keep = /kept the newest (\d+) on the claim/.exec(cronJob.spec.jobTemplate.spec.template.spec.containers[0].command[2])![1];
  const budget = one(objects, 'PodDisruptionBudget', 'task-manager-web').spec;
  const edge = objects.some((o) => o.kind === 'HTTPRoute') ? 'Gateway API HTTPRoutes'
    : objects.some((o) => o.kind === 'Middleware') ? 'Traefik Ingress + headers Middleware' : 'ingress-nginx Ingress';
  const cpu = mysqlContainer.resources.limits.cpu;
  return {
    'web replicas': hpa
      ? `HPA ${hpa.spec.minReplicas}–${hpa.spec.maxReplicas} at ${hpa.spec.metrics[0].resource.target.averageUtilization} % CPU, no \`spec.replicas\``
      : `${web.spec.replicas} (\`spec.replicas: ${web.spec.replicas}\`)`,
    'web drain': `preStop sleep ${webPod.containers[0].lifecycle.preStop.sleep.seconds} s, grace ${webPod.terminationGracePeriodSeconds} s`,
    'web PDB': budget.maxUnavailable !== undefined ? `maxUnavailable ${budget.maxUnavailable}` : `minAvailable ${budget.minAvailable}`,
    'MySQL CPU / memory (requests = limits)': `${cpu} / ${mysqlContainer.resources.limits.memory}`,
    'InnoDB buffer pool': mysqlContainer.args.find((a: string) => a.startsWith('--innodb-buffer-pool-size=')).split('=')[1],
    'MySQL volume': `${claim.resources.requests.storage} \`${claim.storageClassName}\``,
    'mysqld_exporter': exporter ? `port ${exporter.ports[0].containerPort} (\`${exporter.ports[0].name}\`)` : 'none',
    'mysqld_exporter scraped': monitor ? `PodMonitor \`${monitor.metadata.name}\` on \`${monitor.spec.podMetricsEndpoints[0].port}\`` : 'no',
    'backup schedule': `\`${cronJob.spec.schedule}\` ${cronJob.spec.timeZone}`,
    'backup deadlines': `start ${seconds(cronJob.spec.startingDeadlineSeconds)}, run ${seconds(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds)}`,
    'backups kept': keep,
    'backup volume': `${backupClaim.spec.resources.requests.storage} \`${backupClaim.spec.storageClassName}\``,
    'edge': edge,
  };
}

describe('docs/task-manager.md matches dist/', () => {
  const documented = table('Objects per environment');

  test.each(ENVIRONMENTS.map((e) => e.name))('%s: every row of the per-environment table is what dist/ holds', (env) => {
    const derived = rowsFrom(objectsOf(env));
    const actual = Object.fromEntries(Object.keys(derived).map((row) => [row, documented.get(row)?.[env]]));
    expect(actual).toEqual(derived);
  });

  test('the table has no row this test does not check', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(rowsFrom(objectsOf('prod'))).sort());
  });
});
