// The ElectoralFeed props the construct-level tests start from: a valid feed on Traefik, without
// a node pool or an off-cluster copy; each test file adds what it is about.
import { Edge, ElectoralFeedProps, Schedule } from '../../constructs';

export const COLLECTOR_IMAGE = 'registry.example.org/platform/electoral-collector@sha256:5291449c3df73caf6ed85e649dec1b9e818b39a5d8c871e97afc13e9cd5e8fa8';
export const NGINX_IMAGE = 'docker.io/nginxinc/nginx-unprivileged@sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553';
export const SIGNER = '5C2E4A1B7D9F03E6A8B1C4D72F6E9A0B3D5C7E81';

export function baseFeedProps(overrides: Partial<ElectoralFeedProps> = {}): ElectoralFeedProps {
  return {
    sourceUrl: 'https://results-api.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    webhook: { secretName: 'alerting-webhook', key: 'url' },
    webhookEgress: [{ cidr: '198.51.100.20/32', port: 443 }],
    collectorImage: COLLECTOR_IMAGE,
    micrositeImage: NGINX_IMAGE,
    schedule: Schedule.cron('*/5 * * * *'),
    publishStorageClass: 'efs-rwx',
    host: 'results.example.org',
    edge: Edge.traefik({ ingressClassName: 'traefik', clusterIssuer: 'letsencrypt' }),
    ingressControllerNamespace: 'traefik',
    partOf: 'electoral-feed',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/platform/electoral-feed',
    signerFingerprints: [SIGNER],
    ...overrides,
  };
}
