// A data scientist opens the exported monolith: squiggles, the Problems panel, a hover with the
// rule's documentation link (followed), and the monolith score in the status bar.
import { openFromExplorer, openProblems } from '../ui.mjs';

export const title = 'open a monolith: squiggles, Problems panel, hover, documentation link, status bar';

export default async function flow({ page, shot }) {
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  await shot('workbench');
  await openFromExplorer(page, 'monolith.py');
  const squiggles = page.locator('.monaco-editor .squiggly-warning');
  await squiggles.first().waitFor({ timeout: 30_000 });
  await shot('squiggles');

  const status = page.locator('.statusbar-item', { hasText: /Monolith \d+/ });
  await status.first().waitFor({ timeout: 15_000 });

  const problems = await openProblems(page);
  await problems
    .getByText(/Monolithic script \(score \d+\/100\)/)
    .first()
    .waitFor({ timeout: 15_000 });
  await problems
    .getByText(/Hard-coded path "data\/churn.csv"/)
    .first()
    .waitFor();
  await shot('problems-panel');

  // Hover the hard-coded hyperparameter: the hover shows the message and the code as a link.
  const literal = page.locator('.monaco-editor .view-line span').getByText('150', { exact: true }).first();
  await literal.hover();
  const hover = page.locator('.monaco-hover');
  await hover
    .getByText(/Hard-coded hyperparameter/)
    .first()
    .waitFor({ timeout: 15_000 });
  await shot('hover');
  const link = hover.locator('a', { hasText: 'MLH101' }).first();
  await link.waitFor({ timeout: 10_000 });
  await link.click();
  // The rendered, read-only page (the markdown preview), not the .md file as text.
  await page.locator('.tabs-container .tab', { hasText: 'Preview hard-coded-hyperparameter.md' }).first().waitFor({ timeout: 20_000 });
  const rendered = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await rendered.locator('h1', { hasText: 'MLH101 hard-coded-hyperparameter' }).waitFor({ timeout: 20_000 });
  await shot('documentation-opened');
  // A rule the page mentions is a link to its page, which opens in the preview.
  await rendered.locator('a', { hasText: 'MLH301' }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'unseeded-randomness.md' }).first().waitFor({ timeout: 20_000 });
  await shot('linked-rule-page');
}
