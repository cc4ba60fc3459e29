/**
 * Runs the microsite's generated nginx.conf in a real nginx on 127.0.0.1 (Debian package
 * `nginx-light`, or any nginx >= 1.19.5 on PATH or in /usr/sbin). Only `listen` and `root` are
 * swapped for a loopback port and a temporary directory; everything else is the synthesized file,
 * started the way the container starts it (`nginx -p <prefix> -e stderr -c <file>`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElectoralFeed, ElectoralFeedProps } from '../../constructs';
import { renderFeedMetrics } from '../../lib/observability';
import { freePort } from '../helpers/free-port';
import { find, synth } from '../helpers/manifests';
import { describeWithTools, executable, tool } from '../helpers/system-tools';

const RESULTS = '{"election":"test","seats":[{"party":"A","seats":12}]}\n';
const METRICS = renderFeedMetrics({ publishedSignedAt: 1_778_400_000, stages: [{ stage: 'run', result: 'success', at: 1_778_400_060 }] });

/** Replaces exactly one occurrence, so a changed config fails here instead of testing something else. */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one "${from}" in the generated nginx.conf, found ${count}`);
  return text.replace(from, to);
}

function generatedConfig(): string {
  const props: ElectoralFeedProps = {
    sourceUrl: 'https://results-api.example.org/v1/results.json',
    sourceEgress: [{ cidr: '203.0.113.42/32', port: 443 }],
    token: { secretName: 'electoral-feed-api', key: 'token' },
    keyring: { secretName: 'electoral-feed-keyring', key: 'publisher.gpg' },
    signerFingerprints: ['5C2E4A1B7D9F03E6A8B1C4D72F6E9A0B3D5C7E81'],
    webhook: { secretName: 'alerting-webhook', key: 'url' },
    webhookEgress: [{ cidr: '198.51.100.20/32', port: 443 }],
    collectorImage: 'registry.example.org/platform/electoral-collector@sha256:5291449c3df73caf6ed85e649dec1b9e818b39a5d8c871e97afc13e9cd5e8fa8',
    micrositeImage: 'docker.io/nginxinc/nginx-unprivileged@sha256:601c823234c474696ded03d619e67f1e59538802731543099c691aea67e4a553',
    publishStorageClass: 'efs-rwx',
    partOf: 'electoral-feed',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/platform/electoral-feed',
    monitoring: { prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
  };
  const manifests = synth((chart) => new ElectoralFeed(chart, 'electoral-feed', props), 'electoral');
  return find(manifests, 'ConfigMap', 'electoral-feed-microsite-nginx').data['nginx.conf'];
}

describeWithTools('microsite nginx config (real nginx)', [tool.nginx], () => {
  let dir: string;
  let publish: string;
  let nginx: ChildProcess | undefined;
  let base: string;
  let metricsBase: string;
  let accessLog: string;
  const stderr: string[] = [];

  async function start(config: string): Promise<void> {
    const binary = executable('nginx');
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const metricsPort = await freePort();
      const confPath = join(dir, 'nginx.conf');
      let local = replaceOnce(config, 'listen 8080 default_server;', `listen 127.0.0.1:${port} default_server;`);
      local = replaceOnce(local, 'root /srv/publish;', `root ${publish};`);
      local = replaceOnce(local, 'listen 9113;', `listen 127.0.0.1:${metricsPort};`);
      local = replaceOnce(local, 'alias /srv/publish/.metrics/electoral-feed.prom;', `alias ${publish}/.metrics/electoral-feed.prom;`);
      writeFileSync(confPath, local);
      metricsBase = `http://127.0.0.1:${metricsPort}`;
      const runDir = join(dir, `run-${attempt}`);
      mkdirSync(runDir, { mode: 0o755 });
      stderr.length = 0;
      // stdout is a file, as a container runtime's log pipe: nginx reopens /dev/stdout, which a
      // Node pipe (a socket) would refuse.
      accessLog = join(dir, `stdout-${attempt}.log`);
      const stdoutFd = openSync(accessLog, 'a');
      const child = spawn(binary, ['-p', `${runDir}/`, '-e', 'stderr', '-c', confPath], { stdio: ['ignore', stdoutFd, 'pipe'] });
      closeSync(stdoutFd);
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      let exited = false;
      child.once('exit', () => (exited = true));
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100 && !exited; i++) {
        try {
          if ((await fetch(`${base}/healthz`)).status === 200) {
            nginx = child;
            return;
          }
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!exited) child.kill('SIGKILL');
      const log = stderr.join('');
      if (attempt < 3 && /Address already in use/.test(log)) continue; // the free port was taken meanwhile
      throw new Error(`nginx did not serve /healthz on ${base}:\n${log}`);
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'electoral-nginx-'));
    // nginx started as root serves through workers running as nobody: like the pod, which reads the
    // collector's files (0644 in a 0755/2775 directory) as another user.
    chmodSync(dir, 0o755);
    publish = join(dir, 'publish');
    mkdirSync(publish, { mode: 0o755 });
    const files: Record<string, string> = {
      'results.json': RESULTS,
      'results.json.sig': 'signature bytes',
      'status.json': '{"file":"results.json"}\n',
      '.collector.lock': '',
      '.tmp-collect-AbC123': 'half-written',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(publish, name), content, { mode: 0o644 });
    mkdirSync(join(publish, '.tmp-x'), { mode: 0o755 });
    writeFileSync(join(publish, '.tmp-x', 'results.json'), 'staged', { mode: 0o644 });
    mkdirSync(join(publish, 'archive'), { mode: 0o755 });
    writeFileSync(join(publish, 'archive', '.hidden'), 'hidden', { mode: 0o644 });
    symlinkSync('/etc/passwd', join(publish, 'passwd.json'));
    mkdirSync(join(publish, '.metrics'), { mode: 0o755 });
    writeFileSync(join(publish, '.metrics', 'electoral-feed.prom'), METRICS, { mode: 0o644 });
    await start(generatedConfig());
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      if (nginx.exitCode === null && nginx.signalCode === null) nginx.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, { redirect: 'manual', ...init });

  test('the metrics port serves the collector\'s metrics file as /metrics, and nothing else; the site never serves it', async () => {
    const metrics = await fetch(`${metricsBase}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe(METRICS);
    expect((await fetch(`${metricsBase}/results.json`)).status).toBe(404);
    expect((await fetch(`${metricsBase}/metrics`, { method: 'POST' })).status).toBe(403);
    expect((await get('/.metrics/electoral-feed.prom')).status).toBe(404);
    expect((await get('/metrics')).status).toBe(404);
  });

  test('serves the results file as JSON with a short cache lifetime and no version in Server', async () => {
    const response = await get('/results.json');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(RESULTS);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=30');
    expect(response.headers.get('server')).toBe('nginx');
    expect(response.headers.get('etag')).toBeTruthy();
  });

  test('serves the signature and the status record', async () => {
    const signature = await get('/results.json.sig');
    expect([signature.status, signature.headers.get('content-type')]).toEqual([200, 'application/pgp-signature']);
    expect((await get('/status.json')).status).toBe(200);
  });

  test.each(['/.collector.lock', '/.tmp-collect-AbC123', '/.tmp-x', '/.tmp-x/', '/.tmp-x/results.json', '/archive/.hidden', '/%2Ecollector.lock'])(
    'never serves the dot-file %s (404, existence not revealed)',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('half-written');
    },
  );

  test('lists no directory and serves nothing through a symlink', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/archive/')).status).toBe(404);
    const linked = await get('/passwd.json');
    expect(linked.status).toBe(404);
    expect(await linked.text()).not.toContain('root:');
  });

  test('answers /healthz with 200 for the probes', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  test('refuses writes', async () => {
    expect((await get('/results.json', { method: 'POST', body: 'x' })).status).toBe(403);
    expect((await get('/results.json', { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await get('/results.json', { method: 'HEAD' })).status).toBe(200);
  });

  test('a file replaced by rename is served at once (no descriptor cache)', async () => {
    expect(await (await get('/results.json')).text()).toBe(RESULTS);
    const next = '{"election":"test","seats":[{"party":"A","seats":13}]}\n';
    writeFileSync(join(publish, '.tmp-collect-next'), next, { mode: 0o644 });
    renameSync(join(publish, '.tmp-collect-next'), join(publish, 'results.json'));
    expect(await (await get('/results.json')).text()).toBe(next);
  });

  test('logs requests as JSON lines on stdout', async () => {
    await get('/results.json?probe=log');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = readFileSync(accessLog, 'utf8').split('\n').filter((line) => line.includes('probe=log'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0])).toMatchObject({ method: 'GET', uri: '/results.json?probe=log', status: 200 });
  });
});
