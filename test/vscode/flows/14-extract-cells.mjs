// Extract Cells to Function in the notebook editor: four cells selected (a markdown heading, two
// code cells and the markdown between them), the command from the palette; one function is
// defined and called in the first code cell, with its name selected at the def and the call for
// the author to type over; the markdown cells stay, the later code cell is left empty; one undo
// brings every cell back. Then Extract to Function from the "..." menu of one code cell's toolbar.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFromExplorer, runCommand } from '../ui.mjs';

export const title = 'Extract Cells to Function: several selected notebook cells become one function, one undo takes it back';

const code = (source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
const markdown = (source) => ({ cell_type: 'markdown', metadata: {}, source });

export default async function flow({ page, shot, workspace }) {
  writeFileSync(
    join(workspace, 'ratios.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [
        code('import pandas as pd\nlimit = 3'),
        markdown('## Load the frame'),
        code('df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 2, 2]})'),
        markdown('Keep the small ratios.'),
        code('df["ratio"] = df["a"] / df["b"]\nsmall = df[df["ratio"] < limit]'),
        code('print(small.shape)'),
      ],
    }),
  );
  await openFromExplorer(page, 'ratios.ipynb');
  const line = (text) => page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: text }).first();
  await line('print(small.shape)').waitFor({ timeout: 60_000 });

  // Select from the heading down to the second code cell, as a keyboard user does: into the first
  // cell, Escape (command mode), Down to the heading, then Shift+Down three times.
  const selected = page.locator('.notebook-editor .monaco-list-row.selected');
  for (let attempt = 1; ; attempt++) {
    await line('limit = 3').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    for (let k = 0; k < 3; k++) await page.keyboard.press('Shift+ArrowDown');
    if ((await selected.count()) === 4) break;
    if (attempt === 5) throw new Error(`four cells were never selected (${await selected.count()} are)`);
  }
  await shot('four-cells-selected');

  await runCommand(page, 'ML Hygiene: Extract to Function');
  await line('def load_the_frame(limit):').waitFor({ timeout: 30_000 });
  await line('small = load_the_frame(limit)').waitFor({ timeout: 30_000 });
  // Every cell is still there (markdown rendered in the notebook's webview, hence counted).
  const rows = await page.locator('.notebook-editor .monaco-list-row').count();
  if (rows !== 6) throw new Error(`the notebook shows ${rows} cells, not 6`);
  // The name is selected at the def and at the call: what the author types names both.
  await page.locator('.notebook-editor .cell-editor-container .selected-text').nth(1).waitFor({ timeout: 10_000 });
  await shot('one-function-in-the-first-code-cell');

  // One undo: every cell as it was.
  await page.keyboard.press('Control+Z');
  await line('def load_the_frame(limit):').waitFor({ state: 'detached', timeout: 30_000 });
  await line('df = pd.DataFrame({"a"').waitFor({ timeout: 30_000 });
  await line('small = df[df["ratio"] < limit]').waitFor({ timeout: 30_000 });
  await shot('undone-every-cell-back');

  // From the "..." menu of a code cell's toolbar (the click selects that cell alone): that cell.
  await line('small = df[df["ratio"] < limit]').click();
  await page.locator('.notebook-editor .monaco-list-row.focused .cell-title-toolbar .codicon-toolbar-more').first().click();
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Extract to Function' }).first();
  await item.waitFor({ timeout: 10_000 });
  await shot('extract-in-the-cell-menu');
  await item.click();
  await line('def build_small(df, limit):').waitFor({ timeout: 30_000 });
  await line('small = build_small(df, limit)').waitFor({ timeout: 30_000 });
  await line('df = pd.DataFrame({"a"').waitFor();
  await shot('one-cell-extracted-from-its-menu');
}
