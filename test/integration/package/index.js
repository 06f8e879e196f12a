// Mocha runner for the packaged-extension suites (test/integration/vsix.mjs starts VS Code with it).
// SPECWRIGHT_PACKAGE_SUITE picks the files: `trusted` or `untrusted`.
const Mocha = require('mocha');
const path = require('node:path');

const SUITES = {
  trusted: ['installed.test.js', 'manifest.test.js', 'walkthrough.test.js'],
  untrusted: ['untrusted.test.js'],
};

exports.run = () => new Promise((resolve, reject) => {
  const files = SUITES[process.env.SPECWRIGHT_PACKAGE_SUITE ?? ''];
  if (!files) return reject(new Error(`SPECWRIGHT_PACKAGE_SUITE must be one of ${Object.keys(SUITES).join(', ')}`));
  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false });
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  mocha.run((failures) => (failures ? reject(new Error(`${failures} packaged-extension test(s) failed`)) : resolve()));
});
