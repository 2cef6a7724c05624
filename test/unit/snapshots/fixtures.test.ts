import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeBytes, initEngine, withModel } from '../../../src/core/engine';
import { notebookSource, parseNotebookJson, pythonSource } from '../../../src/core/parse/source';
import { loadPlanContext } from '../../../src/core/project/plans';
import { matchSnapshot } from '../snapshot';
import { renderFindings } from './render';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const SNAPSHOTS = join(FIXTURES, '__snapshots__');

export function fixtureFiles(): string[] {
  const rules = join(FIXTURES, 'rules');
  return [
    ...readdirSync(rules)
      .filter((f) => /\.(py|ipynb)$/.test(f))
      .map((f) => join(rules, f)),
    join(__dirname, '..', '..', '..', 'examples', 'house_prices.py'),
    join(__dirname, '..', '..', '..', 'examples', 'churn_exploration.ipynb'),
  ];
}

function programText(path: string, text: string): string {
  if (path.endsWith('.ipynb') && !text.trimStart().startsWith('{')) return text;
  const source = path.endsWith('.ipynb') ? notebookSource(path, parseNotebookJson(text)) : pythonSource(path, text);
  return withModel(source, (model) => model.source.text);
}

describe('snapshots: every finding and fix on the fixtures', () => {
  before(() => initEngine());
  for (const file of fixtureFiles()) {
    it(basename(file), () => {
      const bytes = readFileSync(file);
      const text = bytes.toString('utf8'); // lossy for the MLH000 fixture, which is only rendered
      // A fixture can come with a project plan: `<CODE>.mlproject.yaml` beside it (MLH501 reads its decision).
      const planFile = join(dirname(file), `${basename(file).split('-')[0]}.mlproject.yaml`);
      const plan = existsSync(planFile) ? loadPlanContext(planFile).context : null;
      // The default rule set, plus the fixture's own rule: a preview rule (off by default) shows its findings too.
      const code = /^MLH\d{3}(?=-)/.exec(basename(file))?.[0];
      const config = { ...defaultConfig(), extendSelect: code ? [code] : [] };
      const result = analyzeBytes(basename(file), bytes, { plan, config });
      matchSnapshot(join(SNAPSHOTS, `${basename(file)}.snap`), renderFindings(basename(file), programText(file, text), result.findings));
    });
  }
});
