import { FEED_METRICS, renderFeedMetrics } from '../../../lib/observability';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { checkMetrics } from './promtool';

const FINGERPRINT = '0123456789ABCDEF0123456789ABCDEF01234567';
const SAMPLE = {
  publishedSignedAt: 1_778_400_000,
  lastPublishAt: 1_778_400_065,
  stages: [
    { stage: 'run', result: 'unchanged', at: 1_778_400_300 },
    { stage: 'download', result: 'success', at: 1_778_400_290 },
    { stage: 'verify', result: 'success', at: 1_778_400_295 },
    { stage: 'compare', result: 'unchanged', at: 1_778_400_299 },
  ],
  signerFingerprint: FINGERPRINT,
} as const;

describe('renderFeedMetrics', () => {
  test('renders the contract: HELP and TYPE for every metric, stages in pipeline order, integer values', () => {
    expect(renderFeedMetrics(SAMPLE)).toBe([
      '# HELP electoral_feed_published_signed_at_seconds signed_at of the published results file, in Unix seconds.',
      '# TYPE electoral_feed_published_signed_at_seconds gauge',
      'electoral_feed_published_signed_at_seconds 1778400000',
      '# HELP electoral_feed_last_publish_timestamp_seconds Time the collector last replaced the published results file, in Unix seconds.',
      '# TYPE electoral_feed_last_publish_timestamp_seconds gauge',
      'electoral_feed_last_publish_timestamp_seconds 1778400065',
      '# HELP electoral_feed_stage_last_run_timestamp_seconds Time each stage of the collector last ran, in Unix seconds; ' +
        'result is success, unchanged or failure.',
      '# TYPE electoral_feed_stage_last_run_timestamp_seconds gauge',
      'electoral_feed_stage_last_run_timestamp_seconds{stage="download",result="success"} 1778400290',
      'electoral_feed_stage_last_run_timestamp_seconds{stage="verify",result="success"} 1778400295',
      'electoral_feed_stage_last_run_timestamp_seconds{stage="compare",result="unchanged"} 1778400299',
      'electoral_feed_stage_last_run_timestamp_seconds{stage="run",result="unchanged"} 1778400300',
      '# HELP electoral_feed_signer_info Fingerprint of the OpenPGP key that signed the published results file (value always 1).',
      '# TYPE electoral_feed_signer_info gauge',
      `electoral_feed_signer_info{fingerprint="${FINGERPRINT}"} 1`,
      '',
    ].join('\n'));
  });

  test('before the first publish: no samples, the HELP and TYPE lines stay', () => {
    const text = renderFeedMetrics({ stages: [{ stage: 'download', result: 'failure', at: 5 }] });
    expect(text).not.toMatch(new RegExp(`^${FEED_METRICS.publishedSignedAt} `, 'm'));
    expect(text).toContain(`# TYPE ${FEED_METRICS.signerInfo} gauge`);
  });

  test('refuses what would break the contract', () => {
    expect(() => renderFeedMetrics({ ...SAMPLE, signerFingerprint: 'abc' }))
      .toThrow('signer fingerprint "abc" is not 40 or 64 upper-case hex digits');
    expect(() => renderFeedMetrics({ stages: [{ stage: 'run', result: 'success', at: 1.5 }] }))
      .toThrow('run at 1.5 must be whole, non-negative Unix seconds');
    expect(() => renderFeedMetrics({ stages: [SAMPLE.stages[0], SAMPLE.stages[0]] })).toThrow('stage "run" listed twice');
    expect(() => renderFeedMetrics({ stages: [{ stage: 'upload' as any, result: 'success', at: 1 }] })).toThrow('unknown stage "upload"');
  });
});

describeWithTools('feed metrics format (real promtool)', [tool.promtool], () => {
  test('the sample passes promtool check metrics without a finding', () => {
    expect(checkMetrics(renderFeedMetrics(SAMPLE))).toBe('');
    expect(checkMetrics(renderFeedMetrics({ stages: [] }))).toBe('');
  });

  test('promtool does find problems in a broken file (the check can fail)', () => {
    expect(() => checkMetrics('electoral_feed_published_signed_at_seconds{stage= 1\n')).toThrow(/promtool check metrics failed/);
  });
});
