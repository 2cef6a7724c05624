import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REFACTORS, fixability } from '../../src/core/refactors/registry';
import { FAMILY_PREFIX } from '../../src/core/rules/rule';
import { RULES, readRuleDoc, ruleDocPath } from '../../src/core/rules/registry';

const ROOT = join(__dirname, '..', '..');
const DOC_HEADINGS = ['## What it does', '## Why is this bad', '## Example', '## Use instead', '## Fix safety', '## Options'];

/** ESLint's and Ruff's discipline: a rule is not done until its registry entry, doc page, tests, fixture, README row and settings enums agree. */
describe('meta: registry, doc pages, tests, fixtures, README and package.json agree', () => {
  it('has unique, well-formed codes and names, in the family the code says', () => {
    const codes = new Set<string>();
    const names = new Set<string>();
    for (const rule of RULES) {
      assert.match(rule.code, /^MLH\d{3}$/);
      assert.match(rule.name, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.code.startsWith(FAMILY_PREFIX[rule.family]), `${rule.code} is not in the ${rule.family} family's range`);
      assert.ok(!codes.has(rule.code) && !names.has(rule.name), `${rule.code} ${rule.name} is registered twice`);
      codes.add(rule.code);
      names.add(rule.name);
      assert.ok(rule.summary.length > 20 && rule.summary.endsWith('.'), `${rule.code} needs a one-sentence summary`);
    }
  });

  it('gives every rule a doc page with the fixed headings, in order, and its options', () => {
    for (const rule of RULES) {
      assert.ok(existsSync(ruleDocPath(rule)), `missing doc page ${ruleDocPath(rule)}`);
      const doc = readRuleDoc(rule);
      assert.ok(
        doc.startsWith(`# ${rule.code} ${rule.name}\n`),
        `${rule.code}: the doc page must start with "# ${rule.code} ${rule.name}"`,
      );
      let at = 0;
      for (const heading of DOC_HEADINGS) {
        const found = doc.indexOf(`\n${heading}\n`, at);
        assert.ok(found >= 0, `${rule.code}: doc page lacks "${heading}" (or it is out of order)`);
        at = found + 1;
      }
      const options = doc.slice(doc.indexOf('\n## Options\n'));
      for (const key of Object.keys(rule.options))
        assert.ok(options.includes(`\`${key}\``), `${rule.code}: option ${key} is not documented`);
    }
  });

  it('gives every rule its own test file and a fixture with a snapshot', () => {
    const fixtures = readdirSync(join(ROOT, 'test', 'fixtures', 'rules'));
    for (const rule of RULES) {
      assert.ok(existsSync(join(ROOT, 'test', 'unit', 'rules', `${rule.name}.test.ts`)), `missing test/unit/rules/${rule.name}.test.ts`);
      const fixture = fixtures.find((f) => f.startsWith(`${rule.code}-${rule.name}.`));
      assert.ok(fixture, `missing fixture test/fixtures/rules/${rule.code}-${rule.name}.py (or .ipynb)`);
      const snapshot = join(ROOT, 'test', 'fixtures', '__snapshots__', `${fixture}.snap`);
      assert.ok(existsSync(snapshot), `missing snapshot for ${fixture}`);
      assert.ok(
        readFileSync(snapshot, 'utf8').includes(`${rule.code} ${rule.name}`),
        `the ${fixture} snapshot shows no ${rule.code} finding`,
      );
    }
  });

  it('lists every rule in the README rule table, and nothing else', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| \[?`?(MLH\d{3})`?\]?(?:\([^)]*\))? \| `?([a-z-]+)`? \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(
      rows,
      RULES.map((r) => `${r.code} ${r.name}`),
    );
  });

  it('registers refactors only for published codes, each id once', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const refactor of REFACTORS)
      for (const code of refactor.codes) assert.ok(codes.has(code), `${refactor.id} resolves ${code}, which no rule reports`);
    assert.equal(new Set(REFACTORS.map((r) => r.id)).size, REFACTORS.length);
  });

  it('gives each rule its family, default severity, fix availability and status in the README rule table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| \[(MLH\d{3})\]\([^)]*\) \| `[a-z-]+` \| ([a-z]+) \| ([a-z]+) \| ([a-z]+) \| ([a-z]+) \|/gm)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]}`,
    );
    assert.deepEqual(
      rows,
      RULES.map((r) => `${r.code} ${r.family} ${r.defaultSeverity} ${fixability(r)} ${r.status}`),
    );
  });

  it('documents how to fix every rule that declares a fix, in a "## Fix" section before "## Fix safety"', () => {
    for (const rule of RULES) {
      const doc = readRuleDoc(rule);
      const fix = doc.indexOf('\n## Fix\n');
      if (fixability(rule) === 'never') {
        assert.equal(fix, -1, `${rule.code} declares no fix but its page has a "## Fix" section`);
        continue;
      }
      assert.ok(
        fix >= 0 && fix < doc.indexOf('\n## Fix safety\n'),
        `${rule.code} is fixable ${fixability(rule)}: its page needs a "## Fix" section before "## Fix safety"`,
      );
      const section = doc.slice(fix, doc.indexOf('\n## Fix safety\n'));
      assert.match(section, /\*\*[^*]+\*\*|`ml-hygiene refactor /, `${rule.code}: the "## Fix" section names the quick fix or the command`);
    }
  });

  it('offers exactly the registered codes in the settings of package.json', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { items?: { enum?: string[] }; properties?: Record<string, unknown> }> } };
    };
    const props = manifest.contributes.configuration.properties;
    const codes = RULES.map((r) => r.code);
    for (const key of ['mlHygiene.select', 'mlHygiene.ignore']) {
      const values = props[key]?.items?.enum ?? [];
      assert.deepEqual(
        values.filter((v) => /^MLH\d{3}$/.test(v)),
        codes,
        `${key} enum`,
      );
    }
    assert.deepEqual(Object.keys(props['mlHygiene.severity']?.properties ?? {}), codes, 'mlHygiene.severity properties');
  });
});
