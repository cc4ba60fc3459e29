import { Construct } from 'constructs';
import { shortHash } from '../../lib/checksum';
import { propError } from '../../lib/errors';
import { requirePinnedImage, shortDigest } from '../../lib/image';
import { exemptFromLinters } from '../../lib/linter-exemptions';
import { selectorLabels, stampIdentity, WorkloadIdentity } from '../../lib/metadata';
import { addWorkloadPolicy, DnsPeer, dnsEgress, ingressFromNamespace, ingressFromPods, validateDnsPeer } from '../../lib/network';
import * as kplus from '../../lib/plus';
import { declareSecret, mergeSecretDeclarations, SecretDeclaration, secretsDeclaredUnder } from '../../lib/secrets';
import { MYSQL_PORT } from '../../lib/task-manager/paths';
import {
  constructName, constructNamespace, requireDnsLabel, requireDnsSubdomain, requireIdentity, requireStorageSize, requireValid, secretKeyProblem,
} from '../../lib/validate';
import { CloudEduAccessRoles } from '../cloudedu-access-roles';
import { HardenedIngress } from '../hardened-ingress';
import { SecureCronJob } from '../secure-cron-job';
import { backupJob, backupStorage } from './backup';
import { databaseTier } from './database';
import { addStackMonitoring } from './monitoring';
import type { DatabaseMetrics } from './exporter';
import { DatabaseSecretKeys, TaskManagerStackProps, WEB_SERVICE_PORT } from './props';
import { TaskManagerContext, toMysql } from './shared';
import { webTier } from './web';
import { checkTaskManagerProps } from './validate-props';

const MAX_NAME = 40;
const MYSQL_SCHEMA = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The task manager: a Flask web tier (gunicorn) in front of MySQL 8.4, with nightly dumps, exposed
 * over TLS through HardenedIngress; hardened, least-privilege and disruption-safe in every environment.
 *
 * Objects (construct ids are public contract; `<n>` is `name`):
 * - `Web`: ServiceAccount `<n>-web`, ConfigMap `<n>-config`, Deployment `<n>-web`, Service `<n>-web`
 *   (port 80 → webPort), HorizontalPodAutoscaler `<n>-web` (with `autoscaling`), PodDisruptionBudget
 *   `<n>-web`, NetworkPolicy `<n>-web`, Role + RoleBinding `<n>-web-api-reader` (with `readsKubernetesApi`);
 * - `Ingress`: HardenedIngress `<n>` for `host`;
 * - `Database`: ServiceAccount, headless Service, StatefulSet, PodDisruptionBudget and NetworkPolicy,
 *   all `<n>-mysql` (data claim template `data`); with `mysqlExporter`, an `exporter` container and
 *   the ConfigMap `<n>-mysql-init` (the exporter user's init script);
 * - `Backup`: SecureCronJob `<n>-backup`: init container `dump`, then the off-cluster copy (its egress policy
 *   `<n>-backup-egress` reaches MySQL and the bucket); `BackupStorage`: PVC `<n>-backup`;
 * - `Access`: RoleBindings `<n>-cloudedu-admin`, `<n>-cloudedu-developer`;
 * - with `monitoring`: `Monitoring` (PrometheusRule `<n>-alerts`, dashboard ConfigMap `<n>-dashboard`;
 *   with `mysqlExporter` also PodMonitor `<n>-mysql`) and the backup's `Backup/Alerts` (`<n>-backup-alerts`).
 */
export class TaskManagerStack extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly deployment: kplus.Deployment;
  readonly webService: kplus.Service;
  readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  readonly statefulSet: kplus.StatefulSet;
  readonly databaseService: kplus.Service;
  readonly ingress: HardenedIngress;
  readonly backup: SecureCronJob;
  /** Labels selecting the web pods. */
  readonly webPodLabels: Record<string, string>;
  /** Labels selecting the MySQL pods. */
  readonly databasePodLabels: Record<string, string>;
  /** The mysqld_exporter's pod port and the pods' labels (with `mysqlExporter`), for scraping and its NetworkPolicy. */
  readonly databaseMetrics?: DatabaseMetrics;

  private readonly context: TaskManagerContext;
  private readonly partOf: string;
  private readonly webPort: number;

  constructor(scope: Construct, id: string, props: TaskManagerStackProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);
    this.namespace = constructNamespace(this, props.namespace, 'RoleBindings and edge objects name it');
    this.partOf = props.partOf ?? 'cloudedu';
    checkTaskManagerProps(this, this.name, this.namespace, props);
    const checked = this.checkProps(props);
    const webIdentity = requireIdentity(this, this.identity(props, 'web', shortDigest(props.webImage)));
    const databaseIdentity = requireIdentity(this, this.identity(props, 'database', shortDigest(props.mysqlImage)));
    this.webPodLabels = selectorLabels(webIdentity);
    this.databasePodLabels = selectorLabels(databaseIdentity);
    this.context = {
      ...checked, stack: this, props, name: this.name, namespace: this.namespace,
      webPodLabels: this.webPodLabels, databasePodLabels: this.databasePodLabels,
    };

    const web = new Construct(this, 'Web');
    ({ deployment: this.deployment, service: this.webService, autoscaler: this.autoscaler, webPort: this.webPort }
      = webTier(this.context, web, props, webIdentity));
    this.ingress = this.addIngress(props);
    const database = new Construct(this, 'Database');
    const data = databaseTier(this.context, database, props, databaseIdentity);
    ({ statefulSet: this.statefulSet, headless: this.databaseService, metrics: this.databaseMetrics } = data);
    this.backup = this.addBackup(props);
    this.isolateTiers(props, web, database);
    stampIdentity(web, webIdentity);
    stampIdentity(database, databaseIdentity);
    this.bindPeople(props);
    addStackMonitoring(this, props, {
      name: this.name,
      namespace: this.namespace,
      partOf: this.partOf,
      webDeployment: this.deployment.name,
      autoscalerName: this.autoscaler?.name,
      mysqlStatefulSet: this.statefulSet.name,
      backupCronJob: this.backup.name,
      backupClaim: `${this.name}-backup`,
      databaseMetrics: this.databaseMetrics,
    });
  }

  /** The Secrets the stack's workloads read (one per name, with every key), for the environment to deliver. */
  get secrets(): readonly SecretDeclaration[] {
    return mergeSecretDeclarations(secretsDeclaredUnder(this));
  }

  private identity(props: TaskManagerStackProps, component: string, version: string): WorkloadIdentity {
    return { name: this.name, instance: this.name, component, partOf: this.partOf, version, owner: props.owner, runbookUrl: props.runbookUrl };
  }

  /** The props no tier checks on its own; returns the database facts every tier needs. */
  private checkProps(props: TaskManagerStackProps): Pick<TaskManagerContext, 'databaseName' | 'databaseSecretName' | 'secretKeys'> {
    validateDnsPeer(this, 'dnsPeer', props.dnsPeer ?? DnsPeer.kubeDns());
    requirePinnedImage(this, 'webImage', props.webImage);
    requirePinnedImage(this, 'mysqlImage', props.mysqlImage);
    requirePinnedImage(this, 'backupImage', props.backupImage);
    const databaseName = requireValid(this, 'databaseName', props.databaseName ?? 'tasks', (name) => (MYSQL_SCHEMA.test(name)
      ? undefined : 'a MySQL schema name of lowercase letters, digits and "_", starting with a letter, at most 64 characters'));
    const databaseSecretName = requireDnsSubdomain(this, 'databaseSecretName', props.databaseSecretName, 'a Secret name');
    const secretKeys = this.checkSecretKeys(props.databaseSecretKeys ?? {});
    declareSecret(this, {
      name: databaseSecretName,
      purpose: 'MySQL credentials: the app user (web tier, backup) and root (database)',
      keys: [{ key: secretKeys.username }, { key: secretKeys.password }, { key: secretKeys.rootPassword }],
    });
    requireStorageSize(this, 'mysqlStorageSize', props.mysqlStorageSize);
    requireStorageSize(this, 'backupStorageSize', props.backupStorageSize);
    requireDnsSubdomain(this, 'storageClassName', props.storageClassName, 'a StorageClass name');
    this.checkGroups('adminGroups', props.adminGroups);
    this.checkGroups('developerGroups', props.developerGroups);
    if (!(props.accessRoles instanceof CloudEduAccessRoles)) throw propError(this, 'accessRoles', props.accessRoles, 'a CloudEduAccessRoles construct');
    requireDnsLabel(this, 'edgeControllerNamespace', props.edgeControllerNamespace, 'a namespace');
    return { databaseName, databaseSecretName, secretKeys };
  }

  private addIngress(props: TaskManagerStackProps): HardenedIngress {
    return new HardenedIngress(this, 'Ingress', {
      name: this.name,
      namespace: this.namespace,
      hosts: [props.host],
      routes: [{ path: '/', service: this.webService, port: WEB_SERVICE_PORT }],
      edge: props.edge,
      securityHeaders: props.securityHeaders,
      partOf: this.partOf,
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    });
  }

  private addBackup(props: TaskManagerStackProps): SecureCronJob {
    const job = backupJob(this.context, props, this.partOf);
    const storage = new Construct(this, 'BackupStorage');
    backupStorage(this.context, storage, props, job);
    stampIdentity(storage, {
      name: job.name, instance: job.name, component: 'backup', partOf: this.partOf,
      version: shortDigest(props.backupImage), owner: props.owner, runbookUrl: props.runbookUrl,
    });
    return job;
  }

  /** NetworkPolicies of the two tiers (the backup job's is its own SecureCronJob's). */
  private isolateTiers(props: TaskManagerStackProps, web: Construct, database: Construct): void {
    // The database accepts exactly the web pods and the backup pods, on 3306, and Prometheus on the
    // exporter's port only (where it scrapes it); it opens nothing.
    const scraper = props.monitoring?.prometheus;
    const metrics = this.databaseMetrics;
    addWorkloadPolicy(database, 'NetworkPolicy', {
      name: `${this.name}-mysql`,
      podLabels: this.databasePodLabels,
      ingress: [
        ingressFromPods(undefined, this.webPodLabels, MYSQL_PORT),
        ingressFromPods(undefined, this.backup.podSelectorLabels, MYSQL_PORT),
        ...(scraper && metrics ? [ingressFromPods(scraper.namespace, { ...scraper.podLabels }, metrics.port)] : []),
      ],
      egress: [],
    });
    // The web pods accept the edge controller on their port and reach only DNS and MySQL.
    addWorkloadPolicy(web, 'NetworkPolicy', {
      name: `${this.name}-web`,
      podLabels: this.webPodLabels,
      ingress: [ingressFromNamespace(props.edgeControllerNamespace, this.webPort)],
      egress: [dnsEgress(props.dnsPeer), toMysql(this.context)],
    });
  }

  private bindPeople(props: TaskManagerStackProps): void {
    const scope = new Construct(this, 'Access');
    const bind = (id: string, role: string, groups: readonly string[]) => {
      if (groups.length === 0) return undefined;
      const binding = new kplus.k8s.KubeRoleBinding(scope, id, {
        metadata: { name: `${this.name}-${role}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: groups.map((group) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group })),
      });
      // Polaris judges a RoleBinding's Role side against the Roles of the audited folder (see lib/linter-exemptions).
      exemptFromLinters(binding, 'bindsClusterRole');
      return binding;
    };
    const admins = bind('Admins', props.accessRoles.adminRoleName, props.adminGroups);
    if (admins) exemptFromLinters(admins, 'adminPodExecBinding');
    bind('Developers', props.accessRoles.developerRoleName, props.developerGroups);
    stampIdentity(scope, this.identity(props, 'access', shortHash([props.adminGroups, props.developerGroups])));
  }

  private checkSecretKeys(keys: DatabaseSecretKeys): Required<DatabaseSecretKeys> {
    const resolved = { username: keys.username ?? 'username', password: keys.password ?? 'password', rootPassword: keys.rootPassword ?? 'root-password' };
    for (const [field, key] of Object.entries(resolved)) requireValid(this, `databaseSecretKeys.${field}`, key, secretKeyProblem);
    if (new Set(Object.values(resolved)).size !== 3) throw propError(this, 'databaseSecretKeys', resolved, 'three different keys');
    return resolved;
  }

  private checkGroups(prop: string, groups: readonly string[]): void {
    const seen = new Set<string>();
    groups.forEach((group, index) => {
      if (typeof group !== 'string' || group.trim() === '' || group !== group.trim()) {
        throw propError(this, `${prop}[${index}]`, group, 'a group name: not empty, no leading or trailing spaces');
      }
      if (seen.has(group)) throw propError(this, `${prop}[${index}]`, group, 'a group not already listed');
      seen.add(group);
    });
  }
}
