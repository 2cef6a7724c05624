import assert from 'node:assert/strict';
import type * as Sarif from 'sarif';
import type { SarifOptions } from '../../../src/cli/formats/sarif';
import { artifactLocation, FINGERPRINT_KEY, formatSarif, SARIF_SCHEMA, toSarif } from '../../../src/cli/formats/sarif';
import type { FileReport } from '../../../src/cli/formats/report';
import type { RuleMeta } from '../../../src/core/rules/rule';
import { clean, notebook, range, script } from './fixtures';
import { sarifShapeProblems } from './sarifShape';

function meta(code: string, name: string, family: RuleMeta['family'], defaultSeverity: RuleMeta['defaultSeverity']): RuleMeta {
  return {
    code,
    name,
    family,
    defaultSeverity,
    status: 'stable',
    summary: `${name} summary.`,
    appliesTo: ['python', 'notebook'],
    options: {},
  };
}

const options: SarifOptions = {
  cwd: '/repo',
  toolVersion: '9.8.7',
  informationUri: 'https://example.org/ml-hygiene',
  rules: [
    meta('MLH002', 'duplicated-feature-list', 'structure', 'warning'),
    meta('MLH102', 'hard-coded-path', 'configuration', 'warning'),
    meta('MLH202', 'bare-expression', 'notebook', 'info'),
    meta('MLH401', 'preprocessing-before-split', 'correctness', 'error'),
  ].map((rule) => ({ meta: rule, helpUri: `https://example.org/docs/${rule.name}`, doc: `# ${rule.code} ${rule.name}\n\nDoc.\n` })),
};

function run(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  return log.runs[0]!;
}

function fingerprintOf(result: Sarif.Result | undefined): string {
  const value = result?.partialFingerprints?.[FINGERPRINT_KEY];
  assert.ok(value, 'a fingerprint');
  return value;
}

describe('cli sarif format', () => {
  it('passes the SARIF 2.1.0 and code-scanning shape checks', () => {
    const text = formatSarif({ files: [script, notebook, clean] }, options);
    assert.deepEqual(sarifShapeProblems(JSON.parse(text)), []);
    const log = toSarif({ files: [script, notebook, clean] }, options);
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(run(log).originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
    assert.equal(run(log).columnKind, 'utf16CodeUnits');
  });

  it('the shape check catches what code scanning rejects', () => {
    const log = toSarif({ files: [script] }, options) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    const result = log.runs[0]!.results[0]!;
    delete result['ruleId'];
    (result['locations'] as Array<{ physicalLocation: { region: Record<string, number> } }>)[0]!.physicalLocation.region['startLine'] = 0;
    assert.deepEqual(sarifShapeProblems(log), [
      'runs[0].results[0].ruleId: required by code scanning',
      'runs[0].results[0].ruleIndex: must point at the rule with the same id',
      'runs[0].results[0].locations[0].physicalLocation.region.startLine: must be an integer >= 1',
    ]);
  });

  it('describes every rule with its documentation, level and family', () => {
    const driver = run(toSarif({ files: [clean] }, options)).tool.driver;
    assert.equal(driver.name, 'ml-hygiene');
    assert.equal(driver.version, '9.8.7');
    assert.equal(driver.informationUri, 'https://example.org/ml-hygiene');
    assert.deepEqual(
      driver.rules?.map((rule) => [rule.id, rule.name, rule.defaultConfiguration?.level, rule.properties?.['tags']]),
      [
        ['MLH002', 'duplicated-feature-list', 'warning', ['structure']],
        ['MLH102', 'hard-coded-path', 'warning', ['configuration']],
        ['MLH202', 'bare-expression', 'note', ['notebook']],
        ['MLH401', 'preprocessing-before-split', 'error', ['correctness']],
      ],
    );
    const rule = driver.rules![1]!;
    assert.equal(rule.helpUri, 'https://example.org/docs/hard-coded-path');
    assert.deepEqual(rule.shortDescription, { text: 'hard-coded-path summary.' });
    assert.deepEqual(rule.help, { text: '# MLH102 hard-coded-path\n\nDoc.\n', markdown: '# MLH102 hard-coded-path\n\nDoc.\n' });
  });

  it('gives each result its rule, level, 1-based region and related locations', () => {
    const results = run(toSarif({ files: [script, notebook, clean] }, options)).results!;
    assert.equal(results.length, 4);
    const duplicated = results[1]!;
    assert.equal(duplicated.ruleId, 'MLH002');
    assert.equal(duplicated.ruleIndex, 0);
    assert.equal(duplicated.level, 'warning');
    assert.deepEqual(duplicated.message, { text: 'The feature list ["a", "b", "c"] is written 2 times.' });
    assert.deepEqual(duplicated.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'src/train.py', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 12, endLine: 3, endColumn: 27 },
        },
      },
    ]);
    assert.deepEqual(duplicated.relatedLocations, [
      {
        id: 1,
        message: { text: 'also written here' },
        physicalLocation: {
          artifactLocation: { uri: 'src/train.py', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 8, endLine: 4, endColumn: 23 },
        },
      },
    ]);
    assert.equal(duplicated.properties, undefined);
    assert.equal(results[3]!.level, 'note');
  });

  it('puts notebook regions relative to the cell, with the 1-based cell in properties', () => {
    const results = run(toSarif({ files: [notebook] }, options)).results!;
    const first = results[0]!;
    assert.deepEqual(first.properties, { cell: 2 });
    assert.deepEqual(first.locations![0]!.physicalLocation!.region, { startLine: 2, startColumn: 18, endLine: 2, endColumn: 25 });
    assert.deepEqual(first.relatedLocations![0]!.properties, { cell: 4 });
    assert.deepEqual(first.relatedLocations![0]!.physicalLocation!.region, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 27 });
  });

  it('fingerprints follow the rule, file and line text, not the line number', () => {
    const [pathResult, listResult] = run(toSarif({ files: [script] }, options)).results!;
    // The same file with two lines inserted at the top: the findings move down.
    const moved: FileReport = {
      ...script,
      source: {
        kind: 'python',
        lines: ['# a comment', '', ...(script.source!.kind === 'python' ? (script.source!.lines as readonly string[]) : [])],
      },
      findings: script.findings.map((finding) => ({
        ...finding,
        range: range(finding.range.start.line + 2, finding.range.start.character, finding.range.end.line + 2, finding.range.end.character),
      })),
    };
    const [movedPath, movedList] = run(toSarif({ files: [moved] }, options)).results!;
    assert.equal(fingerprintOf(movedPath), fingerprintOf(pathResult));
    assert.equal(fingerprintOf(movedList), fingerprintOf(listResult));
    assert.notEqual(fingerprintOf(pathResult), fingerprintOf(listResult));
    assert.match(fingerprintOf(pathResult), /^[0-9a-f]{32}:1$/);
    // Another file, same finding: another fingerprint.
    const [otherFile] = run(
      toSarif({ files: [{ ...script, path: 'src/other.py', absolutePath: '/repo/src/other.py' }] }, options),
    ).results!;
    assert.notEqual(fingerprintOf(otherFile), fingerprintOf(pathResult));
  });

  it('numbers identical findings on identical lines of one file', () => {
    const twice: FileReport = { ...script, findings: [script.findings[0]!, script.findings[0]!] };
    const [a, b] = run(toSarif({ files: [twice] }, options)).results!;
    assert.equal(fingerprintOf(a).replace(/:1$/, ':2'), fingerprintOf(b));
  });

  it('adds a descriptor for a code that is not among the rules', () => {
    const unreadable: FileReport = {
      ...clean,
      source: null,
      findings: [
        {
          code: 'MLH000',
          name: 'unreadable-input',
          severity: 'error',
          message: 'Cannot analyse this file.',
          range: range(0, 0, 0, 0),
          related: [],
          fix: null,
        },
      ],
    };
    const log = toSarif({ files: [unreadable] }, options);
    const rules = run(log).tool.driver.rules!;
    assert.deepEqual(rules[rules.length - 1], { id: 'MLH000', name: 'unreadable-input' });
    assert.equal(run(log).results![0]!.ruleIndex, rules.length - 1);
    assert.deepEqual(sarifShapeProblems(log), []);
  });

  it('encodes relative URIs and uses absolute file URIs outside the source root', () => {
    assert.deepEqual(artifactLocation('/repo/my data/a#1.py', '/repo'), { uri: 'my%20data/a%231.py', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('/elsewhere/b.py', '/repo'), { uri: 'file:///elsewhere/b.py' });
  });
});
