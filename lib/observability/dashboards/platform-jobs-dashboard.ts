/** One dashboard for every platform CronJob: when each last succeeded, what failed, what is suspended. */
import { matchers } from '../promql';
import { DashboardSpec } from './grafana';

export interface PlatformJob {
  readonly namespace: string;
  readonly cronJobName: string;
}

export interface PlatformJobsDashboardOptions {
  readonly uid: string;
  readonly jobs: readonly PlatformJob[];
}

export function platformJobsDashboard(options: PlatformJobsDashboardOptions): DashboardSpec {
  if (options.jobs.length === 0) throw new Error(`dashboard ${options.uid}: no jobs to show`);
  // One selector per CronJob, joined with `or`: a regex over namespaces and names would also match their cross product.
  const each = (metric: string) =>
    options.jobs.map((job) => `${metric}${matchers({ namespace: job.namespace, cronjob: job.cronJobName })}`).join(' or ');
  const namespaces = [...new Set(options.jobs.map((job) => job.namespace))];
  const owned = options.jobs
    .map((job) => `kube_job_owner${matchers({ namespace: job.namespace, owner_kind: 'CronJob', owner_name: job.cronJobName })}`)
    .join(' or ');
  return {
    uid: options.uid,
    title: 'Platform jobs',
    tags: ['platform-jobs'],
    panels: [
      {
        title: 'Time since the last success, per job',
        type: 'timeseries',
        unit: 's',
        targets: [{
          expr: `time() - max by (namespace, cronjob) (${each('kube_cronjob_status_last_successful_time')})`,
          legend: '{{namespace}}/{{cronjob}}',
        }],
      },
      {
        title: 'Last success, per job',
        type: 'table',
        unit: 'dateTimeAsIso',
        targets: [{ expr: `max by (namespace, cronjob) (${each('kube_cronjob_status_last_successful_time')}) * 1000` }],
      },
      {
        title: 'Failed Jobs still kept',
        type: 'table',
        targets: [{
          expr: `max by (namespace, job_name) (kube_job_failed${matchers({ condition: 'true' }, { namespace: namespaces.join('|') })})\n` +
            `  * on (namespace, job_name) group_left (owner_name) max by (namespace, job_name, owner_name) (${owned})`,
        }],
      },
      {
        title: 'Suspended and running',
        type: 'timeseries',
        targets: [
          { expr: `max by (namespace, cronjob) (${each('kube_cronjob_spec_suspend')})`, legend: '{{namespace}}/{{cronjob}} suspended' },
          { expr: `max by (namespace, cronjob) (${each('kube_cronjob_status_active')})`, legend: '{{namespace}}/{{cronjob}} active' },
        ],
      },
    ],
  };
}
