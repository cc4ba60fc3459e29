// Test harness for images/electoral-collector/collect.sh: real gpg keys, a real HTTP feed
// server and webhook receiver on 127.0.0.1, and a runner for the script under dash or busybox.
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const SCRIPT = path.resolve(__dirname, '../../../images/electoral-collector/collect.sh');
export const FILE = 'results.csv';
export const FEED_PATH = `/feed/${FILE}`;
export const SIG_PATH = `${FEED_PATH}.sig`;
export const TOKEN = 's3cr3t-T0ken_for.tests~only';
export const BACKUP_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{12}(-\d+)?$/;

export type Shell = 'dash' | 'busybox';

/**
 * A scenario runs the collector up to a dozen times; on a loaded 2-core machine (suites run side
 * by side) that can take minutes. A hung run still fails at runCollector's own 30 s limit.
 */
export const SCENARIO_TIMEOUT_MS = 180_000;

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Seconds since the epoch, now. */
export function nowEpoch(): number {
  return Math.floor(Date.now() / 1000);
}

// ---------------------------------------------------------------------------------------------
// OpenPGP keys (real gpg, ed25519, empty passphrase) in a private GNUPGHOME.

export class Keys {
  static create(): Keys {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'collector-gpg-'));
    fs.chmodSync(home, 0o700);
    // Created two days "ago" so that back-dated signatures (replay tests) are valid.
    const created = nowEpoch() - 2 * 86400;
    const fprs: string[] = [];
    for (const uid of ['Feed Publisher <publisher@example.test>', 'Someone Else <other@example.test>']) {
      Keys.gpg(home, ['--passphrase', '', '--faked-system-time', `${created}!`, '--quick-gen-key', uid, 'ed25519', 'sign', 'never']);
      const listing = Keys.gpg(home, ['--with-colons', '--fingerprint', uid]).toString();
      const fpr = listing.split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
      fprs.push(fpr);
    }
    const keys = new Keys(home, fprs[0], fprs[1]);
    fs.writeFileSync(keys.keyring, Keys.gpg(home, ['--export', fprs[0]]));
    fs.writeFileSync(keys.bothKeyring, Keys.gpg(home, ['--export', fprs[0], fprs[1]]));
    fs.writeFileSync(keys.armoredKeyring, Keys.gpg(home, ['--armor', '--export', fprs[0]]));
    return keys;
  }

  private static gpg(home: string, args: string[]): Buffer {
    return execFileSync('gpg', ['--batch', '--yes', '--no-tty', ...args], {
      env: { PATH: process.env.PATH, GNUPGHOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  readonly keyring: string;
  /** Both keys: a valid signature by the other one is then verifiable, yet not pinned. */
  readonly bothKeyring: string;
  readonly armoredKeyring: string;

  private constructor(
    readonly home: string,
    readonly publisherFpr: string,
    readonly otherFpr: string,
  ) {
    this.keyring = path.join(home, 'publisher.gpg');
    this.bothKeyring = path.join(home, 'both.gpg');
    this.armoredKeyring = path.join(home, 'publisher.asc');
  }

  /** A detached signature of data; `at` back-dates it (seconds since the epoch). */
  sign(
    data: Buffer,
    opts: { key?: 'publisher' | 'other'; armor?: boolean; at?: number; inline?: boolean; digest?: string } = {},
  ): Buffer {
    const dir = fs.mkdtempSync(path.join(this.home, 'sign-'));
    try {
      const input = path.join(dir, 'data');
      const out = path.join(dir, 'out');
      fs.writeFileSync(input, data);
      const fpr = opts.key === 'other' ? this.otherFpr : this.publisherFpr;
      Keys.gpg(this.home, [
        '--local-user', `${fpr}!`,
        ...(opts.at !== undefined ? ['--faked-system-time', `${opts.at}!`] : []),
        ...(opts.armor ? ['--armor'] : []),
        ...(opts.digest ? ['--digest-algo', opts.digest] : []),
        opts.inline ? '--sign' : '--detach-sign',
        '-o', out, input,
      ]);
      return fs.readFileSync(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  dispose(): void {
    try {
      execFileSync('gpgconf', ['--kill', 'all'], { env: { PATH: process.env.PATH, GNUPGHOME: this.home }, stdio: 'ignore' });
    } catch {
      // no agent running
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The feed server: checks the bearer token, serves scripted responses per path.

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface RequestRecord {
  path: string;
  authorized: boolean;
  at: number;
  /** Which TCP connection carried it (1, 2, ... in the order they were opened). */
  connection: number;
}

export class FeedServer {
  readonly requests: RequestRecord[] = [];
  private readonly routes = new Map<string, Handler[]>();
  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private connectionsOpened = 0;
  private readonly waiters: Array<() => void> = [];
  private server?: http.Server;
  private port = 0;

  constructor(readonly token: string = TOKEN) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      this.connectionIds.set(s, ++this.connectionsOpened);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** The nth request to path uses handlers[n] (the last one repeats). */
  route(p: string, ...handlers: Handler[]): this {
    this.routes.set(p, handlers);
    return this;
  }

  /** Serve data and its signature. */
  serve(data: Buffer, sig: Buffer): this {
    return this.route(FEED_PATH, ok(data)).route(SIG_PATH, ok(sig));
  }

  count(p: string): number {
    return this.requests.filter((r) => r.path === p).length;
  }

  /** Resolves once `n` requests (any path, counted from the start) have arrived. */
  async waitForRequests(n: number, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} requests (got ${this.requests.length})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const p = (req.url ?? '').split('?')[0];
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
    const n = this.count(p);
    this.requests.push({ path: p, authorized, at: Date.now(), connection: this.connectionIds.get(req.socket) ?? 0 });
    this.waiters.splice(0).forEach((w) => w());
    if (!authorized) {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
      res.end('unauthorized\n');
      return;
    }
    const handlers = this.routes.get(p);
    if (!handlers || handlers.length === 0) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    handlers[Math.min(n, handlers.length - 1)](req, res);
  }
}

// Handlers.
export const ok =
  (body: Buffer, headers: http.OutgoingHttpHeaders = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, ...headers });
    res.end(body);
  };

export const status =
  (code: number, headers: http.OutgoingHttpHeaders = {}, body = `status ${code}\n`): Handler =>
  (_req, res) => {
    res.writeHead(code, { 'Content-Type': 'text/plain', ...headers });
    res.end(body);
  };

/** Announces the full length, sends half of the body, then drops the connection. */
export const truncated =
  (body: Buffer): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
  };

/** Chunked transfer (no Content-Length), so that curl cannot refuse it up front. */
export const chunked =
  (body: Buffer, chunk = 64 * 1024): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    for (let i = 0; i < body.length; i += chunk) res.write(body.subarray(i, i + chunk));
    res.end();
  };

/** Sends the headers and a first part, then stalls until the client goes away. */
export const stall =
  (body: Buffer, onClose?: () => void): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.write(body.subarray(0, Math.min(16, body.length)));
    res.on('close', () => onClose?.());
  };

/** Serves the body after a delay. */
export const delayed =
  (body: Buffer, ms: number): Handler =>
  (req, res) => {
    const t = setTimeout(() => ok(body)(req, res), ms);
    res.on('close', () => clearTimeout(t));
  };

// ---------------------------------------------------------------------------------------------
// The webhook receiver.

export interface WebhookCall {
  contentType?: string;
  body: string;
  json: Record<string, unknown> | undefined;
}

export class WebhookReceiver {
  readonly calls: WebhookCall[] = [];
  responseStatus = 200;
  private server?: http.Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        if (req.method === 'POST') this.calls.push({ contentType: req.headers['content-type'], body, json });
        res.writeHead(this.responseStatus, { 'Content-Type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/T000/B000/XXXX`;
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Busybox applets: a directory of symlinks placed first in PATH (real curl, gpgv and flock).

export class BusyboxApplets {
  static create(): BusyboxApplets {
    let bin: string;
    try {
      bin = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
    } catch {
      bin = '';
    }
    if (!bin) {
      throw new Error('busybox is not installed; the busybox tests need it (apt-get install -y busybox)');
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collector-busybox-'));
    const applets = execFileSync(bin, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const real = new Set(['curl', 'gpgv', 'flock']);
    for (const a of applets) if (!real.has(a)) fs.symlinkSync(bin, path.join(dir, a));
    return new BusyboxApplets(bin, dir, applets);
  }

  private constructor(
    readonly busybox: string,
    readonly dir: string,
    readonly applets: string[],
  ) {}

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The collector's directories and the runner.

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  logs: Array<Record<string, unknown>>;
  badLines: string[];
  durationMs: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
  /** Prefix the command (e.g. run it in a private mount namespace). */
  wrap?: (cmd: string[]) => string[];
  /** A folder searched first in PATH (test doubles of a tool). */
  pathPrefix?: string;
}

export class Fixture {
  static create(): Fixture {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'collector-test-'));
    const fx = new Fixture(root);
    for (const d of [fx.pub, fx.backup, fx.tmp, fx.secrets]) fs.mkdirSync(d);
    fs.writeFileSync(fx.tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    return fx;
  }

  readonly pub: string;
  readonly backup: string;
  readonly tmp: string;
  readonly secrets: string;
  readonly tokenFile: string;
  readonly webhookFile: string;

  private constructor(readonly root: string) {
    this.pub = path.join(root, 'pub');
    this.backup = path.join(root, 'backup');
    this.tmp = path.join(root, 'tmp');
    this.secrets = path.join(root, 'secrets');
    this.tokenFile = path.join(this.secrets, 'token');
    this.webhookFile = path.join(this.secrets, 'webhook-url');
  }

  /** Entries in the publish directory, without the lock file. */
  live(): string[] {
    return fs.readdirSync(this.pub).filter((n) => n !== '.collector.lock').sort();
  }

  liveData(): Buffer {
    return fs.readFileSync(path.join(this.pub, FILE));
  }

  liveSig(): Buffer {
    return fs.readFileSync(path.join(this.pub, `${FILE}.sig`));
  }

  status(): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(this.pub, 'status.json'), 'utf8'));
  }

  /** The backups (folders named <YYYYMMDDTHHMMSSZ>-<sha12>), oldest first. */
  backups(): string[] {
    return fs.readdirSync(this.backup).filter((n) => BACKUP_NAME.test(n)).sort();
  }

  /** The backup volume's record (its status.json), parsed, or undefined when absent. */
  backupRecord(): Record<string, unknown> | undefined {
    const file = path.join(this.backup, 'status.json');
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
  }

  backupFile(name: string, file: string): Buffer {
    return fs.readFileSync(path.join(this.backup, name, file));
  }

  /** Temp files left behind anywhere the collector writes. */
  leftovers(): string[] {
    return [
      ...fs.readdirSync(this.pub).filter((n) => n.startsWith('.tmp-collect-')).map((n) => `pub/${n}`),
      ...fs.readdirSync(this.backup).filter((n) => n.startsWith('.tmp-collect-')).map((n) => `backup/${n}`),
      ...fs.readdirSync(this.tmp).map((n) => `tmp/${n}`),
    ];
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export function runCollector(shell: Shell, bb: BusyboxApplets | undefined, opts: RunOptions = {}): Promise<RunResult> {
  if (shell === 'busybox' && !bb) throw new Error('busybox run without BusyboxApplets');
  const basePath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const shellPath = shell === 'busybox' ? `${bb!.dir}:${basePath}` : basePath;
  const env: Record<string, string> = { PATH: opts.pathPrefix ? `${opts.pathPrefix}:${shellPath}` : shellPath };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  let cmd = shell === 'dash' ? ['dash', SCRIPT] : [bb!.busybox, 'sh', SCRIPT];
  if (opts.wrap) cmd = opts.wrap(cmd);
  const started = Date.now();
  const child = spawn(cmd[0], cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = opts.timeoutMs ?? 30000;
  return new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`collector did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const logs: Array<Record<string, unknown>> = [];
      const badLines: string[] = [];
      for (const line of stdout.split('\n')) {
        if (!line) continue;
        try {
          const parsed = JSON.parse(line);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) logs.push(parsed);
          else badLines.push(line);
        } catch {
          badLines.push(line);
        }
      }
      resolve({ code, signal, stdout, stderr, logs, badLines, durationMs: Date.now() - started });
    });
  });
}

/** Describes a run for failure messages. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code} signal ${r.signal} in ${r.durationMs} ms\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

// ---------------------------------------------------------------------------------------------
// One scenario's world: its own directories, feed server and webhook receiver.

export interface World {
  shell: Shell;
  keys: Keys;
  fx: Fixture;
  server: FeedServer;
  webhook: WebhookReceiver;
  /** The collector's environment for this world (overrides win; undefined removes a variable). */
  env(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  run(overrides?: Record<string, string | undefined>, opts?: Omit<RunOptions, 'env'>): Promise<RunResult>;
}

export async function withWorld(
  shell: Shell,
  keys: Keys,
  bb: BusyboxApplets | undefined,
  body: (w: World) => Promise<void>,
): Promise<void> {
  const fx = Fixture.create();
  const server = await new FeedServer().start();
  const webhook = await new WebhookReceiver().start();
  fs.writeFileSync(fx.webhookFile, `${webhook.url}\n`, { mode: 0o600 });
  const env = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
    TMPDIR: fx.tmp,
    FEED_SOURCE_URL: server.url(FEED_PATH),
    FEED_TOKEN_FILE: fx.tokenFile,
    FEED_KEYRING: keys.keyring,
    FEED_SIGNER_FINGERPRINTS: keys.publisherFpr,
    FEED_PUBLISH_DIR: fx.pub,
    FEED_BACKUP_DIR: fx.backup,
    FEED_WEBHOOK_URL_FILE: fx.webhookFile,
    FEED_RETRY_BASE_SECONDS: '1',
    FEED_DEADLINE_SECONDS: '30',
    FEED_TIMEOUT_SECONDS: '10',
    ...overrides,
  });
  const world: World = {
    shell,
    keys,
    fx,
    server,
    webhook,
    env,
    run: (overrides = {}, opts = {}) => runCollector(shell, bb, { ...opts, env: env(overrides) }),
  };
  try {
    await body(world);
  } finally {
    await server.stop();
    await webhook.stop();
    fx.dispose();
  }
}

/** Log entries whose msg contains the text. */
export function logsWith(r: RunResult, text: string): Array<Record<string, unknown>> {
  return r.logs.filter((l) => typeof l.msg === 'string' && (l.msg as string).includes(text));
}
