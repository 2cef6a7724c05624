// "ML Hygiene: Modularize This File" on a notebook: the package name, the folder (no keep-or-replace
// prompt: a notebook stays as it is), the preview listing the package and the thin notebook
// churn.ipynb, one edit on Apply, and the thin notebook opened in the notebook editor: the
// original's headings above one cell per step, called as pipeline.py's main() calls them.
import { copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPreview, openFromExplorer, runCommand } from '../ui.mjs';

export const title = 'Modularize a notebook: the package and the thin notebook in one edit, opened in the notebook editor';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export default async function flow({ page, shot, workspace }) {
  copyFileSync(join(root, 'examples', 'churn_exploration.ipynb'), join(workspace, 'churn_exploration.ipynb'));
  await openFromExplorer(page, 'churn_exploration.ipynb');
  await page.locator('.notebook-editor .cell-list-container .code-cell-row').first().waitFor({ timeout: 60_000 });

  await runCommand(page, 'Modularize This File');
  await page.locator('.quick-input-widget', { hasText: 'package name' }).first().waitFor({ timeout: 30_000 });
  const input = page.locator('.quick-input-widget input');
  if ((await input.inputValue()) !== 'churn_exploration') throw new Error(`the default package name is ${await input.inputValue()}`);
  await input.fill('churn');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: "the file's folder" }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');

  await applyPreview(
    page,
    'Modularize churn_exploration.ipynb into the package churn with the notebook churn.ipynb calling its steps',
    shot,
    'preview-with-the-thin-notebook',
  );
  // The thin notebook opens in the notebook editor: the original's headings, a cell per step.
  await page.locator('.tabs-container .tab.active', { hasText: 'churn.ipynb' }).first().waitFor({ timeout: 60_000 });
  const editor = page.locator('.notebook-editor');
  // Markdown cells are rendered in the notebook's webview; the breadcrumb names the first one.
  await page.locator('.breadcrumbs-control', { hasText: 'step by step' }).first().waitFor({ timeout: 30_000 });
  await editor.locator('.code-cell-row .view-line', { hasText: 'from churn.data import load' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'churn.ipynb' }).first().waitFor({ timeout: 30_000 });
  await shot('thin-notebook-opened');
  // Further down: each step's call under its heading (cells are drawn as they scroll into view).
  const box = await editor.first().boundingBox();
  const step = editor.locator('.code-cell-row .view-line', { hasText: 'forest = model(' }).first();
  for (let i = 0; i < 20 && !(await step.isVisible()); i++) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(200);
  }
  await step.waitFor({ timeout: 30_000 });
  await shot('thin-notebook-steps');
}
