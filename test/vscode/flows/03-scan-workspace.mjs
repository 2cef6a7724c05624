// "ML Hygiene: Scan Workspace" from the command palette fills the Problems panel with files
// that were never opened, and skips what .gitignore ignores.
import { filterProblems, openProblems, runCommand } from '../ui.mjs';

export const title = 'Scan Workspace from the command palette';

export default async function flow({ page, shot }) {
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  await runCommand(page, 'ML Hygiene: Scan Workspace');
  await shot('command-run');
  const problems = await openProblems(page);
  await problems.getByText('monolith.py').first().waitFor({ timeout: 60_000 });
  await shot('problems-after-scan');
  // Files never opened are there (the list is virtualised: narrow it to see each one).
  await filterProblems(page, 'scan_only');
  await problems.locator('.monaco-list-row', { hasText: 'scan_only.py' }).first().waitFor({ timeout: 10_000 });
  await shot('filtered-scan-only');
  await filterProblems(page, 'notebook_export');
  await problems.locator('.monaco-list-row', { hasText: 'notebook_export.py' }).first().waitFor({ timeout: 10_000 });
  // build/ is ignored by .gitignore: nothing from it.
  await filterProblems(page, 'generated');
  await problems.locator('.monaco-list-row', { hasText: 'notebook_export.py' }).first().waitFor({ state: 'detached', timeout: 10_000 });
  const leaked = await problems.locator('.monaco-list-row', { hasText: 'generated.py' }).count();
  if (leaked > 0) throw new Error('build/generated.py is ignored by .gitignore but was scanned');
  await shot('filtered-ignored');
}
