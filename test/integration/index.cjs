// Entry point of the extension-host tests (extensionTestsPath): runs mocha (tdd) over
// suite/*.test.cjs inside VS Code. Plain CommonJS, so nothing needs building.
const fs = require('node:fs');
const path = require('node:path');

async function run() {
  // mocha 12 is an ES module; the extension host's Node loads it with import().
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ML_HYGIENE_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = path.join(__dirname, 'suite');
  for (const name of fs
    .readdirSync(suiteDir)
    .filter((file) => file.endsWith('.test.cjs'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, name));
  }
  await new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats ? runner.stats.passes : 0;
      console.log(`exthost: ${passed} passed, ${failures} failed`);
      // The code-server harness (test/vscode/run.mjs) reads the counts from this file.
      const results = process.env.ML_HYGIENE_TEST_RESULTS;
      if (results) fs.writeFileSync(results, JSON.stringify({ passed, failed: failures }));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

module.exports = { run };
