// "ML Hygiene: Modularize This File" from the command palette: the package name (the file's stem),
// the folder (the file's own), keep the original, the preview of every new file, the package
// created in one edit on Apply, and pipeline.py opens.
import { applyPreview, openFromExplorer, runCommand } from '../ui.mjs';

export const title = 'Modularize This File: package name, folder, one edit creating the package, pipeline.py opens';

export default async function flow({ page, shot }) {
  await openFromExplorer(page, 'monolith.py');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });

  await runCommand(page, 'Modularize This File');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'package name' }).first().waitFor({ timeout: 30_000 });
  if ((await input.inputValue()) !== 'monolith') throw new Error(`the default package name is ${await input.inputValue()}`);
  await shot('package-name');
  await page.keyboard.press('Enter');

  await page.locator('.quick-input-list .monaco-list-row', { hasText: "the file's folder" }).first().waitFor({ timeout: 30_000 });
  await shot('folder');
  await page.keyboard.press('Enter');

  // Keep the original (the default), or replace it with a thin script calling the pipeline.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'with a thin script calling the pipeline' })
    .first()
    .waitFor({ timeout: 30_000 });
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Keep monolith.py as it is' })
    .first()
    .waitFor({ timeout: 30_000 });
  await shot('keep-or-replace-the-original');
  await page.keyboard.press('Enter');

  await applyPreview(page, 'Modularize monolith.py into the package monolith', shot, 'preview-of-the-package');
  await page.locator('.tabs-container .tab', { hasText: 'pipeline.py' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-line', { hasText: 'def main(' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'params.yaml' }).first().waitFor({ timeout: 30_000 });
  await shot('pipeline-opened');
}
