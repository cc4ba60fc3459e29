import { Duration } from 'cdk8s';
import { ElectoralFeed, ElectoralFeedProps } from '../../constructs';
import { dnsLabelProblem } from '../../lib/validate';
import { find, synth } from '../helpers/manifests';
import { baseFeedProps } from './electoral-feed-fixtures';

const POOL = {
  nodeLabelKey: 'node.example.org/pool', nodeLabelValue: 'batch',
  taintKey: 'node.example.org/dedicated', taintValue: 'batch', taintEffect: 'NoSchedule',
} as const;
const SECRET_KEY = 'a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")';
const LABEL_KEY = 'a qualified key such as "node.example.org/pool": an optional DNS-subdomain prefix (at most 253 characters) and "/", '
  + 'then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

function props(overrides: Partial<ElectoralFeedProps> = {}): ElectoralFeedProps {
  return baseFeedProps({ nodePool: POOL, ...overrides });
}

describe('ElectoralFeed refuses every invalid prop, naming the construct path, the prop, the value and what is accepted', () => {
  test.each<[string, Partial<ElectoralFeedProps>, string]>([
    ['cron text', { schedule: '*/5 25 * * *' },
      'test/feed: invalid schedule "*/5 25 * * *": a cron schedule Kubernetes accepts and runs; hour: value 25 is above the maximum 23 (0-23)'],
    ['taint key', { nodePool: { ...POOL, taintKey: 'bad key!' } }, `test/feed: invalid nodePool.taintKey "bad key!": ${LABEL_KEY}`],
    ['priority class', { nodePool: { ...POOL, priorityClassName: 'batch_critical' } },
      'test/feed: invalid nodePool.priorityClassName "batch_critical": a PriorityClass name that must be an RFC 1123 subdomain: lowercase '
        + 'letters, digits, "-" and "."'],
    ['a source URL with a query and no signatureUrl', { sourceUrl: 'https://results-api.example.org/v1/results.json?round=2' },
      'test/feed: invalid sourceUrl "https://results-api.example.org/v1/results.json?round=2": a URL without a ?query, or set signatureUrl: '
      + 'the default signature URL appends ".sig", which would land inside the query'],
    ['a source URL with a fragment', { sourceUrl: 'https://results.example.org/v1/results.json#top' },
      'test/feed: invalid sourceUrl "https://results.example.org/v1/results.json#top": a URL without a #fragment'],
    ['a source URL with credentials', { sourceUrl: 'https://feed:hunter2@results.example.org/v1/results.json' },
      'test/feed: invalid sourceUrl "https://feed:hunter2@results.example.org/v1/results.json": a URL without user info (credentials belong '
        + 'in the token Secret)'],
    ['token key ".."', { token: { secretName: 'electoral-feed-api', key: '..' } }, `test/feed: invalid token.key "..": ${SECRET_KEY}`],
    ['keyring key "../x"', { keyring: { secretName: 'electoral-feed-keyring', key: '../x' } }, `test/feed: invalid keyring.key "../x": `
      + `${SECRET_KEY}`],
    ['webhook key ""', { webhook: { secretName: 'alerting-webhook', key: '' } }, `test/feed: invalid webhook.key "": ${SECRET_KEY}`],
    ['malformed IPv6 source', { sourceEgress: [{ cidr: 'fffff::/64', port: 443 }] },
      'test/feed: invalid sourceEgress[0].cidr "fffff::/64": an IPv4 or IPv6 CIDR such as "203.0.113.10/32"'],
    ['the whole IPv6 internet', { webhookEgress: [{ cidr: '0::/0', port: 443 }] },
      'test/feed: invalid webhookEgress[0].cidr "0::/0": a specific network: egress to the whole internet defeats the policy'],
    ['a huge volume', { publishVolumeSize: '5Pi' }, 'test/feed: invalid publishVolumeSize "5Pi": a storage quantity from 1Mi to 1Pi'],
    ['a fractional deadline', { startingDeadline: Duration.millis(20_500) }, 'test/feed: invalid startingDeadline "20.5s": a whole number '
      + 'of seconds'],
    ['a rule label key', { monitoring: { prometheus: { namespace: 'monitoring', podLabels: { 'bad key!': 'x' } } } },
      'test/feed: invalid monitoring.prometheus.podLabels key "bad key!": ' + LABEL_KEY],
  ])('%s', (_, overrides, message) => {
    expect(() => synth((chart) => new ElectoralFeed(chart, 'feed', props(overrides)))).toThrow(message);
  });

  test('a query string is fine when the signature URL is given', () => {
    const overrides = {
      sourceUrl: 'https://results-api.example.org/v1/results.json?round=2', signatureUrl: 'https://results-api.example.org/v1/results.json.sig?round=2',
    };
    expect(() => synth((chart) => new ElectoralFeed(chart, 'feed', props(overrides)))).not.toThrow();
  });

  test('a Secret name with a dot mounts through a valid volume name', () => {
    const manifests = synth((chart) => new ElectoralFeed(chart, 'feed', props({ token: { secretName: 'feed.api', key: 'token' } })));
    const volumes = find(manifests, 'CronJob', 'feed-collector').spec.jobTemplate.spec.template.spec.volumes;
    const token = volumes.find((v: { secret?: { secretName: string } }) => v.secret?.secretName === 'feed.api');
    expect(token.name).toMatch(/^secret-feed-api-[0-9a-f]{8}$/);
    for (const v of volumes) expect(dnsLabelProblem(v.name)).toBeUndefined();
  });

  test('two feeds of one name in one namespace: refused, naming both paths', () => {
    expect(() => synth((chart) => {
      new ElectoralFeed(chart, 'feed', props());
      new ElectoralFeed(chart, 'again', props({ name: 'feed' }));
    })).toThrow('test/again: invalid name "feed": a name no other ElectoralFeed uses in namespace "test" (test/feed has it)');
  });
});
