import type { Construct } from 'constructs';
import { egressToPods } from '../../lib/network';
import * as kplus from '../../lib/plus';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import type { DatabaseSecretKeys, TaskManagerStackProps } from './props';

/** What every tier of the stack needs to know, resolved and validated once by TaskManagerStack. */
export interface TaskManagerContext {
  /** The stack itself: errors name its path. */
  readonly stack: Construct;
  readonly props: TaskManagerStackProps;
  readonly name: string;
  readonly namespace: string;
  readonly databaseName: string;
  readonly databaseSecretName: string;
  readonly secretKeys: Required<DatabaseSecretKeys>;
  readonly webPodLabels: Record<string, string>;
  readonly databasePodLabels: Record<string, string>;
}

export const POD_SPEC = '/spec/template/spec';

/** The directory of the MySQL client option file (a memory emptyDir in each pod that has one). */
export function clientConfigDirOf(): string {
  return TASK_MANAGER_PATHS.mysqlClientConfig.replace(/\/[^/]+$/, '');
}

/** Egress to the MySQL pods on 3306. */
export function toMysql(ctx: TaskManagerContext): kplus.k8s.NetworkPolicyEgressRule {
  return egressToPods(undefined, ctx.databasePodLabels, MYSQL_PORT);
}

/** The database Secret's keys as files named `username`, `password`, `root-password` (0440, group = fsGroup). */
export function databaseCredentials(ctx: TaskManagerContext, scope: Construct, keys: readonly string[]): kplus.Volume {
  const secret = kplus.Secret.fromSecretName(scope, 'DatabaseSecret', ctx.databaseSecretName);
  const fileOf: Record<string, string> = {
    [ctx.secretKeys.username]: 'username',
    [ctx.secretKeys.password]: 'password',
    [ctx.secretKeys.rootPassword]: 'root-password',
  };
  const items = Object.fromEntries(keys.map((key) => [key, { path: fileOf[key] }]));
  return kplus.Volume.fromSecret(scope, 'DatabaseCredentials', secret, { name: 'db-credentials', defaultMode: 0o440, items });
}
