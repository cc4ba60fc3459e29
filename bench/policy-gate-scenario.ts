// The synth-time side of bench/policy.mjs: three environments of about a hundred compliant objects,
// rendered in a fresh process with or without runPolicyGate before (validators load once per
// process, as in a real synth). Prints one JSON line. Bundled to .bench/ by bench/policy.mjs.
import { ApiObject, App, Chart } from 'cdk8s';
import { runPolicyGate } from '../lib/policy/gate';

const IMAGE = 'docker.io/nginxinc/nginx-unprivileged@sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553';
const NAMESPACES = 4;
const APPS_PER_NAMESPACE = 6;

function container(name: string): Record<string, unknown> {
  return {
    name,
    image: IMAGE,
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    livenessProbe: { httpGet: { path: '/', port: 8080 } },
    readinessProbe: { httpGet: { path: '/', port: 8080 } },
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

function addApp(chart: Chart, name: string): void {
  const labels = { app: name };
  new ApiObject(chart, `${name}-sa`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name }, automountServiceAccountToken: false } as never);
  new ApiObject(chart, `${name}-deployment`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
          containers: [container('app'), container('proxy')],
        },
      },
    },
  } as never);
  new ApiObject(chart, `${name}-pdb`, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: labels } } } as never);
  new ApiObject(chart, `${name}-service`, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } as never);
}

function buildEnvironment(): Chart[] {
  const app = new App();
  return Array.from({ length: NAMESPACES }, (_, index) => {
    const chart = new Chart(app, `namespace-${index}`, { namespace: `team-${index}` });
    new ApiObject(chart, 'default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    } as never);
    for (let appIndex = 0; appIndex < APPS_PER_NAMESPACE; appIndex++) addApp(chart, `app-${appIndex}`);
    new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } } as never);
    return chart;
  });
}

// `node <bundle> gate` times the gate followed by rendering (what a synth with the gate does);
// `node <bundle> render` times rendering alone. The difference is what the gate adds to a synth.
const withGate = process.argv[2] === 'gate';
const environments = ['dev', 'staging', 'prod'].map((name) => ({ name, charts: buildEnvironment() }));
const objects = environments.flatMap(({ charts }) => charts.flatMap(
  (chart) => chart.node.findAll().filter((construct) => ApiObject.isApiObject(construct)),
));
const start = performance.now();
for (const { name, charts } of environments) {
  if (withGate) runPolicyGate(charts, { environment: name, k8sVersion: '1.33' });
  for (const chart of charts) chart.toJson();
}
const totalMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ environments: environments.length, objects: objects.length, totalMs })}\n`);
