// Prints, after every jest run, the suites that skipped themselves because this machine lacks a
// tool, root or a mount namespace (see test/helpers/system-tools.ts), with the install lines, so
// a green run on a bare machine never hides what it did not test.
const fs = require('fs');
const path = require('path');

class SkippedRequirementsReporter {
  onRunComplete() {
    const folder = process.env.SKIPPED_REQUIREMENTS_DIR;
    if (!folder || !fs.existsSync(folder)) return;
    const records = fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')));
    fs.rmSync(folder, { recursive: true, force: true });
    if (records.length === 0) return;
    const lines = records
      .sort((a, b) => a.suite.localeCompare(b.suite))
      .map((r) => `  - ${r.suite}: missing ${r.missing.map((m) => `${m.name} (install: ${m.install})`).join(', ')}`);
    process.stdout.write(
      `\nSkipped ${records.length} suite(s) for lack of a system requirement (CI=true makes this a failure):\n${lines.join('\n')}\n`,
    );
  }
}

module.exports = SkippedRequirementsReporter;
