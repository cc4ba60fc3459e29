/** Network path semantics on small hand-made object sets: isolation, both ends, port overlap, outside endpoints. */
import { describeEndpoint, networkGraph } from '../../../lib/network-graph/graph';
import { renderMermaid } from '../../../lib/network-graph/mermaid';
import { Manifest } from '../../../lib/policy/types';

const deployment = (name: string, namespace = 'app'): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } } },
});
const policy = (name: string, spec: Record<string, unknown>, namespace = 'app'): Manifest => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const paths = (manifests: Manifest[]) =>
  networkGraph(manifests).paths.map((path) => `${describeEndpoint(path.from)} -> ${describeEndpoint(path.to)}: ${path.ports.join(', ')}`);

test('a workload no policy selects is open both ways ("anywhere"), and reachable by any other', () => {
  expect(paths([deployment('a'), deployment('b')])).toEqual([
    'anywhere -> Deployment app/a: all ports',
    'anywhere -> Deployment app/b: all ports',
    'Deployment app/a -> anywhere: all ports',
    'Deployment app/a -> Deployment app/b: all ports',
    'Deployment app/b -> anywhere: all ports',
    'Deployment app/b -> Deployment app/a: all ports',
  ]);
});

test("between two workloads only the ports both the sender's egress and the receiver's ingress allow", () => {
  const manifests = [
    deployment('web'),
    deployment('db'),
    policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('web', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: {} }], ports: [{ port: 3000, endPort: 3310 }] }],
    }),
    policy('db', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 3306 }, { port: 33060 }] }],
    }),
  ];
  expect(paths(manifests)).toEqual(['Deployment app/web -> Deployment app/db: TCP 3306']);
});

test('outside endpoints: CIDRs with their exceptions, DNS once, the edge namespace of a routed workload, other namespaces', () => {
  const manifests = [
    deployment('web'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'app' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'app' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'a.example.org',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
          },
        ],
      },
    },
    policy('web', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8080 }] },
        {
          from: [{ namespaceSelector: { matchLabels: { team: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
          ports: [{ port: 9090 }],
        },
      ],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [{ port: 53, protocol: 'UDP' }],
        },
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] },
      ],
    }),
  ];
  expect(paths(manifests)).toEqual([
    'edge controller (namespace ingress-nginx) -> Deployment app/web: TCP 8080',
    'namespaces {team=monitoring}, pods {app=prometheus} -> Deployment app/web: TCP 9090',
    'Deployment app/web -> 10.0.0.0/8 except 10.1.0.0/16: TCP 443',
    'Deployment app/web -> DNS (kube-system/kube-dns): UDP 53',
  ]);
  const mermaid = renderMermaid(networkGraph(manifests));
  expect(mermaid).toContain('  subgraph ns1["namespace app"]\n    w1["Deployment web"]\n  end');
  expect(mermaid).toContain('  ns1 -->|"UDP 53"| dns');
  expect(mermaid.match(/dns\{\{/g)).toHaveLength(1);
});
