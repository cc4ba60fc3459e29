// The script's calendar (civil) and JSON (json) functions, taken from collect.sh as they are and
// run under dash and under busybox sh, against JavaScript's Date and JSON. Both replace awk calls
// on the run's common path, so both must give exactly what awk gave: civil the RFC 3339 time,
// json the bytes of awk's escaper (JSON_AWK) for every argument list, plain or not.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { BusyboxApplets } from './helpers';

const SCRIPT = fs.readFileSync(path.join(__dirname, '../../../images/electoral-collector/collect.sh'), 'utf8');

function definition(pattern: RegExp, what: string): string {
  const m = pattern.exec(SCRIPT);
  if (!m) throw new Error(`collect.sh no longer defines ${what}`);
  return m[0];
}

const FUNCTIONS = [
  definition(/^civil\(\) \{[\s\S]*?\n\}$/m, 'civil()'),
  definition(/^JSON_AWK='[\s\S]*?\n\}'$/m, 'JSON_AWK'),
  definition(/^json\(\) \{[\s\S]*?\n\}$/m, 'json()'),
].join('\n');

type Run = (body: string, args: string[]) => string;

const CIVIL_EPOCHS = [
  0, 59, 86_399, 86_400, 951_782_399, 951_782_400, 951_868_800, 1_709_164_800, 1_709_251_199, 1_735_689_599,
  1_735_689_600, 4_107_542_400, 4_102_444_799, 253_402_300_799, Math.floor(Date.now() / 1000),
];

const JSON_CASES: string[][] = [
  ['file', 'results.csv', 'sha256', 'ab'.repeat(32), '#bytes', '104857600'],
  ['#n', '0', '#neg', '-7', '#zero-led', '007', '#minus-zero', '-0', '#empty', '', '#dash', '-', '#frac', '1.5', '#word', 'abc'],
  ['msg', 'a plain sentence, with: punctuation (and) [brackets] {braces} ~ ^ | ? * $ ` !', 'url', 'https://x.example/a?b=c&d=%20'],
  ['quote', 'say "hi"', 'backslash', 'C:\\path'],
  ['tab', 'a\tb', 'newline', 'a\nb', 'cr', 'a\rb', 'del', 'a\x7fb', 'bell', 'a\x07b'],
  ['utf8', 'élection – résultats'],
  ['odd', 'pairs', 'trailing'],
  [],
];

function checks(run: Run): void {
  test.each(CIVIL_EPOCHS)('civil %i is the RFC 3339 UTC time and its backup-name form', (epoch) => {
    const iso = new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const out = run('civil "$1"; printf "%s %s" "$CIVIL" "$CIVIL_COMPACT"', [String(epoch)]);
    expect(out).toBe(`${iso} ${iso.replace(/[-:]/g, '')}`);
  });

  test.each(JSON_CASES.map((c) => [JSON.stringify(c), c]))('json %s: the same bytes as awk, and the JSON the pairs mean', (_label, args) => {
    const [shell, awk] = run('json "$@"; printf "%s\\n" "$JSON"; printf "%s\\n" "$(awk "$JSON_AWK" "$@")"', args as string[])
      .split('\n');
    expect(shell).toBe(awk);
    const expected: Record<string, unknown> = {};
    const list = args as string[];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const [key, value] = [list[i], list[i + 1]];
      if (key.startsWith('#')) expected[key.slice(1)] = /^(0|-?[1-9][0-9]*)$/.test(value) ? Number(value) : value;
      else expected[key] = value;
    }
    expect(JSON.parse(shell)).toEqual(expected);
  });
}

describe('collect.sh helpers (dash)', () => {
  checks((body, args) =>
    execFileSync('dash', ['-c', `${FUNCTIONS}\n${body}`, 'sh', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LC_ALL: 'C' } }),
  );
});

describeWithTools('collect.sh helpers (busybox sh)', [tool.busybox], () => {
  const bb = BusyboxApplets.create();
  afterAll(() => bb.dispose());
  checks((body, args) =>
    execFileSync(bb.busybox, ['sh', '-c', `${FUNCTIONS}\n${body}`, 'sh', ...args], {
      encoding: 'utf8',
      env: { PATH: `${bb.dir}:${process.env.PATH}`, LC_ALL: 'C' },
    }),
  );
});
