// The collector image is the whole verifier: its Dockerfile bakes collect.sh in and runs it, and
// environments/images.ts pins the script's sha256 beside the image digest, so that a changed
// script cannot reach the cluster in an image built from an older one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IMAGES } from '../../../environments/images';
import { OFFSITE_SHELL_FUNCTIONS } from '../../../lib/offsite';

const DIR = path.resolve(__dirname, '../../../images/electoral-collector');
const dockerfile = readFileSync(path.join(DIR, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('electoral-collector image', () => {
  test('collect.sh is the script the pinned image was built from', () => {
    const actual = createHash('sha256').update(readFileSync(path.join(DIR, 'collect.sh'))).digest('hex');
    const pinned = IMAGES.electoralCollector.scriptSha256;
    if (actual !== pinned) {
      throw new Error(
        `images/electoral-collector/collect.sh changed (sha256 ${actual}, pinned ${pinned}): rebuild and push the ` +
          'electoral-collector image, then update its digest and scriptSha256 together in environments/images.ts',
      );
    }
  });

  test("collect.sh carries lib/offsite's shell functions verbatim (one mechanism for every off-cluster copy)", () => {
    const script = readFileSync(path.join(DIR, 'collect.sh'), 'utf8');
    const embedded = script.match(/\n {2}cat <<'END_OF_OFFSITE_FUNCTIONS'\n([\s\S]*?)\nEND_OF_OFFSITE_FUNCTIONS\n/);
    expect(embedded).not.toBeNull();
    if (embedded![1] !== OFFSITE_SHELL_FUNCTIONS) {
      throw new Error('collect.sh holds another version of OFFSITE_SHELL_FUNCTIONS (lib/offsite/shell.ts): paste the rendered '
        + 'functions between the END_OF_OFFSITE_FUNCTIONS lines of offsite_functions(), then update the script pin');
    }
  });

  test('the Dockerfile copies collect.sh into the image and runs it as the entrypoint', () => {
    const copy = instructions.find((l) => /^COPY\b/.test(l) && /\bcollect\.sh\b/.test(l));
    expect(copy).toBeDefined();
    const target = copy!.split(/\s+/).pop()!;
    expect(instructions.filter((l) => /^(ENTRYPOINT|CMD)\b/.test(l))).toEqual([`ENTRYPOINT ["/bin/sh", "${target}"]`]);
  });

  test('the base is pinned by digest and every apk package to a minor release (~major.minor)', () => {
    expect(instructions.filter((l) => /^FROM\b/.test(l))).toEqual([expect.stringMatching(/^FROM \S+:\S+@sha256:[0-9a-f]{64}$/)]);
    const adds = instructions.filter((l) => /\bapk add\b/.test(l));
    expect(adds.length).toBeGreaterThan(0);
    for (const add of adds) {
      const packages = add.replace(/^RUN\s+apk add\s+/, '').split(/\s+/).filter((w) => !w.startsWith('-')).map((w) => w.replace(/'/g, ''));
      expect(packages.length).toBeGreaterThan(0);
      for (const p of packages) expect(p).toMatch(/^[a-z0-9.+-]+~\d+\.\d+$/);
    }
  });

  test('the image installs every tool the script requires beyond busybox', () => {
    const script = readFileSync(path.join(DIR, 'collect.sh'), 'utf8');
    const required = /^for _tool in ([a-z ]+); do$/m.exec(script)?.[1].split(' ');
    expect(required).toBeDefined();
    const packages = instructions
      .filter((l) => /\bapk add\b/.test(l))
      .flatMap((l) => l.split(/\s+/).map((w) => w.replace(/'/g, '').replace(/~.*$/, '')));
    // flock and timeout are busybox applets in the Alpine base (the busybox runs use its applets)
    for (const t of required!.filter((t) => !['flock', 'timeout'].includes(t))) expect(packages).toContain(t);
  });
});
