// ElectoralFeed's off-cluster copy of its backups (offsiteBackup): the collector gets lib/offsite's
// environment, the key pair as files from the declared Secret and the endpoint in its egress; a
// target that cannot work is refused naming the prop and the value.
import { ElectoralFeed, ElectoralFeedProps } from '../../constructs';
import { OFFSITE_ENV } from '../../lib/offsite';
import { find, Manifest, synth } from '../helpers/manifests';
import { baseFeedProps } from './electoral-feed-fixtures';

const OFFSITE = {
  target: { endpoint: 'https://objects.backup.example.org', bucket: 'cloudedu-backups-test', prefix: 'electoral-feed/', region: 'eu-central-1' },
  credentialsSecretName: 'electoral-feed-offsite',
  egress: [{ cidr: '203.0.113.80/29', port: 443 }],
};

function props(overrides: Partial<ElectoralFeedProps> = {}): ElectoralFeedProps {
  return baseFeedProps({ offsiteBackup: OFFSITE, ...overrides });
}

function build(overrides: Partial<ElectoralFeedProps> = {}): { feed: ElectoralFeed; manifests: Manifest[] } {
  let feed: ElectoralFeed | undefined;
  const manifests = synth((chart) => {
    feed = new ElectoralFeed(chart, 'electoral-feed', props(overrides));
  }, 'electoral');
  return { feed: feed!, manifests };
}

const collectorOf = (manifests: Manifest[]) => find(manifests, 'CronJob', 'electoral-feed-collector').spec.jobTemplate.spec.template.spec;

describe('ElectoralFeed offsiteBackup', () => {
  const { feed, manifests } = build();
  const pod = collectorOf(manifests);
  const container = pod.containers[0];
  const env: Record<string, string> = Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value]));

  test("the collector gets the target in lib/offsite's variables, and only paths for the key pair", () => {
    expect(env[OFFSITE_ENV.endpoint]).toBe(OFFSITE.target.endpoint);
    expect(env[OFFSITE_ENV.bucket]).toBe(OFFSITE.target.bucket);
    expect(env[OFFSITE_ENV.prefix]).toBe(OFFSITE.target.prefix);
    expect(env[OFFSITE_ENV.region]).toBe(OFFSITE.target.region);
    const files = [env[OFFSITE_ENV.accessKeyIdFile], env[OFFSITE_ENV.secretAccessKeyFile]];
    for (const [file, key] of [[files[0], 'access-key-id'], [files[1], 'secret-access-key']]) {
      const mount = container.volumeMounts.find((m: Manifest) => m.mountPath === file);
      expect(mount).toMatchObject({ readOnly: true, subPath: key });
      const volume = pod.volumes.find((v: Manifest) => v.name === mount.name);
      expect(volume.secret.secretName).toBe(OFFSITE.credentialsSecretName);
    }
  });

  test("the endpoint is in the collector's egress", () => {
    const policy = find(manifests, 'NetworkPolicy', 'electoral-feed-collector-egress');
    const blocks = policy.spec.egress.flatMap((rule: Manifest) =>
      rule.to.filter((t: Manifest) => t.ipBlock).map((t: Manifest) => [t.ipBlock.cidr, rule.ports[0].port]));
    expect(blocks).toContainEqual(['203.0.113.80/29', 443]);
  });

  test('the credentials Secret is declared with both keys, for the environment to deliver', () => {
    const declared = feed.secrets.find((s) => s.name === OFFSITE.credentialsSecretName);
    expect(declared?.keys.map((k) => k.key).sort()).toEqual(['access-key-id', 'secret-access-key']);
  });

  test('without offsiteBackup: no OFFSITE_* variable, no key pair, no extra egress', () => {
    const without = build({ offsiteBackup: undefined });
    const plain = collectorOf(without.manifests).containers[0];
    expect(plain.env.filter((e: Manifest) => e.name.startsWith('OFFSITE_'))).toEqual([]);
    expect(without.feed.secrets.map((s) => s.name)).not.toContain(OFFSITE.credentialsSecretName);
    expect(JSON.stringify(find(without.manifests, 'NetworkPolicy', 'electoral-feed-collector-egress'))).not.toContain('203.0.113.80/29');
  });

  test.each([
    [{ target: { ...OFFSITE.target, endpoint: 'http://objects.example.org' } },
      /electoral-feed.*offsiteBackup\.target\.endpoint "http:\/\/objects\.example\.org": https only/],
    [{ target: { ...OFFSITE.target, bucket: 'Bad_Bucket' } }, /offsiteBackup\.target\.bucket "Bad_Bucket": a bucket name/],
    [{ target: { ...OFFSITE.target, prefix: 'no-slash' } }, /offsiteBackup\.target\.prefix "no-slash"/],
    [{ credentialsSecretName: 'Not A Name' }, /offsiteBackup\.credentialsSecretName "Not A Name"/],
    [{ egress: [] }, /offsiteBackup\.egress.*at least one CIDR and port/],
  ])('refuses %j', (change, message) => {
    expect(() => build({ offsiteBackup: { ...OFFSITE, ...change } })).toThrow(message);
  });
});
