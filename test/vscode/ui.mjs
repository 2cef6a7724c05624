// Small helpers shared by the UI flows: each waits for a state, never for a fixed time.

/** Opens a file of the workspace from the explorer (a single click opens it). */
export async function openFromExplorer(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page
    .locator(`.tabs-container .tab[aria-label^="${name}"], .tabs-container .tab:has-text("${name}")`)
    .first()
    .waitFor({ timeout: 30_000 });
}

/**
 * Runs a command from the command palette by its title. Right after start-up the palette may not
 * list extension commands yet (contributions are still being registered): reopen it until it does.
 */
export async function runCommand(page, title, { timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    const listed = await row.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (listed) break;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}"`);
  }
  await row.click();
  // The command has run once the palette is gone or shows the command's own prompt (no `>`).
  const waitUntilRan = () =>
    page
      .waitForFunction(
        () => {
          // eslint-disable-next-line no-undef -- runs in the page
          const box = document.querySelector('.quick-input-widget input');
          return !box || box.offsetParent === null || !box.value.startsWith('>');
        },
        null,
        { timeout: 5_000 },
      )
      .then(
        () => true,
        () => false,
      );
  if (!(await waitUntilRan())) {
    // The click landed while the list was re-rendering: run the focused row with Enter.
    await page.keyboard.press('Enter');
    if (!(await waitUntilRan())) throw new Error(`the command palette did not run "${title}"`);
  }
}

/** Opens the Problems panel and returns its locator. */
export async function openProblems(page) {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: 15_000 });
  return panel;
}

/** Narrows the Problems panel with its filter box (the list is virtualised: off-screen rows do not exist). */
export async function filterProblems(page, text) {
  const filter = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await filter.waitFor({ timeout: 10_000 });
  await filter.fill(text);
}

/**
 * Waits for the refactor preview, takes a screenshot, and applies it with the check mark of the
 * editor toolbar. The preview is a multi-file diff titled "Preview: <title> (N files)" when the
 * change edits files, and the read-only documents of the files it creates, whose breadcrumbs start
 * with "Preview: <title>". (The notification that offers Apply too goes straight to the
 * notification centre in this headless browser.)
 */
export async function applyPreview(page, title, shot, name = 'preview') {
  const diff = page.locator('.tabs-container .tab', { hasText: `Preview: ${title}` });
  const created = page.locator('.breadcrumbs-control', { hasText: `Preview: ${title}` });
  await diff.or(created).first().waitFor({ timeout: 30_000 });
  // The active editor (the diffs, or the file to read first) is drawn.
  await page.locator('.editor-group-container.active .monaco-editor .view-line').first().waitFor({ timeout: 30_000 });
  if (shot) await shot(name);
  const apply = page.locator('.editor-actions .action-label[aria-label^="Apply the Refactor Preview"]').first();
  await apply.click();
  await diff.or(created).first().waitFor({ state: 'detached', timeout: 30_000 });
}
