import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PACKS } from '../../../lib/policy/engine';
import { SUPPRESSION_RULES } from '../../../lib/policy/suppressions';

// The README is where users look rule ids up (suppressions name them): it must list every one.
describe('lib/policy/README.md', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'lib', 'policy', 'README.md'), 'utf8');
  const documented = ALL_PACKS.filter((pack) => !pack.name.startsWith('pss-')).flatMap((pack) => pack.rules);

  test.each([...documented, ...SUPPRESSION_RULES].map((rule) => [rule.id, rule.severity]))('lists %s (%s)', (id, severity) => {
    expect(readme).toContain(`| \`${id}\` | ${severity} |`);
  });
});
