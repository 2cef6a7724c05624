// The sidebar in the real workbench: open it from the activity bar, tick a checklist item (the
// plan file appears), walk the decision path and save a decision, open a file from the overview.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const title = 'the sidebar: phase checklist, decision path, hygiene overview';

async function waitForFile(path, predicate, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (text !== null && predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`${path} never satisfied the expectation; last content:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export default async function flow({ page, shot, workspace }) {
  const plan = join(workspace, 'mlproject.yaml');
  await page.locator('.activitybar [aria-label^="ML Hygiene"]').first().click();
  const view = page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
  await view.getByText('Walk the decision path').first().waitFor({ timeout: 60_000 });
  await view
    .getByRole('button', { name: /monolith\.py/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await shot('sidebar-opened');

  // Tick the first checklist item of Planning: mlproject.yaml is created with it done.
  const planning = view.locator('button.phase-toggle[data-key="phase:planning"]');
  if ((await planning.getAttribute('aria-expanded')) !== 'true') await planning.click();
  const firstCheck = view.locator('#phase-planning-items input.check').first();
  await firstCheck.waitFor();
  await firstCheck.check();
  await waitForFile(plan, (text) => /done: true/.test(text));
  await shot('item-ticked');

  // Walk the ladder: not "not ML", not analytics, not statistics; stop at a classical model.
  await view.getByText('Walk the decision path').first().click();
  for (let i = 0; i < 3; i++) await view.getByRole('button', { name: 'No, go further' }).first().click();
  await view.getByRole('button', { name: 'Yes, stop here' }).first().click();
  await view.locator('#walk-rationale').fill('Gradient boosting on the customer table is enough');
  await shot('decision-rationale');
  await view
    .getByRole('button', { name: /Save the decision/ })
    .first()
    .click();
  await waitForFile(plan, (text) => text.includes('classical-ml') && text.includes('Gradient boosting on the customer table'));
  await view.getByText('Walk the path again').first().waitFor();
  await shot('decision-saved');

  // The overview opens the file it lists.
  await view
    .getByRole('button', { name: /monolith\.py/ })
    .first()
    .click();
  await page.locator('.tabs-container .tab', { hasText: 'monolith.py' }).first().waitFor({ timeout: 20_000 });
  await shot('file-opened-from-overview');
}
