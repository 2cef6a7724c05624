// The pipeline graph of a notebook: opened from the status-bar score's menu beside the notebook editor;
// a click on a step selects and reveals its cell, the cursor on the step's first line in it. The
// expected steps and cells come from `ml-hygiene graph` on the same file.
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFromExplorer } from '../ui.mjs';
import { cliGraph, graphView } from './10-graph-script.mjs';

export const title = 'the pipeline graph of a notebook: a click on a step reveals its cell';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export default async function flow({ page, shot, workspace }) {
  const file = join(workspace, 'churn_exploration.ipynb');
  copyFileSync(join(root, 'examples', 'churn_exploration.ipynb'), file);
  const cells = JSON.parse(readFileSync(file, 'utf8')).cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const steps = cliGraph(file).nodes.filter((n) => n.kind === 'step');
  await openFromExplorer(page, 'churn_exploration.ipynb');
  await page.locator('.notebook-editor .cell-list-container .code-cell-row').first().waitFor({ timeout: 60_000 });

  // The notebook's title bar offers the graph; open it through the status-bar score's menu.
  await page.locator('.editor-actions .action-label[aria-label^="Show Pipeline Graph"]').first().waitFor({ timeout: 30_000 });
  await page
    .locator('.statusbar-item', { hasText: /Monolith \d+/ })
    .first()
    .click({ timeout: 30_000 });
  // The list holds the notebook's findings first: type to bring the graph's entry (at its end) into view.
  await page.locator('.quick-input-widget input').first().fill('Show Pipeline Graph');
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Pipeline Graph' }).first();
  await item.waitFor({ timeout: 10_000 });
  await shot('score-menu');
  await item.click();
  await page.locator('.tabs-container .tab', { hasText: 'Pipeline: churn_exploration.ipynb' }).first().waitFor({ timeout: 30_000 });
  const view = await graphView(page);
  for (const step of steps) await view.locator(`g.node.step[data-id="${step.id}"]`).waitFor({ timeout: 60_000 });
  await shot('graph-beside-the-notebook');

  // The last step, far down the notebook.
  const target = steps.at(-1);
  const line = cells[target.cell - 1].split('\n')[target.line - 1].trim();
  const node = view.locator(`g.node.step[data-id="${target.id}"]`);
  // A long pipeline starts at its beginning: the keyboard focus brings the step into view.
  await node.focus();
  await node.click();
  // The step's cell is the notebook's current one, and its editor has the keyboard focus.
  await page
    .locator('.statusbar-item', { hasText: `Cell ${target.cell} of ${cells.length}` })
    .first()
    .waitFor({ timeout: 15_000 });
  const editor = page.locator('.notebook-editor .cell-list-container .monaco-list-row.focused .monaco-editor.focused');
  await editor
    .locator('.view-line', { hasText: line.slice(0, 40) })
    .first()
    .waitFor({ timeout: 15_000 });
  await shot(`cell-${target.cell}-revealed`);
}
