// A notebook opened in the notebook editor gets its findings on the right cells.
import { openFromExplorer, openProblems } from '../ui.mjs';

export const title = 'open a notebook: findings on its cells';

export default async function flow({ page, shot }) {
  await openFromExplorer(page, 'analysis.ipynb');
  const cells = page.locator('.notebook-editor .cell-list-container .code-cell-row');
  await cells.first().waitFor({ timeout: 60_000 });
  // A squiggle inside a cell editor (the cells are Monaco editors of their own).
  await page.locator('.notebook-editor .cell-editor-container .squiggly-warning').first().waitFor({ timeout: 30_000 });
  await shot('notebook-squiggles');
  const problems = await openProblems(page);
  await problems
    .getByText(/train_test_split without random_state/)
    .first()
    .waitFor({ timeout: 15_000 });
  await shot('notebook-problems');
}
