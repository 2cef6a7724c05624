/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViewMessage, ViewState } from '../../src/webview/protocol';
import type { Harness, ViewPage } from './harness';
import { launchChromium, openView, startServer } from './harness';
import type { FolderInfo, Workspace } from './states';
import { copyFixtures, snapshotFor } from './states';
import type { ThemeKind } from './themes';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'webview');

describe('sidebar webview in Chromium (test double of the webview API)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let harness: Harness;
  let workspace: Workspace;
  let folders: FolderInfo[];
  let churn: ViewState;
  const pages: ViewPage[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, harness] = await Promise.all([launchChromium(), startServer()]);
    workspace = copyFixtures(['churn', 'malformed', 'bare']);
    folders = [
      { path: workspace.folder('churn'), name: 'churn' },
      { path: workspace.folder('malformed'), name: 'malformed' },
    ];
    churn = await snapshotFor(folders.slice(0, 1), folders[0]!);
  });

  afterEach(async () => {
    for (const view of pages.splice(0)) {
      assert.deepEqual(await view.violations(), [], 'no Content-Security-Policy violations');
      assert.deepEqual(view.foreignRequests, [], 'no request leaves the webview origin');
      assert.deepEqual(view.errors, [], 'no script errors');
      await view.page.close();
    }
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
    workspace?.dispose();
  });

  async function open(state: ViewState | null, options: Parameters<typeof openView>[2] = {}): Promise<ViewPage> {
    const view = await openView(browser, harness, options);
    pages.push(view);
    if (state) {
      await view.send({ type: 'state', state });
      await view.page.locator('#phases-section, .empty').first().waitFor();
    }
    return view;
  }

  async function lastSent(view: ViewPage): Promise<ViewMessage> {
    const sent = await view.sent();
    return sent[sent.length - 1]!;
  }

  it('says ready first, with no folder remembered, and loads only its own files', async () => {
    const view = await open(null);
    assert.deepEqual(await view.sent(), [{ type: 'ready', folder: null }]);
    await view.page.getByRole('status').getByText('Loading the plan').waitFor();
    assert.deepEqual([...new Set(harness.requests)].sort(), ['/', '/app.js', '/codicon.css', '/codicon.ttf', '/plan.css']);
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp!, /default-src 'none'/);
    assert.match(csp!, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('renders the phases, decision and overview from a snapshot', async () => {
    const view = await open(churn);
    const { page } = view;
    const headers = await page.locator('.section-toggle').allInnerTexts();
    const phases = churn.plan!.status.phases;
    const done = phases.reduce((n, p) => n + p.done, 0);
    const total = phases.reduce((n, p) => n + p.total, 0);
    assert.deepEqual(
      headers.map((text) => text.replace(/\s+/g, ' ').trim()),
      [`PHASES ${done}/${total}`, 'DECISION PATH Rung 4', `HYGIENE OVERVIEW ${churn.overview.files.length}`],
    );
    assert.equal(total, 31);
    assert.equal(churn.overview.files.length, 6);
    // The current phase is highlighted and open; the others are closed.
    const current = page.locator('.phase.current');
    assert.equal(await current.locator('.phase-title').innerText(), 'Development');
    assert.equal(await current.locator('.tag').innerText(), 'Current');
    assert.equal(await current.locator('.phase-toggle').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('.phase-toggle[aria-expanded="true"]').count(), 1);
    assert.equal(await current.locator('.count').innerText(), '4/6');
    // Verified items show their evidence with a link; manual items are checkboxes.
    const modular = page.locator('[data-item="development.modular"]');
    assert.equal(await modular.locator('.verified-mark').getAttribute('aria-label'), 'Not done yet, checked from the workspace');
    assert.match(await modular.locator('.evidence').innerText(), /legacy_train\.py is a monolithic script \(score \d+\)/);
    const tests = page.locator('[data-item="development.tests"]');
    assert.equal(await tests.locator('.verified-mark').getAttribute('aria-label'), 'Done, verified from the workspace');
    assert.match(await tests.locator('.evidence').innerText(), /1 test file: tests\/test_features\.py/);
    assert.equal(await page.locator('[data-item="development.reviews"] input[type=checkbox]').isChecked(), true);
    assert.equal(await page.locator('[data-item="development.version-control"] .evidence').innerText(), 'in the git repository at ..');
    // Decision: chosen rung, rationale, rungs passed over.
    assert.equal(await page.locator('.decision strong').innerText(), 'A classical model');
    assert.match(await page.locator('.rationale').innerText(), /Gradient boosting on the customer table/);
    assert.deepEqual(await page.locator('.rung.passed .rung-title').allInnerTexts(), [
      'Not a data-science problem',
      'A query, a report or a rule',
      'Basic statistics',
    ]);
    assert.equal(await page.locator('.rung.chosen .rung-title').innerText(), 'A classical model');
    // Overview: worst file first; no modularize button while the command does not exist.
    const first = page.locator('.file').first();
    assert.equal(await first.locator('.file-name').innerText(), 'legacy_train.py');
    assert.equal(await first.locator('.score').innerText(), String(churn.overview.files[0]!.score));
    assert.equal(await page.locator('[data-key^="modularize:"]').count(), 0);
    // The graph button is there for every file (the command comes with the extension).
    assert.equal(await page.locator('[data-key^="graph:"]').count(), churn.overview.files.length);
  });

  it('sends setItemDone when an item is ticked, with the mouse or the keyboard', async () => {
    const view = await open(churn);
    const { page } = view;
    const folder = churn.folder!;
    await page.locator('[data-item="development.reviews"] label').click();
    assert.deepEqual(await lastSent(view), { type: 'setItemDone', folder, item: 'development.reviews', done: false });
    // Open another phase and tick with the keyboard: focus the checkbox, press Space.
    await page.locator('[data-key="phase:deployment"]').click();
    const checkbox = page.locator('[data-item="deployment.cost-estimate"] input[type=checkbox]');
    await checkbox.focus();
    await page.keyboard.press('Space');
    assert.deepEqual(await lastSent(view), { type: 'setItemDone', folder, item: 'deployment.cost-estimate', done: true });
    // The open phases are UI state, kept with setState.
    assert.deepEqual((await view.uiState())?.openPhases, ['development', 'deployment']);
  });

  it('walks the decision path down to a rung and sends the decision with its rationale', async () => {
    const view = await open(churn);
    const { page } = view;
    await page.getByRole('button', { name: 'Walk the path again' }).click();
    const active = page.locator('.rung.active');
    assert.match(await active.locator('.question').innerText(), /process, data-access or tooling problem/);
    // The keyboard focus follows the walk.
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['key']), 'walk:yes:0');
    for (let step = 0; step < 2; step++) await page.getByRole('button', { name: 'No, go further' }).click();
    assert.match(await active.locator('.question').innerText(), /basic statistics/i);
    assert.deepEqual(await page.locator('.rung.passed .rung-title').allInnerTexts(), [
      'Not a data-science problem',
      'A query, a report or a rule',
    ]);
    assert.deepEqual((await view.uiState())?.walk, { at: 2, stopped: false, rationale: '' });
    await page.keyboard.press('Enter'); // "Yes, stop here" has the focus
    await page.locator('#walk-rationale').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'walk-rationale');
    // A multi-line box: Enter starts a new line, Ctrl+Enter saves.
    assert.equal(await page.locator('#walk-rationale').evaluate((e) => e.tagName), 'TEXTAREA');
    await page.keyboard.type('A weekly average per segment is enough for the call list.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('No label to learn from yet.');
    const rationale = 'A weekly average per segment is enough for the call list.\nNo label to learn from yet.';
    assert.equal((await view.uiState())?.walk?.rationale, rationale);
    assert.equal(await page.locator('#walk-rationale').inputValue(), rationale, 'Enter added a line, it did not save');
    const box = await page.locator('#walk-rationale').boundingBox();
    assert.ok(box && box.height >= 3 * 16, `the box shows several lines (height ${box?.height})`);
    await page.keyboard.press('Control+Enter');
    assert.deepEqual(await lastSent(view), {
      type: 'setDecision',
      folder: churn.folder,
      rung: 'statistics',
      rationale,
    });
    assert.equal((await view.uiState())?.walk, null);
  });

  it('keeps the walk across a reload through getState', async () => {
    const view = await open(churn, {
      savedState: {
        collapsed: ['phases'],
        openPhases: null,
        openItems: [],
        walk: { at: 3, stopped: true, rationale: 'trees' },
        folder: null,
      },
    });
    const { page } = view;
    assert.equal(await page.locator('#phases-body').count(), 0, 'the phases section stays collapsed');
    assert.equal(await page.locator('#walk-rationale').inputValue(), 'trees');
    assert.equal(await page.locator('.rung.active .rung-title').innerText(), 'A classical model');
  });

  it('edits a note: sent on Enter, markup in it stays text', async () => {
    const view = await open(churn);
    const { page } = view;
    // The details button shows when the pointer is on the row (or it has the keyboard focus).
    await page.locator('[data-item="development.reviews"] .item-row').hover();
    await page.locator('[data-key="more:development.reviews"]').click();
    const note = page.locator('#item-development-reviews-note');
    await note.fill('<img src=x onerror="document.title=1"> two reviewers');
    await note.press('Enter');
    assert.deepEqual(await lastSent(view), {
      type: 'setItemNote',
      folder: churn.folder,
      item: 'development.reviews',
      note: '<img src=x onerror="document.title=1"> two reviewers',
    });
    // The host answers with the note in the plan: it shows as text, never as markup.
    const state = structuredClone(churn);
    const reviews = state.plan!.status.phases.find((p) => p.id === 'development')!.items.find((i) => i.id === 'development.reviews')!;
    reviews.note = '<img src=x onerror="document.title=1"> two reviewers';
    await view.send({ type: 'state', state });
    await page.locator('[data-key="more:development.reviews"]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#item-development-reviews-note-preview').innerText(), reviews.note);
    assert.equal(await page.locator('img').count(), 0);
  });

  it('opens evidence and overview files, and scans the workspace', async () => {
    const view = await open({ ...churn, canModularize: true });
    const { page } = view;
    await page.locator('[data-item="development.ci"] .evidence .link').click();
    assert.deepEqual(await lastSent(view), { type: 'openFile', folder: churn.folder, path: '.github/workflows/ci.yml', line: null });
    await page.locator('.file-open').first().click();
    assert.deepEqual(await lastSent(view), { type: 'openFile', folder: churn.folder, path: 'legacy_train.py', line: null });
    await page.locator('[data-key="modularize:legacy_train.py"]').click();
    assert.deepEqual(await lastSent(view), { type: 'modularize', folder: churn.folder, path: 'legacy_train.py' });
    await page.getByRole('button', { name: 'Show the pipeline graph of legacy_train.py' }).click();
    assert.deepEqual(await lastSent(view), { type: 'showGraph', folder: churn.folder, path: 'legacy_train.py' });
    await page.getByRole('button', { name: 'Scan Workspace' }).click();
    assert.deepEqual(await lastSent(view), { type: 'scanWorkspace' });
  });

  it('shows a malformed plan as an error with its line, read-only', async () => {
    const state = await snapshotFor(folders, folders[1]!);
    const view = await open(state);
    const { page } = view;
    const alert = page.getByRole('alert');
    assert.match(await alert.innerText(), /mlproject\.yaml cannot be read/);
    const link = alert.locator('.problems .link').first();
    assert.equal(await link.innerText(), 'mlproject.yaml:11');
    assert.equal(await page.locator('input[type=checkbox]:not([disabled])').count(), 0, 'nothing can be ticked');
    assert.equal(await page.getByRole('button', { name: 'Walk the decision path' }).isDisabled(), true);
    await link.click();
    assert.deepEqual(await lastSent(view), { type: 'openPlanFile', folder: state.folder, line: 11 });
    // Two folders: the picker switches.
    await page.locator('#folder-select').selectOption({ label: 'churn' });
    assert.deepEqual(await lastSent(view), {
      type: 'selectFolder',
      folder: folders.map((f) => state.folders.find((x) => x.name === f.name)!.id)[0],
    });
  });

  it('opens and focuses a section the host reveals', async () => {
    const view = await open(churn, { savedState: { collapsed: ['decision'], openPhases: null, openItems: [], walk: null, folder: null } });
    const { page } = view;
    assert.equal(await page.locator('#decision-body').count(), 0);
    await view.send({ type: 'reveal', section: 'decision' });
    await page.locator('#decision-body').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['key']), 'section:decision');
    assert.deepEqual((await view.uiState())?.collapsed, []);
  });

  it('is reachable by keyboard, with a visible focus ring and labels on icon buttons', async () => {
    const view = await open(churn);
    const { page } = view;
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return { key: element.dataset['key'] ?? element.id, outline: style.outlineStyle, width: style.outlineWidth };
      });
      seen.push(focused.key);
      assert.notEqual(focused.outline, 'none', `focus ring on ${focused.key}`);
      assert.notEqual(focused.width, '0px', `focus ring on ${focused.key}`);
    }
    assert.equal(seen[0], 'section:phases');
    assert.ok(seen.includes('more:development.modular'), `the details button of a verified item: ${seen.join(', ')}`);
    assert.ok(seen.includes('evidence:development.modular'), seen.join(', '));
    // The row actions show on hover, and for the keyboard too: Enter opens the details.
    for (
      let i = 0;
      i < 40 && (await page.evaluate(() => (document.activeElement as HTMLElement).dataset['key'])) !== 'check:development.reviews';
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['key']), 'more:development.reviews');
    assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement!).opacity), '1');
    await page.keyboard.press('Enter');
    await page.locator('#item-development-reviews-note').waitFor();
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select')]
        .filter((element) => {
          const e = element as HTMLElement;
          const labelled =
            e.getAttribute('aria-label') ||
            e.getAttribute('aria-labelledby') ||
            (e as HTMLInputElement).labels?.length ||
            e.innerText.trim();
          return !labelled;
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabeled, []);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`takes screenshots in the ${theme} theme`, async () => {
      const view = await open(churn, {
        theme,
        savedState: { collapsed: [], openPhases: null, openItems: ['development.reviews'], walk: null, folder: null },
      });
      const { page } = view;
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const expected = { light: 'rgb(248, 248, 248)', dark: 'rgb(24, 24, 24)', 'high-contrast': 'rgb(0, 0, 0)' }[theme];
      assert.equal(background, expected);
      await page.screenshot({ path: join(SCREENSHOTS, `plan-${theme}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Walk the path again' }).click();
      await page.getByRole('button', { name: 'No, go further' }).click();
      await page.locator('#decision-section').screenshot({ path: join(SCREENSHOTS, `decision-walk-${theme}.png`) });
      await page.getByRole('button', { name: 'Yes, stop here' }).click();
      await page.keyboard.type('A dashboard of weekly cancellations per region');
      await page.locator('#decision-section').screenshot({ path: join(SCREENSHOTS, `decision-rationale-${theme}.png`) });
    });
  }

  it('takes screenshots of a malformed plan and of a folder without a plan (dark, narrow)', async () => {
    const malformed = await open(await snapshotFor(folders, folders[1]!));
    await malformed.page.screenshot({ path: join(SCREENSHOTS, 'plan-malformed-dark.png'), fullPage: true });
    const bare = { path: workspace.folder('bare'), name: 'bare' };
    const view = await open(await snapshotFor([bare], bare), { width: 240 });
    assert.match(await view.page.locator('.banner.info').innerText(), /No mlproject\.yaml yet/);
    const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing is wider than a narrow sidebar');
    await view.page.screenshot({ path: join(SCREENSHOTS, 'plan-no-file-dark-narrow.png'), fullPage: true });
  });
});
