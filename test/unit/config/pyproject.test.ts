import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  findConfigFile,
  formatConfigProblem,
  loadConfigFileWithRules,
  loadConfigWithRules,
  type LoadedConfig,
} from '../../../src/core/config/pyproject';
import { isRuleEnabled, ruleOptions } from '../../../src/core/config/selection';
import { DEFAULT_MAX_FILE_BYTES, defaultConfig, type ConfigProblem } from '../../../src/core/config/types';
import { makeTree, removeTree, rule, RULES } from './helpers';

const trees: string[] = [];
function tree(files: Record<string, string | Uint8Array>): string {
  const root = makeTree(files);
  trees.push(root);
  return root;
}
after(() => trees.forEach(removeTree));

/** Loads `[tool.ml-hygiene]` written as `body` in a fresh project. */
function load(body: string): LoadedConfig & { root: string } {
  const root = tree({ 'pyproject.toml': body, 'src/train.py': 'x = 1\n' });
  return { ...loadConfigWithRules(path.join(root, 'src', 'train.py'), RULES), root };
}

/** The problems as [key, line, message] for compact assertions. */
function summary(problems: ConfigProblem[]): Array<[string, number | undefined, string]> {
  return problems.map((p) => [p.key, p.line, p.message]);
}

describe('config/pyproject: finding the file', () => {
  it('takes the nearest pyproject.toml walking up from a file or a folder', () => {
    const root = tree({
      'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH101"]\n',
      'pkg/pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH102"]\n',
      'pkg/src/deep/train.py': '',
      'other/train.py': '',
    });
    const nested = loadConfigWithRules(path.join(root, 'pkg', 'src', 'deep', 'train.py'), RULES);
    assert.equal(nested.file, path.join(root, 'pkg', 'pyproject.toml'));
    assert.deepEqual(nested.config.ignore, ['MLH102']);
    assert.equal(nested.config.root, path.join(root, 'pkg'));
    const fromFolder = loadConfigWithRules(path.join(root, 'pkg', 'src'), RULES);
    assert.equal(fromFolder.file, path.join(root, 'pkg', 'pyproject.toml'));
    const top = loadConfigWithRules(path.join(root, 'other', 'train.py'), RULES);
    assert.equal(top.file, path.join(root, 'pyproject.toml'));
    assert.deepEqual(top.config.ignore, ['MLH101']);
  });

  it('skips a pyproject.toml without [tool.ml-hygiene], as Ruff does', () => {
    const root = tree({
      'pyproject.toml': '[tool.ml-hygiene]\nselect = ["MLH4"]\n',
      'sub/pyproject.toml': '[project]\nname = "sub"\n[tool.ruff]\nline-length = 100\n',
      'sub/a.py': '',
    });
    assert.equal(findConfigFile(path.join(root, 'sub', 'a.py')), path.join(root, 'pyproject.toml'));
    assert.deepEqual(loadConfigWithRules(path.join(root, 'sub', 'a.py'), RULES).config.select, ['MLH4']);
  });

  it('treats a path that does not exist as a file in its folder', () => {
    const root = tree({ 'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH1"]\n' });
    const result = loadConfigWithRules(path.join(root, 'Untitled-1.py'), RULES);
    assert.equal(result.file, path.join(root, 'pyproject.toml'));
  });

  it('ignores a folder named pyproject.toml', () => {
    const root = tree({ 'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH1"]\n', 'a/pyproject.toml/x': '' });
    assert.equal(findConfigFile(path.join(root, 'a')), path.join(root, 'pyproject.toml'));
  });

  it('gives the defaults and no file when no pyproject.toml configures the checker', function () {
    const root = tree({ 'a/b.py': '' });
    const above = findConfigFile(path.dirname(root));
    if (above !== null) this.skip(); // a configured pyproject.toml above the temp folder: not testable here
    assert.deepEqual(loadConfigWithRules(path.join(root, 'a', 'b.py'), RULES), { config: defaultConfig(), file: null, problems: [] });
  });

  it('reads a named file with --config even without the section or the usual name', () => {
    const root = tree({ 'ci/lint.toml': '[tool.ml-hygiene]\nselect = ["MLH001"]\n', 'ci/empty.toml': '[project]\n' });
    const named = loadConfigFileWithRules(path.join(root, 'ci', 'lint.toml'), RULES);
    assert.deepEqual(named.config.select, ['MLH001']);
    assert.equal(named.config.root, path.join(root, 'ci'));
    const empty = loadConfigFileWithRules(path.join(root, 'ci', 'empty.toml'), RULES);
    assert.deepEqual(empty.problems, []);
    assert.deepEqual({ ...empty.config, root: null }, defaultConfig());
    const missing = loadConfigFileWithRules(path.join(root, 'nope.toml'), RULES);
    assert.equal(missing.problems.length, 1);
    assert.match(missing.problems[0].message, /no such file/);
  });
});

describe('config/pyproject: keys', () => {
  it('reads every key of a valid configuration without problems', () => {
    const { config, problems, root } = load(`
[project]
name = "demo"

[tool.ml-hygiene]
select = ["MLH0", "MLH1", "hard-coded-path"]
extend-select = ["MLH105"]
ignore = ["MLH002"]
max-file-size = 2000000

[tool.ml-hygiene.per-file-ignores]
"tests/**" = ["MLH1"]
"*.ipynb" = ["bare-expression"]
"scripts/legacy_*.py" = ["ALL"]

[tool.ml-hygiene.severity]
MLH101 = "error"
"hard-coded-path" = "off"
MLH0 = "hint"

[tool.ml-hygiene.monolithic-script]
min-statements = 30

[tool.ml-hygiene.MLH101]
allowed-names = ["verbose", "n_jobs"]
report-constants = false

[tool.ml-hygiene.magic-threshold]
threshold = 0.9
`);
    assert.deepEqual(problems, []);
    assert.equal(config.root, root);
    assert.deepEqual(config.select, ['MLH0', 'MLH1', 'hard-coded-path']);
    assert.deepEqual(config.extendSelect, ['MLH105']);
    assert.deepEqual(config.ignore, ['MLH002']);
    assert.equal(config.maxFileBytes, 2000000);
    assert.deepEqual(config.perFileIgnores, [
      { pattern: 'tests/**', selectors: ['MLH1'] },
      { pattern: '*.ipynb', selectors: ['bare-expression'] },
      { pattern: 'scripts/legacy_*.py', selectors: ['ALL'] },
    ]);
    // Rule names are stored under their code.
    assert.deepEqual(config.severity, { MLH101: 'error', MLH102: 'off', MLH0: 'hint' });
    assert.deepEqual(config.ruleOptions, {
      MLH001: { 'min-statements': 30 },
      MLH101: { 'allowed-names': ['verbose', 'n_jobs'], 'report-constants': false },
      MLH105: { threshold: 0.9 },
    });
    assert.deepEqual(ruleOptions(config, rule('MLH001')), { 'min-statements': 30, 'min-phases': 3 });
    assert.equal(isRuleEnabled(config, rule('MLH101'), path.join(root, 'src', 'train.py')), true);
    assert.equal(isRuleEnabled(config, rule('MLH101'), path.join(root, 'tests', 'test_train.py')), false);
    assert.equal(isRuleEnabled(config, rule('MLH102'), path.join(root, 'src', 'train.py')), false);
    assert.equal(isRuleEnabled(config, rule('MLH001'), path.join(root, 'scripts', 'legacy_run.py')), false);
    assert.equal(isRuleEnabled(config, rule('MLH105'), path.join(root, 'src', 'train.py')), true);
  });

  it('accepts dotted keys and inline tables', () => {
    const { config, problems } = load(`
[tool]
ml-hygiene.ignore = ["MLH3"]
ml-hygiene.severity = { MLH401 = "warning" }
ml-hygiene.monolithic-script = { min-phases = 4 }
`);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.ignore, ['MLH3']);
    assert.deepEqual(config.severity, { MLH401: 'warning' });
    assert.deepEqual(config.ruleOptions, { MLH001: { 'min-phases': 4 } });
  });

  it('keeps an explicit empty select (nothing runs) but falls back to the default set when every selector is bad', () => {
    assert.deepEqual(load('[tool.ml-hygiene]\nselect = []\n').config.select, []);
    const bad = load('[tool.ml-hygiene]\nselect = ["MLH999"]\n');
    assert.equal(bad.config.select, null);
    assert.equal(bad.problems.length, 1);
  });
});

describe('config/pyproject: problems name the file, the key and the line', () => {
  it('reports unknown selectors in lists, keeping the good ones', () => {
    const { config, problems, file } = load(`[tool.ml-hygiene]
select = [
  "MLH1",
  "MLH999",
  "no-such-rule",
]
ignore = ["E501", "MLH102"]
`);
    assert.deepEqual(config.select, ['MLH1']);
    assert.deepEqual(config.ignore, ['MLH102']);
    assert.deepEqual(
      summary(problems).map(([key, line]) => [key, line]),
      [
        ['tool.ml-hygiene.select', 4],
        ['tool.ml-hygiene.select', 5],
        ['tool.ml-hygiene.ignore', 7],
      ],
    );
    assert.ok(problems.every((p) => p.file === file));
    assert.match(problems[0].message, /unknown selector "MLH999"/);
    assert.match(problems[2].message, /unknown selector "E501"/);
  });

  it('reports rule options: unknown rule, unknown option, wrong type, out of range; good keys still apply', () => {
    const { config, problems, file } = load(`[tool.ml-hygiene]
ignore = ["MLH3"]

[tool.ml-hygiene.monolithic-script]
min-statements = 2.5
min-phases = 9
max-lines = 10

[tool.ml-hygiene.hard-coded-hyperparameter]
allowed-names = ["a", 1]
report-constants = "yes"

[tool.ml-hygiene.MLH105]
threshold = 0.25
label = 3

[tool.ml-hygiene.no-such-rule]
x = 1

[tool.ml-hygiene.monolithic-scripts]
min-statements = 30
`);
    assert.deepEqual(config.ignore, ['MLH3']);
    assert.deepEqual(config.ruleOptions, { MLH105: { threshold: 0.25 } });
    assert.deepEqual(
      summary(problems).map(([key, line]) => [key, line]),
      [
        ['tool.ml-hygiene.monolithic-script.min-statements', 5],
        ['tool.ml-hygiene.monolithic-script.min-phases', 6],
        ['tool.ml-hygiene.monolithic-script.max-lines', 7],
        ['tool.ml-hygiene.hard-coded-hyperparameter.allowed-names', 10],
        ['tool.ml-hygiene.hard-coded-hyperparameter.report-constants', 11],
        ['tool.ml-hygiene.MLH105.label', 15],
        ['tool.ml-hygiene.no-such-rule', 17],
        ['tool.ml-hygiene.monolithic-scripts', 20],
      ],
    );
    const messages = problems.map((p) => p.message);
    assert.match(messages[0], /expected an integer, got number 2.5/);
    assert.match(messages[1], /must be at most 6, got 9/);
    assert.match(
      messages[2],
      /unknown option "max-lines" for rule MLH001 \(monolithic-script\); valid options: min-statements, min-phases/,
    );
    assert.match(messages[3], /expected an array of strings/);
    assert.match(messages[4], /expected true or false, got the string "yes"/);
    assert.match(messages[5], /expected a string, got number 3/);
    assert.match(messages[6], /unknown key "no-such-rule"/);
    assert.ok(problems.every((p) => p.file === file));
    assert.equal(
      formatConfigProblem(problems[0]),
      `${file}:5: tool.ml-hygiene.monolithic-script.min-statements: expected an integer, got number 2.5`,
    );
  });

  it('reports a minimum violation and an option on a rule without options', () => {
    const { problems, config } = load(`[tool.ml-hygiene.monolithic-script]
min-statements = 0
[tool.ml-hygiene.hard-coded-path]
anything = true
`);
    assert.deepEqual(config.ruleOptions, {});
    assert.deepEqual(summary(problems), [
      ['tool.ml-hygiene.monolithic-script.min-statements', 2, 'must be at least 1, got 0'],
      [
        'tool.ml-hygiene.hard-coded-path.anything',
        4,
        'unknown option "anything" for rule MLH102 (hard-coded-path); the rule has no options',
      ],
    ]);
  });

  it('reports bad severity, per-file-ignores, max-file-size and unknown top-level keys', () => {
    const { config, problems } = load(`[tool.ml-hygiene]
max-file-size = -5
extend_select = ["MLH1"]
severity = { MLH101 = "fatal", MLH999 = "error", MLH102 = "hint" }

[tool.ml-hygiene.per-file-ignores]
"tests/**" = "MLH1"
"*.ipynb" = ["MLH2", "MLH777"]
`);
    assert.equal(config.maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(config.severity, { MLH102: 'hint' });
    assert.deepEqual(config.perFileIgnores, [{ pattern: '*.ipynb', selectors: ['MLH2'] }]);
    assert.deepEqual(
      summary(problems).map(([key, line]) => [key, line]),
      [
        ['tool.ml-hygiene.max-file-size', 2],
        ['tool.ml-hygiene.extend_select', 3],
        ['tool.ml-hygiene.severity.MLH101', 4],
        ['tool.ml-hygiene.severity.MLH999', 4],
        ['tool.ml-hygiene.per-file-ignores."tests/**"', 7],
        ['tool.ml-hygiene.per-file-ignores."*.ipynb"', 8],
      ],
    );
    assert.match(problems[0].message, /greater than 0, got number -5/);
    assert.match(problems[1].message, /did you mean "extend-select"\?/);
    assert.match(problems[2].message, /expected one of "error", "warning", "info", "hint", "off", got the string "fatal"/);
    assert.match(problems[5].message, /MLH777/);
  });

  it('reports a section that is not a table', () => {
    const { problems, config } = load('[tool]\nml-hygiene = 3\n');
    assert.deepEqual(summary(problems), [['tool.ml-hygiene', 2, 'expected a table, got number 3']]);
    assert.equal(config.select, null);
  });

  it('reports a TOML syntax error once, with its line, and applies the defaults', () => {
    const { config, problems, file, root } = load(`[tool.ml-hygiene]
select = ["MLH1"]
ignore = ["MLH101"
max-file-size = 10
`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, file);
    assert.equal(problems[0].key, '');
    assert.equal(problems[0].line, 4);
    assert.match(problems[0].message, /^invalid TOML: .+; the file is ignored and defaults apply$/);
    assert.deepEqual(config, { ...defaultConfig(), root });
  });

  it('reports a file that cannot be decoded once', () => {
    const root = tree({
      'pyproject.toml': Uint8Array.from([...Buffer.from('[tool.ml-hygiene]\nselect = ["'), 0xff, 0xfe, ...Buffer.from('"]\n')]),
    });
    const result = loadConfigWithRules(root, RULES);
    assert.equal(result.file, path.join(root, 'pyproject.toml'));
    assert.deepEqual(summary(result.problems), [['', undefined, 'cannot read the configuration: it is not valid UTF-8; defaults apply']]);
    assert.equal(result.config.select, null);
  });

  it('reports a file without read permission once', function () {
    if (process.getuid?.() === 0 || process.platform === 'win32') this.skip(); // root reads anything
    const root = tree({ 'pyproject.toml': '[tool.ml-hygiene]\n' });
    fs.chmodSync(path.join(root, 'pyproject.toml'), 0o000);
    const result = loadConfigWithRules(root, RULES);
    assert.deepEqual(summary(result.problems), [['', undefined, 'cannot read the configuration: permission denied; defaults apply']]);
  });

  it('reads a file with a byte-order mark', () => {
    const { problems, config } = load('\uFEFF[tool.ml-hygiene]\nignore = ["MLH1"]\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.ignore, ['MLH1']);
  });
});
