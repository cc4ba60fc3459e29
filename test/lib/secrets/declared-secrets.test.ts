// What the constructs declare (and main.ts delivers), and the Reloader annotation builder.
import { Chart, Testing } from 'cdk8s';
import { Schedule, SecureCronJob } from '../../../constructs';
import { ENVIRONMENTS } from '../../../environments';
import { addReloaderAnnotations, reloaderAnnotationValue, secretsReadByPods } from '../../../lib/secrets';
import * as kplus from '../../../lib/plus';
import { declaredSecrets } from '../../../main';

const IMAGE = 'docker.io/curlimages/curl@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13';

describe('declared Secrets', () => {
  test.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s: one per Secret its constructs read, with purpose and keys', (_name, env) => {
    const declared = declaredSecrets(env).map(({ namespace, declaration }) => {
      const keys = declaration.keys.map((k) => `${k.key}${k.binary ? ' (binary)' : ''}`).join(', ');
      return `${namespace}/${declaration.name} [${keys}]: ${declaration.purpose}`;
    });
    const { platform, electoral, taskManager } = env.namespaces;
    expect(declared).toEqual([
      `${platform}/uploads-maintenance [authorization-header]: file /var/run/secrets/maintenance/authorization of CronJob uploads-cleanup`,
      `${electoral}/alerting-webhook [url]: webhook URL the collector alerts on failure`,
      `${electoral}/electoral-feed-api [token]: bearer token for the results API`,
      `${electoral}/electoral-feed-keyring [publisher.gpg (binary)]: the publisher's OpenPGP keyring that verifies the results signature`,
      `${electoral}/electoral-feed-offsite [access-key-id, secret-access-key]: the bucket key pair the collector copies the feed's backups `
        + 'with (put and get on its prefix only)',
      `${taskManager}/task-manager-db [password, root-password, username]: MySQL credentials: the app user (web tier, backup) and root (database)`,
      // Only where the environment runs the exporter.
      ...(env.taskManager.mysqlExporter ? [`${taskManager}/task-manager-mysql-exporter [password]: the mysqld_exporter user's MySQL password `
        + '(read by the init container into the exporter\'s option file)'] : []),
      `${taskManager}/task-manager-offsite [access-key-id, secret-access-key]: the bucket key pair the backup job uploads with (put and get on its `
        + 'prefix only); file /var/run/secrets/offsite/access-key-id of CronJob task-manager-backup; '
        + 'file /var/run/secrets/offsite/secret-access-key of CronJob task-manager-backup',
    ]);
  });

  test('SecureCronJob declares its Secret files and Secret env vars', () => {
    const chart = new Chart(Testing.app(), 'jobs', { namespace: 'jobs' });
    const job = new SecureCronJob(chart, 'nightly', {
      schedule: Schedule.cron('0 3 * * *'), image: IMAGE,
      partOf: 'platform', owner: 'platform-team', runbookUrl: 'https://runbooks.example.org/nightly',
      secretFiles: [{ secret: { secretName: 'api', key: 'token' }, path: '/var/run/secrets/api/token' }],
      secretEnv: { LEGACY_TOKEN: { secretName: 'api', key: 'legacy' } },
    });
    expect(job.secrets).toEqual([
      {
        name: 'api',
        purpose: 'env LEGACY_TOKEN of CronJob nightly; file /var/run/secrets/api/token of CronJob nightly',
        keys: [{ key: 'legacy' }, { key: 'token' }],
      },
    ]);
  });
});

describe('Reloader annotations', () => {
  test('name exactly the Secrets the pods read (pull Secrets left out), dots escaped for its anchored regexes', () => {
    const deployment = {
      kind: 'Deployment',
      spec: { template: { spec: {
        imagePullSecrets: [{ name: 'registry' }],
        volumes: [{ name: 'a', secret: { secretName: 'tls.web' } }],
        containers: [{
          name: 'c',
          envFrom: [{ secretRef: { name: 'db' } }],
          env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'x' } } }],
        }],
      } } },
    };
    expect(secretsReadByPods(deployment)).toEqual(['db', 'tls.web']);
    expect(reloaderAnnotationValue(secretsReadByPods(deployment))).toBe('db,tls\\.web');
  });

  test('only long-running workloads that read a Secret get the annotation', () => {
    const chart = new Chart(Testing.app(), 'web', { namespace: 'web' });
    const secret = kplus.Secret.fromSecretName(chart, 'Db', 'web-db');
    new kplus.Deployment(chart, 'Reading', { containers: [{ image: IMAGE, envFrom: [kplus.Env.fromSecret(secret)] }] });
    new kplus.Deployment(chart, 'NotReading', { containers: [{ image: IMAGE }] });
    addReloaderAnnotations(chart);
    const annotations = Testing.synth(chart)
      .filter((m) => m.kind === 'Deployment')
      .map((m) => m.metadata.annotations?.['secret.reloader.stakater.com/reload']);
    expect(annotations).toEqual(['web-db', undefined]);
  });
});
