// A leakage finding in a notebook and its fix: the scaler is fitted on every row before the split
// (MLH401). The light bulb offers to fit it on the training rows after the split; the change moves
// statements, so it opens in the refactor preview first, and applying it rewrites the cell.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPreview, openFromExplorer } from '../ui.mjs';

export const title = 'a leakage finding in a notebook, its fix shown in the refactor preview, then applied';

const cell = (source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
const FIX = 'Fit it on the training rows after the split';

export default async function flow({ page, shot, workspace }) {
  writeFileSync(
    join(workspace, 'leaky.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [
        cell(
          'from sklearn.datasets import make_classification\nfrom sklearn.linear_model import LogisticRegression\n' +
            'from sklearn.model_selection import train_test_split\nfrom sklearn.preprocessing import StandardScaler',
        ),
        cell('X, y = make_classification(n_samples=200, random_state=0)'),
        cell(
          'scaler = StandardScaler()\nX = scaler.fit_transform(X)\n' +
            'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        ),
        cell('clf = LogisticRegression().fit(X_train, y_train)\nprint(clf.score(X_test, y_test))'),
      ],
    }),
  );
  await openFromExplorer(page, 'leaky.ipynb');
  await page.locator('.notebook-editor .cell-editor-container .squiggly-warning').first().waitFor({ timeout: 60_000 });

  // Cursor on the leaking fit, then Ctrl+. and the fix.
  const fit = page.locator('.notebook-editor .cell-editor-container .view-line span', { hasText: 'fit_transform' }).first();
  const menu = page.locator('.action-widget');
  const fix = menu.locator('.monaco-list-row', { hasText: FIX }).first();
  const preview = page.locator('.tabs-container .tab', { hasText: `Preview: ${FIX}` }).first();
  for (let attempt = 1; ; attempt++) {
    // Right after opening, the code actions may not be computed yet: ask again until they are
    // (Escape leaves the cell's editor, so click into it again each time).
    await fit.click();
    await page.keyboard.press('Control+.');
    if (
      await fix.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      if (attempt === 1) await shot('leakage-quick-fix-menu');
      await fix.click();
      if (
        await preview.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await page.keyboard.press('Escape');
    if (attempt === 5) throw new Error(`"${FIX}" was never offered or never opened its preview`);
  }
  await applyPreview(page, FIX, shot, 'leakage-fix-preview');

  // The cell now splits first, fits on the training rows and only transforms the test rows.
  await page.locator('.tabs-container .tab', { hasText: 'leaky.ipynb' }).first().click();
  await page
    .locator('.notebook-editor .cell-editor-container .view-line', { hasText: 'X_train = scaler.fit_transform(X_train)' })
    .first()
    .waitFor({ timeout: 30_000 });
  await page
    .locator('.notebook-editor .cell-editor-container .view-line', { hasText: 'X_test = scaler.transform(X_test)' })
    .first()
    .waitFor();
  await shot('fitted-on-the-training-rows');
}
