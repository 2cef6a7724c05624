// The pipeline graph of a script: "Show Pipeline Graph" from the command palette opens it beside
// the editor; a click on a step in the graph moves the editor's cursor to that step's first line
// (its lines selected). The expected steps and lines come from `ml-hygiene graph` on the same file.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFromExplorer, runCommand } from '../ui.mjs';

export const title = 'the pipeline graph of a script: opened beside it, a click on a step moves the cursor to its code';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The graph `ml-hygiene graph` prints for a file (the bundled CLI). */
export function cliGraph(file) {
  return JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'graph', file], { encoding: 'utf8' }));
}

/**
 * The graph page inside the panel's webview: the frame holding `main#graph` (a notebook editor has
 * webviews of its own, for its outputs).
 */
export async function graphView(page, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('main#graph')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error('no webview frame shows the pipeline graph');
    await new Promise((r) => setTimeout(r, 200));
  }
}

export default async function flow({ page, shot, workspace }) {
  const file = join(workspace, 'house_prices.py');
  copyFileSync(join(root, 'examples', 'house_prices.py'), file);
  const steps = cliGraph(file).nodes.filter((n) => n.kind === 'step');
  await openFromExplorer(page, 'house_prices.py');
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 30_000 });

  await runCommand(page, 'Show Pipeline Graph');
  await page.locator('.tabs-container .tab', { hasText: 'Pipeline: house_prices.py' }).first().waitFor({ timeout: 30_000 });
  const view = await graphView(page);
  for (const step of steps) await view.locator(`g.node.step[data-id="${step.id}"]`).waitFor({ timeout: 60_000 });
  // Both side by side: the script's editor is still there, to the left of the graph.
  await page.locator('.monaco-editor .view-line', { hasText: 'import pandas' }).first().waitFor();
  await shot('graph-beside-the-script');

  // A step other than the first; the cursor is where the file opened, on line 1.
  const target = steps[Math.min(2, steps.length - 1)];
  await page
    .locator('.statusbar-item', { hasText: /^Ln 1, Col 1$/ })
    .first()
    .waitFor({ timeout: 10_000 });
  const node = view.locator(`g.node.step[data-id="${target.id}"]`);
  // A long pipeline starts at its beginning: the keyboard focus brings the step into view.
  await node.focus();
  await node.hover();
  await shot('hover-on-a-step');
  await node.click();
  const cursor = page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${target.line}, Col 1 \\(\\d+ selected\\)$`) }).first();
  await cursor.waitFor({ timeout: 15_000 });
  // The editor has the focus again: typing goes to the code.
  await page.locator('.monaco-editor.focused').first().waitFor({ timeout: 10_000 });
  await shot(`step-${target.name}-revealed`);
}
