/**
 * Real Terraform reads the backend block of every committed remote-state bootstrap: `terraform init`
 * in a private network namespace (only a loopback that is down, so nothing can leave the machine)
 * must get past the backend's configuration checks and fail only when it tries to reach the store.
 */
import { execFile, execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { ENVIRONMENTS } from '../../../environments';
import { REMOTE_STATE_KINDS } from '../../../lib/bootstrap';
import { describeWithTools, executable, findExecutable, Requirement } from '../../helpers/system-tools';

const run = promisify(execFile);
const REPO_ROOT = join(__dirname, '..', '..', '..');

const terraform: Requirement = { name: 'terraform', install: "Terraform 1.10 or later (HashiCorp's apt repository: apt-get install -y terraform)" };
const networkNamespace: Requirement = {
  name: 'a private network namespace (unshare -rn)',
  present: () => {
    const unshare = findExecutable('unshare');
    if (!unshare) return false;
    try {
      execFileSync(unshare, ['-rn', 'true'], { stdio: 'ignore', timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  },
  install: 'util-linux with user namespaces enabled (or run as root)',
};

/** What Terraform prints when the backend block itself is wrong. */
const CONFIG_ERRORS = new RegExp([
  'No argument or block type is named', 'Unsupported argument', 'Incorrect attribute value type',
  'Invalid backend configuration', 'Missing required argument',
].join('|'));

async function initBackend(backend: Record<string, unknown>): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'tf-backend-'));
  try {
    // S3 retries unreachable endpoints for seconds: one attempt is enough here. Written into the
    // block itself: with -backend-config, Terraform stops reporting unknown attributes.
    const tuned = 's3' in backend ? { s3: { ...(backend.s3 as object), max_retries: 0 } } : backend;
    writeFileSync(join(folder, 'main.tf.json'), JSON.stringify({ terraform: { backend: tuned } }));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: folder,
      TF_IN_AUTOMATION: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'test-only',
      AWS_SECRET_ACCESS_KEY: 'test-only',
    };
    const args = ['-rn', executable('terraform'), `-chdir=${folder}`, 'init', '-input=false', '-no-color'];
    try {
      const { stdout, stderr } = await run(executable('unshare'), args, { env, timeout: 60_000 });
      return stdout + stderr;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const remote = ENVIRONMENTS.filter((env) => (REMOTE_STATE_KINDS as readonly string[]).includes(env.bootstrap.backend.kind));

describeWithTools('terraform init accepts the remote state backends', [terraform, networkNamespace], () => {
  test('some environment uses a remote backend', () => {
    expect(remote.length).toBeGreaterThan(0);
  });

  test.each(remote.map((env) => [env.name] as const))('dist/bootstrap/%s', async (name) => {
    const stack = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'bootstrap', name, 'cdk.tf.json'), 'utf8'));
    const output = await initBackend(stack.terraform.backend);
    expect(output).toContain('Initializing the backend...');
    expect(output).not.toMatch(CONFIG_ERRORS);
    // It got as far as trying to reach the store, and the namespace kept it from leaving.
    expect(output).toMatch(/network is unreachable|connection refused|no such host/);
  });

  test('a misspelt backend attribute is refused (the check above can fail)', async () => {
    const stack = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'bootstrap', remote[0].name, 'cdk.tf.json'), 'utf8'));
    const [[kind, attributes]] = Object.entries(stack.terraform.backend as Record<string, Record<string, unknown>>);
    const output = await initBackend({ [kind]: { ...attributes, encrypted_by_default: true } });
    expect(output).toMatch(/No argument or block type is named "encrypted_by_default"/);
  });
});
