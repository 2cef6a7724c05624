// A fix of the ML smell catalogue applied inside a notebook cell: `df["age"] == np.nan` is never
// true; the light bulb in the cell offers the pandas spelling, and applying it rewrites that cell
// only, as one undoable edit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFromExplorer } from '../ui.mjs';

export const title = 'a catalogue fix in a notebook cell: nan-equality becomes isna()';

const cell = (source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });

export default async function flow({ page, shot, workspace }) {
  writeFileSync(
    join(workspace, 'cleaning.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [
        cell('import numpy as np\nimport pandas as pd'),
        cell('df = pd.DataFrame({"age": [31.0, np.nan, 45.0]})'),
        cell('missing = df[df["age"] == np.nan]\nprint(len(missing))'),
      ],
    }),
  );
  await openFromExplorer(page, 'cleaning.ipynb');
  const squiggle = page.locator('.notebook-editor .cell-editor-container .squiggly-warning').first();
  await squiggle.waitFor({ timeout: 60_000 });
  await shot('nan-equality-in-a-cell');

  // Cursor in the comparison, then Ctrl+. and the fix, as a keyboard user does.
  const comparison = page.locator('.notebook-editor .cell-editor-container .view-line span', { hasText: 'np.nan]' }).first();
  const menu = page.locator('.action-widget');
  const fix = menu.locator('.monaco-list-row', { hasText: /isna\(\)/ }).first();
  const fixed = page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: 'df["age"].isna()' }).first();
  for (let attempt = 1; ; attempt++) {
    // Right after opening, the code actions may not be computed yet: ask again until they are
    // (Escape leaves the cell's editor, so click into it again each time).
    await comparison.click();
    await page.keyboard.press('Control+.');
    if (
      await fix.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      if (attempt === 1) await shot('quick-fix-menu-in-a-cell');
      await fix.click();
      if (
        await fixed.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await page.keyboard.press('Escape');
    if (attempt === 5) throw new Error('the isna() fix was never offered or never applied in the notebook cell');
  }
  // The finding goes once the cell is analysed again (nothing else in this notebook is reported).
  await page.locator('.notebook-editor .cell-editor-container .squiggly-warning').first().waitFor({ state: 'detached', timeout: 30_000 });
  // Only that cell changed: the others read as before.
  await page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: 'df = pd.DataFrame({"age"' }).first().waitFor();
  await shot('fixed-in-the-cell');
}
