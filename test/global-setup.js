// One folder per jest run where suites record what they skipped for lack of a tool (read and
// removed by test/reporters/skipped-requirements.js). Workers inherit the variable.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  process.env.SKIPPED_REQUIREMENTS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-skipped-requirements-'));
};
