import assert from 'node:assert/strict';
import path from 'node:path';
import {
  applyOverrides,
  configRelativePath,
  effectiveSeverity,
  enabledRules,
  globMatches,
  isRuleEnabled,
  matchesSelector,
  ruleOptions,
} from '../../../src/core/config/selection';
import { isSelectorSyntax, selectorProblem, selectorSpecificity, Specificity } from '../../../src/core/config/selectors';
import { defaultConfig, type ResolvedConfig } from '../../../src/core/config/types';
import { RULES, rule } from './helpers';

function config(partial: Partial<ResolvedConfig>): ResolvedConfig {
  return { ...defaultConfig(), ...partial };
}

function enabledCodes(cfg: ResolvedConfig, file = 'src/train.py'): string[] {
  return enabledRules(cfg, RULES, file).map((r) => r.code);
}

describe('config/selectors', () => {
  it('matches by ALL, code prefix, full code and name, case-insensitively', () => {
    const r = rule('MLH101');
    for (const selector of [
      'ALL',
      'all',
      'MLH',
      'MLH1',
      'mlh1',
      'MLH10',
      'MLH101',
      'hard-coded-hyperparameter',
      'Hard-Coded-Hyperparameter',
    ]) {
      assert.equal(matchesSelector(r, selector), true, selector);
    }
    for (const selector of ['MLH0', 'MLH11', 'MLH102', 'hard-coded-path', 'hard-coded', 'MLH1010']) {
      assert.equal(matchesSelector(r, selector), false, selector);
    }
  });

  it('orders specificity ALL < MLH < MLH1 < MLH10 < code = name', () => {
    const order = ['ALL', 'MLH', 'MLH1', 'MLH10', 'MLH101'].map(selectorSpecificity);
    assert.deepEqual(order, [Specificity.ALL, Specificity.PREFIX_0, Specificity.PREFIX_1, Specificity.PREFIX_2, Specificity.RULE]);
    assert.equal(selectorSpecificity('hard-coded-path'), Specificity.RULE);
  });

  it('reports malformed selectors and selectors that match no rule', () => {
    assert.equal(selectorProblem(RULES, 'MLH101'), null);
    assert.equal(selectorProblem(RULES, 'MLH'), null);
    assert.equal(selectorProblem(RULES, 'ALL'), null);
    assert.equal(selectorProblem(RULES, 'magic-threshold'), null);
    assert.match(selectorProblem(RULES, 'MLH999') ?? '', /unknown selector "MLH999": it matches no rule/);
    assert.match(selectorProblem(RULES, 'MLH9') ?? '', /matches no rule/);
    assert.match(selectorProblem(RULES, 'no-such-rule') ?? '', /matches no rule/);
    assert.match(selectorProblem(RULES, 'E501 ') ?? '', /unknown selector "E501 ": expected a rule code/);
    assert.equal(isSelectorSyntax('MLH1011'), false);
    assert.equal(isSelectorSyntax('*'), false);
  });
});

describe('config/selection: which rules run', () => {
  it('runs every stable rule by default, and no preview rule', () => {
    assert.deepEqual(enabledCodes(defaultConfig()), ['MLH001', 'MLH002', 'MLH101', 'MLH102', 'MLH202', 'MLH301', 'MLH401']);
  });

  // [select, extendSelect, ignore, expected enabled codes] — the precedence documented in selection.ts.
  const table: Array<[string[] | null, string[], string[], string[]]> = [
    [['MLH1'], [], [], ['MLH101', 'MLH102']],
    [['MLH101'], [], ['MLH1'], ['MLH101']], // explicit code in select beats a prefix in ignore
    [['hard-coded-path'], [], ['MLH'], ['MLH102']], // a name is as specific as a code
    [['MLH1'], [], ['MLH101'], ['MLH102']], // explicit code in ignore beats a prefix in select
    [['MLH1'], [], ['MLH1'], []], // tie: ignore wins
    [['MLH101'], [], ['hard-coded-hyperparameter'], []], // tie between code and name: ignore wins
    [['MLH10'], [], ['MLH1'], ['MLH101', 'MLH102']], // longer prefix beats shorter prefix
    [['ALL'], [], ['MLH1'], ['MLH001', 'MLH002', 'MLH202', 'MLH301', 'MLH401']], // ALL includes preview ...
    [['ALL'], [], ['MLH0', 'MLH2', 'MLH3', 'MLH4'], ['MLH101', 'MLH102', 'MLH105']], // ... so MLH105 runs here
    [['MLH1'], [], [], ['MLH101', 'MLH102']], // a prefix does not select a preview rule
    [['MLH105'], [], [], ['MLH105']], // its code does
    [['magic-threshold'], [], [], ['MLH105']], // and its name
    [null, ['MLH105'], [], ['MLH001', 'MLH002', 'MLH101', 'MLH102', 'MLH105', 'MLH202', 'MLH301', 'MLH401']],
    [null, [], ['MLH'], []], // ignoring everything empties the default set
    [null, ['MLH301'], ['ALL'], ['MLH301']], // extend-select code beats ignore ALL
    [null, [], ['MLH0', 'MLH2', 'MLH3', 'MLH4', 'hard-coded-path'], ['MLH101']],
    [['MLH0'], ['MLH401'], [], ['MLH001', 'MLH002', 'MLH401']], // extend-select adds to select
    [[], [], [], []], // an explicit empty select runs nothing
    [[], ['MLH202'], [], ['MLH202']],
  ];
  for (const [select, extendSelect, ignore, expected] of table) {
    it(`select=${JSON.stringify(select)} extend-select=${JSON.stringify(extendSelect)} ignore=${JSON.stringify(ignore)} -> ${expected.join(',') || 'nothing'}`, () => {
      assert.deepEqual(enabledCodes(config({ select, extendSelect, ignore })), expected);
    });
  }

  it('turns a rule off with severity "off", by the most specific severity key', () => {
    assert.deepEqual(enabledCodes(config({ severity: { 'hard-coded-path': 'off', MLH0: 'off' } })), [
      'MLH101',
      'MLH202',
      'MLH301',
      'MLH401',
    ]);
    const cfg = config({ severity: { MLH1: 'off', MLH101: 'error' } });
    assert.equal(isRuleEnabled(cfg, rule('MLH101'), 'a.py'), true);
    assert.equal(isRuleEnabled(cfg, rule('MLH102'), 'a.py'), false);
  });

  it('applies severity "off" even to an explicitly selected rule', () => {
    assert.equal(isRuleEnabled(config({ select: ['MLH101'], severity: { MLH101: 'off' } }), rule('MLH101'), 'a.py'), false);
  });
});

describe('config/selection: per-file-ignores', () => {
  const root = path.resolve('/project');
  const cfg = config({
    root,
    perFileIgnores: [
      { pattern: 'tests/**', selectors: ['MLH1'] },
      { pattern: '*.ipynb', selectors: ['MLH003', 'bare-expression'] },
      { pattern: 'scripts/legacy_*.py', selectors: ['ALL'] },
    ],
  });
  const at = (...segments: string[]): string => path.join(root, ...segments);

  const cases: Array<[string, string, boolean]> = [
    [at('tests', 'test_train.py'), 'MLH101', false],
    [at('tests', 'unit', 'deep', 'test_x.py'), 'MLH102', false],
    [at('tests', 'test_train.py'), 'MLH301', true],
    [at('src', 'tests', 'x.py'), 'MLH101', true], // `tests/**` is anchored at the root
    [at('notebooks', 'eda.ipynb'), 'MLH202', false], // `*.ipynb` matches at any depth, by name
    [at('eda.ipynb'), 'MLH202', false],
    [at('eda.py'), 'MLH202', true],
    [at('scripts', 'legacy_train.py'), 'MLH401', false],
    [at('scripts', 'legacy_train.py'), 'MLH001', false],
    [at('scripts', 'train.py'), 'MLH401', true],
    [at('scripts', 'old', 'legacy_train.py'), 'MLH401', true], // anchored: no match one level down
    [path.resolve('/elsewhere/tests/test_x.py'), 'MLH101', true], // outside the root: no glob applies
  ];
  for (const [file, code, expected] of cases) {
    it(`${path.relative(root, file)}: ${code} ${expected ? 'runs' : 'is ignored'}`, () => {
      assert.equal(isRuleEnabled(cfg, rule(code), file), expected);
    });
  }

  it('matches relative paths as given when there is no root', () => {
    const rootless = { ...cfg, root: null };
    assert.equal(isRuleEnabled(rootless, rule('MLH101'), 'tests/test_a.py'), false);
    assert.equal(isRuleEnabled(rootless, rule('MLH101'), './tests/test_a.py'), false);
    assert.equal(isRuleEnabled(rootless, rule('MLH101'), 'src/a.py'), true);
    assert.equal(configRelativePath(rootless, 'tests\\a.py'), 'tests/a.py');
  });

  it('resolves relative file paths against the working directory when there is a root', () => {
    const cwdRoot = config({ root: process.cwd(), perFileIgnores: [{ pattern: 'tests/**', selectors: ['ALL'] }] });
    assert.equal(isRuleEnabled(cwdRoot, rule('MLH101'), 'tests/a.py'), false);
    assert.equal(isRuleEnabled(cwdRoot, rule('MLH101'), path.join(process.cwd(), 'src', 'a.py')), true);
  });

  it('supports negated globs', () => {
    assert.equal(globMatches('!src/**', 'tests/a.py'), true);
    assert.equal(globMatches('!src/**', 'src/a.py'), false);
  });

  it('does not let a per-file ignore be undone by an explicit select', () => {
    const explicit = { ...cfg, select: ['MLH101'] };
    assert.equal(isRuleEnabled(explicit, rule('MLH101'), at('tests', 'a.py')), false);
  });
});

describe('config/selection: severity and options', () => {
  it('uses the rule default, then the most specific key, then the last of equally specific keys', () => {
    assert.equal(effectiveSeverity(defaultConfig(), rule('MLH102')), 'info');
    assert.equal(effectiveSeverity(config({ severity: { MLH1: 'error' } }), rule('MLH102')), 'error');
    assert.equal(effectiveSeverity(config({ severity: { MLH102: 'hint', MLH1: 'error' } }), rule('MLH102')), 'hint');
    assert.equal(effectiveSeverity(config({ severity: { MLH102: 'hint', 'hard-coded-path': 'error' } }), rule('MLH102')), 'error');
    assert.equal(effectiveSeverity(config({ severity: { ALL: 'hint' } }), rule('MLH401')), 'hint');
    // 'off' is not a severity: a disabled rule reports its default if asked.
    assert.equal(effectiveSeverity(config({ severity: { MLH401: 'off' } }), rule('MLH401')), 'error');
  });

  it('fills options from the defaults and puts the configured values on top', () => {
    const cfg = config({ ruleOptions: { MLH001: { 'min-statements': 30 } } });
    assert.deepEqual(ruleOptions(cfg, rule('MLH001')), { 'min-statements': 30, 'min-phases': 3 });
    assert.deepEqual(ruleOptions(defaultConfig(), rule('MLH102')), {});
  });

  it('returns fresh copies of array defaults', () => {
    const r = rule('MLH101');
    const options = ruleOptions(defaultConfig(), r);
    (options['allowed-names'] as string[]).push('mutated');
    assert.deepEqual(r.options['allowed-names'].default, ['verbose']);
    assert.deepEqual(ruleOptions(defaultConfig(), r)['allowed-names'], ['verbose']);
  });
});

describe('config/selection: applyOverrides', () => {
  const base = (): ResolvedConfig =>
    config({
      select: ['MLH0', 'MLH1'],
      extendSelect: ['MLH401'],
      ignore: ['MLH002'],
      perFileIgnores: [{ pattern: 'tests/**', selectors: ['MLH1'] }],
      severity: { MLH101: 'error', MLH102: 'hint' },
      ruleOptions: { MLH001: { 'min-statements': 30 } },
      root: '/p',
    });

  it('replaces select (dropping the file extend-select), adds ignore, merges severity', () => {
    const result = applyOverrides(base(), {
      select: ['MLH3'],
      ignore: ['MLH301'],
      severity: { 'hard-coded-hyperparameter': 'hint', MLH102: 'warning' },
    });
    assert.deepEqual(result.select, ['MLH3']);
    assert.deepEqual(result.extendSelect, []);
    assert.deepEqual(result.ignore, ['MLH002', 'MLH301']);
    assert.deepEqual(result.severity, { MLH101: 'error', MLH102: 'warning', 'hard-coded-hyperparameter': 'hint' });
    // The override, written by name, wins over the file's key written by code.
    assert.equal(effectiveSeverity(result, rule('MLH101')), 'hint');
    assert.equal(effectiveSeverity(result, rule('MLH102')), 'warning');
    assert.deepEqual(result.ruleOptions, base().ruleOptions);
    assert.equal(result.root, '/p');
  });

  it('keeps select when the override select is null or absent', () => {
    assert.deepEqual(applyOverrides(base(), { select: null }).select, ['MLH0', 'MLH1']);
    assert.deepEqual(applyOverrides(base(), {}).extendSelect, ['MLH401']);
    assert.deepEqual(applyOverrides(base(), { extendSelect: ['MLH202'] }).extendSelect, ['MLH401', 'MLH202']);
  });

  it('never mutates its inputs and shares no arrays or objects with them', () => {
    const original = base();
    const snapshot = structuredClone(original);
    const overrides = { select: ['MLH1'], ignore: ['MLH102'], severity: { MLH001: 'off' as const } };
    const overridesSnapshot = structuredClone(overrides);
    const result = applyOverrides(original, overrides);
    assert.deepEqual(original, snapshot);
    assert.deepEqual(overrides, overridesSnapshot);
    result.select?.push('MLH4');
    result.ignore.push('MLH4');
    result.perFileIgnores[0].selectors.push('MLH4');
    result.severity.MLH4 = 'off';
    result.ruleOptions.MLH001['min-statements'] = 99;
    assert.deepEqual(original, snapshot);
    assert.deepEqual(overrides, overridesSnapshot);
  });
});
