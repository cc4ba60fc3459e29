import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../lib/errors';
import { stampIdentity } from '../lib/metadata';
import { addDashboard, platformJobsDashboard } from '../lib/observability';
import * as kplus from '../lib/plus';
import { requireIdentity } from '../lib/validate';
import type { Ownership } from '../lib/metadata';
import type { SecureCronJob } from './secure-cron-job';

export interface PlatformJobsDashboardProps extends Ownership {
  /** The CronJobs shown: when each last succeeded, which failed, which are suspended. */
  readonly jobs: readonly SecureCronJob[];
  /**
   * Dashboard uid, also the ConfigMap's name prefix (`<uid>-dashboard`).
   * @default 'platform-jobs'
   */
  readonly uid?: string;
}

/** One Grafana dashboard (a ConfigMap for the sidecar) for every platform CronJob, in any namespace. */
export class PlatformJobsDashboard extends Construct {
  readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: PlatformJobsDashboardProps) {
    super(scope, id);
    const uid = props.uid ?? 'platform-jobs';
    const jobs = props.jobs.map((job) => {
      const namespace = Chart.of(job).namespace;
      if (namespace === undefined) {
        throw propError(this, 'jobs', job.node.path, 'SecureCronJobs in Charts with a namespace (the queries select by it)');
      }
      return { namespace, cronJobName: job.name };
    });
    this.configMap = addDashboard(this, 'Dashboard', platformJobsDashboard({ uid, jobs }));
    stampIdentity(this, requireIdentity(this, {
      name: uid, instance: uid, component: 'monitoring', partOf: props.partOf, version: 'v1', owner: props.owner, runbookUrl: props.runbookUrl,
    }));
  }
}
