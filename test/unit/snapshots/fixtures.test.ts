import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { notebookSource, parseNotebookJson, pythonSource } from '../../../src/core/parse/source';
import { matchSnapshot } from '../snapshot';
import { renderFindings } from './render';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const SNAPSHOTS = join(FIXTURES, '__snapshots__');

export function fixtureFiles(): string[] {
  const rules = join(FIXTURES, 'rules');
  return [
    ...readdirSync(rules).filter((f) => /\.(py|ipynb)$/.test(f)).map((f) => join(rules, f)),
    join(__dirname, '..', '..', '..', 'examples', 'house_prices.py'),
    join(__dirname, '..', '..', '..', 'examples', 'churn_exploration.ipynb'),
  ];
}

function programText(path: string, text: string): string {
  const source = path.endsWith('.ipynb') ? notebookSource(path, parseNotebookJson(text)) : pythonSource(path, text);
  return withModel(source, (model) => model.source.text);
}

describe('snapshots: every finding and fix on the fixtures', () => {
  before(() => initEngine());
  for (const file of fixtureFiles()) {
    it(basename(file), () => {
      const text = readFileSync(file, 'utf8');
      const result = analyzeText(basename(file), text);
      matchSnapshot(join(SNAPSHOTS, `${basename(file)}.snap`), renderFindings(basename(file), programText(file, text), result.findings));
    });
  }
});
