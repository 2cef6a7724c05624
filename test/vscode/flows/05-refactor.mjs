// The light bulb on a hard-coded hyperparameter: "Move n_estimators to params.yaml" (it creates
// params.yaml and params.py, so the preview shows every file first, then Apply makes it one edit);
// then the whole file through the command palette (no new file: applied at once), and the params
// file the team now edits.
import { applyPreview, openFromExplorer, runCommand } from '../ui.mjs';

export const title = 'quick fix and source action: move hard-coded values to params.yaml as one undoable edit';

export default async function flow({ page, shot }) {
  await openFromExplorer(page, 'monolith.py');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });

  // Cursor on the literal, then Ctrl+. as a keyboard user does.
  await page.locator('.monaco-editor .view-line span').getByText('150', { exact: true }).first().click();
  const menu = page.locator('.action-widget');
  const move = menu.locator('.monaco-list-row', { hasText: 'Move n_estimators to params.yaml' }).first();
  // Right after opening, the code actions may not be computed yet: ask again until they are.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+.');
    if (await move.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    await page.keyboard.press('Escape');
    if (attempt === 5) throw new Error('the light bulb never offered "Move n_estimators to params.yaml"');
  }
  await menu.locator('.monaco-list-row', { hasText: 'Disable MLH101 for this line' }).first().waitFor();
  await menu.locator('.monaco-list-row', { hasText: 'Show documentation for MLH101' }).first().waitFor();
  await shot('quick-fix-menu');
  await move.click();
  // It creates params.yaml and params.py: the preview shows every file first.
  await applyPreview(page, 'Move n_estimators to params.yaml', shot, 'preview-of-new-files');
  await page.locator('.monaco-editor .view-line', { hasText: 'random_forest_classifier' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'params.yaml' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'params.py' }).first().waitFor({ timeout: 30_000 });
  await shot('value-moved');

  // Everything else of the file at once, from the command palette.
  await runCommand(page, 'Move Parameters to the Params File');
  await page.locator('.monaco-editor .view-line', { hasText: 'params["data"]' }).first().waitFor({ timeout: 30_000 });
  await shot('all-values-moved');

  await openFromExplorer(page, 'params.yaml');
  await page.locator('.monaco-editor .view-line', { hasText: 'n_estimators: 150' }).first().waitFor({ timeout: 30_000 });
  await shot('params-yaml');
}
