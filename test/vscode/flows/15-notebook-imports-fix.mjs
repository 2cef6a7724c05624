// MLH203 imports-not-at-top in the notebook editor: two later cells import after code has run; the
// light bulb on the import offers "Move the imports to the first code cell", which moves them (in
// order, the duplicate `import numpy as np` dropped) into the first code cell as one edit across
// the cells, and one undo puts them back. The rule is a preview rule: the project selects it in
// its pyproject.toml, as a user would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFromExplorer } from '../ui.mjs';

export const title = 'the imports-not-at-top fix in the notebook editor: later imports moved to the first code cell, one undo';

const code = (source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });

export function prepare({ workspace }) {
  writeFileSync(join(workspace, 'pyproject.toml'), '[tool.ml-hygiene]\nextend-select = ["MLH203"]\n');
  writeFileSync(
    join(workspace, 'titanic.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [
        code('import numpy as np\nimport pandas as pd'),
        code('df = pd.DataFrame({"age": [22, 38, 26], "fare": [7.25, 71.3, 7.9]})\nprint(df.describe())'),
        code('from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression()'),
        code('import numpy as np\nprint(np.mean(df["age"]))'),
      ],
    }),
  );
}

export default async function flow({ page, shot }) {
  await openFromExplorer(page, 'titanic.ipynb');
  const cells = page.locator('.notebook-editor .cell-editor-container');
  const line = (text) => page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: text }).first();
  // One warning per cell that imports late (cells 3 and 4).
  await cells.nth(2).locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
  await cells.nth(3).locator('.squiggly-warning').first().waitFor({ timeout: 30_000 });
  await shot('imports-after-code');

  // Cursor on the late import, then Ctrl+. and the fix, as a keyboard user does.
  const menu = page.locator('.action-widget');
  const fix = menu.locator('.monaco-list-row', { hasText: 'Move the imports to the first code cell' }).first();
  // The first cell holding the moved import is the sign the fix landed.
  const moved = cells.nth(0).locator('.view-line', { hasText: 'from sklearn.linear_model import LogisticRegression' }).first();
  for (let attempt = 1; ; attempt++) {
    // Right after opening the code actions may not be computed yet: ask again until they are.
    await line('from sklearn.linear_model import').click();
    await page.keyboard.press('Control+.');
    if (
      await fix.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      if (attempt === 1) await shot('fix-in-the-light-bulb-menu');
      await fix.click();
      if (
        await moved.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await page.keyboard.press('Escape');
    if (attempt === 5) throw new Error('the imports fix was never offered or never applied in the notebook');
  }
  // Both findings go once the notebook is analysed again; numpy is imported once.
  await page.locator('.notebook-editor .cell-editor-container .squiggly-warning').first().waitFor({ state: 'detached', timeout: 30_000 });
  const numpy = await page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: 'import numpy as np' }).count();
  if (numpy !== 1) throw new Error(`import numpy as np shows ${numpy} times, not once`);
  await line('clf = LogisticRegression()').waitFor();
  await shot('imports-in-the-first-code-cell');

  // One undo puts every cell back.
  await line('clf = LogisticRegression()').click();
  await page.keyboard.press('Control+Z');
  await moved.waitFor({ state: 'detached', timeout: 30_000 });
  await cells.nth(3).locator('.view-line', { hasText: 'import numpy as np' }).first().waitFor({ timeout: 30_000 });
  await shot('undone');
}
