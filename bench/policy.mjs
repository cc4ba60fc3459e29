// Benchmarks the policy gate. Run after `node scripts/build.mjs`:
//   node bench/policy.mjs
// 1. The CLI: 1000 varied manifests (compliant and violating workloads, CronJobs old and new,
//    Gateway API and Ingress edges, CRDs with and without schemas) in 50 multi-document files;
//    `node build/check.js --format json <dir>` timed end to end, median of 5 (target < 2 s).
// 2. The synth-time gate: three environments of ~100 objects (bench/policy-gate-scenario.ts), the
//    time runPolicyGate adds to rendering them: median of 5 fresh processes that gate and render
//    minus median of 5 that only render (target ~0.2 s).
// Prints one `BENCH_JSON {...}` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const MANIFESTS = 1000;
const PER_FILE = 20;
const DIGEST_IMAGE = 'docker.io/curlimages/curl@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function container(index, compliant) {
  return {
    name: `c${index}`,
    image: compliant ? DIGEST_IMAGE : `nginx:1.${index % 27}`,
    ...(compliant
      ? {
          resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
          livenessProbe: { httpGet: { path: '/', port: 8080 } },
          readinessProbe: { httpGet: { path: '/', port: 8080 } },
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        }
      : { env: [{ name: 'API_TOKEN', value: `token-${index}` }] }),
  };
}

function podSpec(index, compliant) {
  return {
    ...(compliant ? { serviceAccountName: `sa-${index}`, automountServiceAccountToken: false } : {}),
    containers: [container(index, compliant), ...(index % 3 === 0 ? [container(index + 1, compliant)] : [])],
  };
}

/** The i-th manifest: a rotation over the kinds a platform repository holds. */
function manifest(index) {
  const namespace = `team-${index % 10}`;
  const name = `obj-${index}`;
  const metadata = { name, namespace, labels: { app: name } };
  const compliant = index % 2 === 0;
  switch (index % 12) {
    case 0:
    case 1:
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1 + (index % 3), selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec(index, compliant) } } };
    case 2:
      return { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
    case 3:
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { LOG_LEVEL: 'info', [`key${index}`]: `value${index}` } };
    case 4:
      return {
        apiVersion: compliant ? 'batch/v1' : 'batch/v1beta1',
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: `${index % 60} ${index % 24} * * *`,
          ...(compliant ? { timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 } : {}),
          jobTemplate: { spec: { activeDeadlineSeconds: 600, template: { spec: { restartPolicy: 'Never', ...podSpec(index, compliant) } } } },
        },
      };
    case 5:
      return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { ...metadata, name: `deny-${index}` }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    case 6:
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { ...metadata, annotations: compliant ? { 'nginx.ingress.kubernetes.io/custom-headers': `${namespace}/headers` } : { 'nginx.ingress.kubernetes.io/server-snippet': 'return 200;' } },
        spec: { ...(compliant ? { tls: [{ hosts: [`${name}.example.com`] }] } : {}), rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] },
      };
    case 7:
      return {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata,
        spec: { parentRefs: [{ name: 'edge', namespace: 'gateway', ...(compliant ? { sectionName: 'https' } : {}) }], hostnames: [`${name}.example.com`], rules: [{ backendRefs: [{ name, port: 80 }] }] },
      };
    case 8:
      return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { minAvailable: 1, selector: { matchLabels: { app: `obj-${index - 8}` } } } };
    case 9:
      return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `obj-${index - 9}` }, minReplicas: 2, maxReplicas: 5 } };
    case 10:
      return compliant
        ? { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...metadata, name: `sa-${index}` }, automountServiceAccountToken: false }
        : { apiVersion: 'v1', kind: 'Secret', metadata, stringData: { password: `p${index}` } };
    default:
      return compliant
        ? { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata, spec: { groups: [{ name: 'g', rules: [{ alert: 'Down', expr: `up{job="${name}"} == 0`, for: '5m' }] }] } }
        : { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: { size: index } };
  }
}

function writeManifests() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  for (let file = 0; file < MANIFESTS / PER_FILE; file++) {
    const documents = Array.from({ length: PER_FILE }, (_, offset) => stringify(manifest(file * PER_FILE + offset)));
    writeFileSync(join(dir, `manifests-${String(file).padStart(3, '0')}.yaml`), documents.join('---\n'));
  }
  return dir;
}

function benchCli(dir) {
  const runsMs = [];
  let summary;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [join(root, 'build/check.js'), '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    runsMs.push(performance.now() - start);
    if (result.status !== 1) throw new Error(`check exited ${result.status} (expected 1: the set has violations): ${result.stderr}`);
    summary = JSON.parse(result.stdout).summary;
  }
  if (summary.objects !== MANIFESTS) throw new Error(`check saw ${summary.objects} objects, expected ${MANIFESTS}`);
  return {
    manifests: MANIFESTS, files: summary.files, errors: summary.errors, warnings: summary.warnings,
    medianMs: Math.round(median(runsMs)), runsMs: runsMs.map(Math.round),
  };
}

async function benchGate() {
  const outdir = join(root, '.bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'policy-gate-scenario.js');
  await build({ absWorkingDir: root, entryPoints: ['bench/policy-gate-scenario.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
  const timeOf = (mode) => {
    const result = spawnSync(process.execPath, [outfile, mode], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`gate scenario (${mode}) failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const withGate = [];
  const renderOnly = [];
  // Interleaved, so that a change in machine load hits both sides alike.
  for (let run = 0; run < RUNS; run++) {
    withGate.push(timeOf('gate'));
    renderOnly.push(timeOf('render'));
  }
  const gateMs = median(withGate.map((run) => run.totalMs));
  const renderMs = median(renderOnly.map((run) => run.totalMs));
  return {
    environments: withGate[0].environments,
    objects: withGate[0].objects,
    addedMs: Math.round(gateMs - renderMs),
    gateAndRenderMs: Math.round(gateMs),
    renderOnlyMs: Math.round(renderMs),
  };
}

const dir = writeManifests();
try {
  const cli = benchCli(dir);
  const gate = await benchGate();
  console.log(`check CLI, ${cli.manifests} manifests in ${cli.files} files: median ${cli.medianMs} ms (runs ${cli.runsMs.join(', ')})`);
  console.log(
    `runPolicyGate, ${gate.environments} environments / ${gate.objects} objects: adds ${gate.addedMs} ms to rendering (median gate + render ${gate.gateAndRenderMs} ms, render alone ${gate.renderOnlyMs} ms)`,
  );
  console.log(`BENCH_JSON ${JSON.stringify({ cli, gate })}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
