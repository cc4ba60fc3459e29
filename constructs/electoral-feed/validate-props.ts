/**
 * The ElectoralFeed props the constructor's own steps do not judge: the schedule text, the node
 * pool, a source URL whose default signature URL would be wrong, and a second feed of the same
 * name in the namespace (named here, before its inner objects collide).
 */
import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { Schedule } from '../../lib/cron';
import { propError } from '../../lib/errors';
import { claimObjectName, requireNodePool, requireSchedule } from '../../lib/validate';
import type { ElectoralFeedProps } from './props';

export const DEFAULT_FEED_SCHEDULE = '*/5 * * * *';

/** Checks the props; returns the schedule, parsed (a string `schedule` is parsed here, naming the prop). */
export function checkElectoralFeedProps(scope: IConstruct, name: string, props: ElectoralFeedProps): Schedule {
  claimObjectName(scope, 'name', 'ElectoralFeed', Chart.of(scope).namespace, name);
  const schedule = requireSchedule(scope, 'schedule', props.schedule ?? DEFAULT_FEED_SCHEDULE);
  requireNodePool(scope, 'nodePool', props.nodePool);
  if (props.signatureUrl === undefined && typeof props.sourceUrl === 'string' && props.sourceUrl.includes('?')) {
    throw propError(scope, 'sourceUrl', props.sourceUrl,
      'a URL without a ?query, or set signatureUrl: the default signature URL appends ".sig", which would land inside the query');
  }
  return schedule;
}
