import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig, loadConfigFile, ruleOptions } from '../../../src/core/config';
import { findRule, RULES } from '../../../src/core/rules/registry';
import { makeTree, removeTree } from './helpers';

describe('config/index: loading against the registered rules', () => {
  let root = '';
  before(() => {
    root = makeTree({
      'pyproject.toml': `[tool.ml-hygiene]
ignore = ["MLH999"]

[tool.ml-hygiene.monolithic-script]
min-statements = 30
min-top-level-share = 1.5
`,
      'src/train.py': '',
    });
  });
  after(() => removeTree(root));

  it('validates rule options and selectors with the registry by default', () => {
    const { config, file, problems } = loadConfig(path.join(root, 'src', 'train.py'));
    assert.equal(file, path.join(root, 'pyproject.toml'));
    assert.deepEqual(
      problems.map((p) => [p.key, p.line]),
      [
        ['tool.ml-hygiene.ignore', 2],
        ['tool.ml-hygiene.monolithic-script.min-top-level-share', 6],
      ],
    );
    const monolith = findRule('monolithic-script');
    assert.ok(monolith);
    assert.equal(ruleOptions(config, monolith)['min-statements'], 30);
    assert.equal(ruleOptions(config, monolith)['min-top-level-share'], monolith.options['min-top-level-share'].default);
  });

  it('accepts an explicit rule list and an explicit file', () => {
    const withoutRules = loadConfigFile(path.join(root, 'pyproject.toml'), []);
    assert.equal(withoutRules.problems.length, 2);
    assert.match(withoutRules.problems[1].message, /unknown key "monolithic-script"/);
    assert.ok(RULES.length > 0);
  });
});
