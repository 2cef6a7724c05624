// A newcomer's first minutes: the "Get Started with ML Hygiene" walkthrough from the command
// palette, its five steps, "Open the Sample Monolith" (the bundled example, copied into the
// workspace and opened beside the walkthrough, with its findings), the step ticked, and the
// "Modularize the Sample" button run from the walkthrough page (no text editor has the focus).
import { runCommand } from '../ui.mjs';

export const title = 'walkthrough: open the sample monolith, see its findings, modularize it from the walkthrough';

const STEPS = [
  'See the findings in a sample monolith',
  'Apply a quick fix',
  'Modularize with the preview',
  'Open the plan and decide the rung',
  'See the pipeline graph',
];

export default async function flow({ page, shot }) {
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with ML Hygiene' }).first();
  await pick.waitFor({ timeout: 15_000 });
  await pick.click();

  const walkthrough = page.locator('.gettingStartedContainer');
  await walkthrough.getByText('Get Started with ML Hygiene').first().waitFor({ timeout: 20_000 });
  for (const step of STEPS) await walkthrough.getByText(step, { exact: true }).first().waitFor({ timeout: 10_000 });
  // The first step's media (our markdown) is rendered beside the steps.
  await page
    .frameLocator('.gettingStartedContainer iframe.webview')
    .first()
    .frameLocator('iframe#active-frame')
    .getByText('A monolith, as notebooks export them')
    .first()
    .waitFor({ timeout: 20_000 });
  await shot('walkthrough');

  await walkthrough.getByRole('button', { name: 'Open the Sample Monolith' }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'house_prices.py' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ml-hygiene-sample' }).first().waitFor({ timeout: 30_000 });
  // The step completed on the command it ran.
  await walkthrough
    .locator('.getting-started-step[aria-checked="true"]', { hasText: 'See the findings in a sample monolith' })
    .first()
    .waitFor({ timeout: 15_000 });
  await shot('sample-opened-step-done');

  // The modularize step, its button run from the walkthrough page: the package name and folder are
  // asked for, then the preview shows every new file.
  await walkthrough.getByText('Modularize with the preview', { exact: true }).first().click();
  await walkthrough.getByRole('button', { name: 'Modularize the Sample' }).first().click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await shot('modularize-asks-for-a-name');
  await page.keyboard.press('Escape');
}
