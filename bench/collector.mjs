#!/usr/bin/env node
// Benchmark: the electoral collector publishing a 100 MB signed file, against the bare minimum
// (curl -o for file and signature, then gpgv) on the same file from the same loopback server.
// Three situations: empty volumes (first publish); a previous 100 MB version already live (a new
// one replaces it); the same version already live (the run hashes the live file to check it
// against its record, then finds it unchanged). The target is set on busybox sh, the image's shell.
// Median of 5 runs each: wall time (the ratio to the baseline is paired, run by run), CPU time
// (user + system of the whole process tree: less sensitive than wall time to other load on the
// machine) and peak memory (largest process), via /usr/bin/time -f '%e %M %U %S'; falls back to
// python3's getrusage(RUSAGE_CHILDREN), else wall time only.
//
//   node bench/collector.mjs [--mb 100] [--runs 5]
//
// Prints a table and one line `BENCH_JSON {...}` for a wrapper to aggregate.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = resolve(here, '../images/electoral-collector/collect.sh');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = arg('mb', 100);
const RUNS = arg('runs', 5);
const TOKEN = 'bench-token-0123456789';

const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const root = mkdtempSync(join(tmpdir(), 'collector-bench-'));
let server;
try {
  // --- fixtures: data, key, detached signature ------------------------------------------------
  const data = join(root, 'results.bin');
  const previous = join(root, 'previous.bin');
  for (const file of [data, previous]) {
    const fd = openSync(file, 'w');
    for (let left = MB * 1024 * 1024; left > 0; left -= 4 * 1024 * 1024) writeSync(fd, randomBytes(Math.min(left, 4 * 1024 * 1024)));
    closeSync(fd);
  }
  const gnupg = join(root, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  const gpg = (args) => execFileSync('gpg', ['--batch', '--yes', '--no-tty', ...args], { env: { ...process.env, GNUPGHOME: gnupg }, stdio: ['ignore', 'pipe', 'pipe'] });
  const now = Math.floor(Date.now() / 1000);
  // created a day ago, so that the two versions can carry signature times a minute or two apart
  gpg(['--passphrase', '', '--faked-system-time', `${now - 86400}!`, '--quick-gen-key', 'Bench <bench@example.test>', 'ed25519', 'sign', 'never']);
  const keyring = join(root, 'keyring.gpg');
  writeFileSync(keyring, gpg(['--export']));
  const fpr = gpg(['--with-colons', '--fingerprint']).toString().split('\n').find((l) => l.startsWith('fpr:')).split(':')[9];
  gpg(['--faked-system-time', `${now - 120}!`, '--detach-sign', '-o', `${previous}.sig`, previous]);
  gpg(['--faked-system-time', `${now - 60}!`, '--detach-sign', '-o', `${data}.sig`, data]);
  const tokenFile = join(root, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const headerFile = join(root, 'auth-header');
  writeFileSync(headerFile, `Authorization: Bearer ${TOKEN}\n`, { mode: 0o600 });

  // --- loopback server (serves `served`: the new version, or the previous one while a run sets up)
  let served = data;
  server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    const file = req.url === '/feed/results.bin' ? served : req.url === '/feed/results.bin.sig' ? `${served}.sig` : null;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/feed/results.bin`;

  // --- measurement --------------------------------------------------------------------------------
  const timer = existsSync('/usr/bin/time') ? 'gnu-time' : has('python3') ? 'python-rusage' : 'wall-only';
  const PY = 'import resource,subprocess,sys,time\nt=time.time();r=subprocess.call(sys.argv[1:])\n' +
    'u=resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
    'sys.stderr.write("%.2f %d %.2f %.2f\\n"%(time.time()-t,u.ru_maxrss,u.ru_utime,u.ru_stime));sys.exit(r)';
  function measure(cmd, env) {
    const argv = timer === 'gnu-time' ? ['/usr/bin/time', '-f', '%e %M %U %S', ...cmd] : timer === 'python-rusage' ? ['python3', '-c', PY, ...cmd] : cmd;
    const t0 = process.hrtime.bigint();
    return new Promise((resolvePromise, reject) => {
      const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => {
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        if (code !== 0) return reject(new Error(`${cmd.join(' ')} exited ${code}\n${err}`));
        const last = err.trim().split('\n').pop() ?? '';
        const m = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
        resolvePromise({
          seconds: m ? Number(m[1]) : wall,
          wall,
          maxRssKiB: m ? Number(m[2]) : null,
          cpuSeconds: m ? Number(m[3]) + Number(m[4]) : null,
        });
      });
    });
  }

  const base = process.env.PATH;
  const bbDir = has('busybox') ? join(root, 'busybox-applets') : null;
  if (bbDir) {
    mkdirSync(bbDir);
    const bb = execFileSync('sh', ['-c', 'command -v busybox']).toString().trim();
    for (const a of execFileSync(bb, ['--list']).toString().split('\n').filter(Boolean)) {
      if (!['curl', 'gpgv', 'flock'].includes(a)) execFileSync('ln', ['-s', bb, join(bbDir, a)]);
    }
  }
  const variants = {
    baseline: (dir) => ({
      cmd: ['sh', '-c', 'curl -q -sS -H "@$H" -o "$D/f" "$U" && curl -q -sS -H "@$H" -o "$D/f.sig" "$U.sig" && gpgv --keyring "$K" "$D/f.sig" "$D/f" 2>/dev/null'],
      env: { PATH: base, H: headerFile, D: dir, U: url, K: keyring, GNUPGHOME: join(dir, 'g') },
    }),
    'collector (dash)': (dir) => ({ cmd: ['dash', SCRIPT], env: collectorEnv(dir, base) }),
    ...(bbDir ? { 'collector (busybox sh)': (dir) => ({ cmd: ['busybox', 'sh', SCRIPT], env: collectorEnv(dir, `${bbDir}:${base}`) }) } : {}),
  };
  function collectorEnv(dir, path) {
    return {
      PATH: path,
      TMPDIR: join(dir, 'tmp'),
      FEED_SOURCE_URL: url,
      FEED_TOKEN_FILE: tokenFile,
      FEED_KEYRING: keyring,
      FEED_SIGNER_FINGERPRINTS: fpr,
      FEED_PUBLISH_DIR: join(dir, 'pub'),
      FEED_BACKUP_DIR: join(dir, 'backup'),
    };
  }

  // What is live before the measured run: nothing, the previous version, or the same version.
  const situations = { 'empty volumes': null, 'previous version live': previous, 'same version live': data };
  const results = {};
  for (const situation of Object.keys(situations)) {
    for (const name of Object.keys(variants)) results[`${situation} | ${name}`] = [];
  }
  for (let run = 0; run < RUNS; run++) {
    for (const [situation, live] of Object.entries(situations)) {
      for (const [name, make] of Object.entries(variants)) {
        const dir = join(root, 'run');
        rmSync(dir, { recursive: true, force: true });
        for (const d of ['', 'tmp', 'pub', 'backup', 'g']) mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
        if (live && name !== 'baseline') {
          served = live; // set up untimed: the collector publishes what is to be live
          await measure(['dash', SCRIPT], collectorEnv(dir, base));
          served = data;
          // Runs are minutes apart in production. A publish within the second of the previous one
          // waits for the next second (backup names sort by time): not what is measured here.
          await new Promise((r) => setTimeout(r, 1020 - (Date.now() % 1000)));
        }
        const { cmd, env } = make(dir);
        results[`${situation} | ${name}`].push(await measure(cmd, env));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const summary = {};
  for (const [name, rs] of Object.entries(results)) {
    summary[name] = {
      median_seconds: median(rs.map((r) => r.seconds)),
      median_max_rss_kib: rs[0].maxRssKiB === null ? null : median(rs.map((r) => r.maxRssKiB)),
      median_cpu_seconds: rs[0].cpuSeconds === null ? null : median(rs.map((r) => r.cpuSeconds)),
      runs_seconds: rs.map((r) => r.seconds),
    };
  }
  // One baseline for all situations (curl + gpgv do not look at what is live): all its runs.
  const baselineRuns = Object.entries(results).filter(([k]) => k.endsWith('| baseline')).flatMap(([, rs]) => rs);
  const b = {
    median_seconds: median(baselineRuns.map((r) => r.seconds)),
    median_max_rss_kib: baselineRuns[0].maxRssKiB === null ? null : median(baselineRuns.map((r) => r.maxRssKiB)),
    median_cpu_seconds: baselineRuns[0].cpuSeconds === null ? null : median(baselineRuns.map((r) => r.cpuSeconds)),
    runs_seconds: baselineRuns.map((r) => r.seconds),
  };
  // The ratio to the baseline is paired: each collector run against the baseline run of the same
  // round and situation, measured just before it, then the median of those ratios. The machine's
  // speed drifts over a bench (other tenants, page cache, writeback): a ratio of two medians taken
  // at different moments carries that drift, a paired one mostly does not.
  const pairedRatio = (name) => {
    const [situation] = name.split(' | ');
    const base = results[`${situation} | baseline`];
    return base ? median(results[name].map((r, i) => r.seconds / base[i].seconds)) : 1;
  };
  const rows = [['baseline (curl + gpgv)', b], ...Object.entries(summary).filter(([k]) => !k.endsWith('| baseline'))].map(([name, s]) => ({
    name,
    ...s,
    time_ratio: name.includes(' | ') ? pairedRatio(name) : 1,
    rss_ratio: s.median_max_rss_kib && b.median_max_rss_kib ? s.median_max_rss_kib / b.median_max_rss_kib : null,
    cpu_ratio: s.median_cpu_seconds && b.median_cpu_seconds ? s.median_cpu_seconds / b.median_cpu_seconds : null,
  }));

  console.log(`\ncollector benchmark: ${MB} MB file + detached signature over loopback, median of ${RUNS} runs (${timer})\n`);
  const loadavg = (await import('node:os')).loadavg();
  console.log(`${'variant'.padEnd(48)} ${'wall s'.padStart(8)} ${'x base'.padStart(7)} ${'CPU s'.padStart(7)} ${'x base'.padStart(7)} ${'peak RSS MiB'.padStart(13)}`);
  for (const r of rows) {
    const rss = r.median_max_rss_kib === null ? 'n/a' : (r.median_max_rss_kib / 1024).toFixed(1);
    const cpu = r.median_cpu_seconds === null ? 'n/a' : r.median_cpu_seconds.toFixed(2);
    const cpuRatio = r.cpu_ratio === null ? 'n/a' : r.cpu_ratio.toFixed(2);
    console.log(
      `${r.name.padEnd(48)} ${r.median_seconds.toFixed(2).padStart(8)} ${r.time_ratio.toFixed(2).padStart(7)} ${cpu.padStart(7)} ${cpuRatio.padStart(7)} ${rss.padStart(13)}`,
    );
  }
  console.log(`\nload average during the run: ${loadavg.map((l) => l.toFixed(2)).join(' ')} (other work on the machine inflates wall times)`);
  const shell = bbDir ? 'collector (busybox sh)' : 'collector (dash)';
  const judged = rows.filter((r) => r.name.endsWith(`| ${shell}`));
  const worst = Math.max(...judged.map((r) => r.time_ratio));
  for (const r of judged) console.log(`target: ${r.name} within 1.30x of baseline -> ${r.time_ratio.toFixed(2)}x ${r.time_ratio <= 1.3 ? 'OK' : 'OVER'}`);
  console.log('');
  console.log(`BENCH_JSON ${JSON.stringify({ bench: 'electoral-collector', mb: MB, runs: RUNS, timer, target_ratio: 1.3, judged_shell: shell, ratio: worst, loadavg, variants: rows })}`);
} finally {
  server?.close();
  rmSync(root, { recursive: true, force: true });
}
