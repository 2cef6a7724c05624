/// <reference lib="dom" />
/**
 * The pipeline-graph page in headless Chromium, on the page the extension serves (graphHtml with
 * its Content-Security-Policy) and a test double of the webview API: layout on screen, click and
 * keyboard to code, tooltip, toggles, zoom and pan, empty and error states, themes (screenshots
 * into test-results/screenshots/graph-<theme>.png) and the redraw time of a 60-step graph.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PipelineGraph } from '../../src/core/graph/types';
import type { GraphHostMessage, GraphUiState, GraphViewMessage } from '../../src/webview/graph/protocol';
import { broken, empty, large, monolith, notebook } from './graphs';
import type { Harness, OpenOptions, ViewPage } from './harness';
import { launchChromium, openView, startServer } from './harness';
import type { ThemeKind } from './themes';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

type GraphPage = ViewPage<GraphHostMessage, GraphViewMessage, GraphUiState>;

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

describe('pipeline graph webview in Chromium (test double of the webview API)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let harness: Harness;
  const pages: GraphPage[] = [];
  let version = 0;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, harness] = await Promise.all([launchChromium(), startServer()]);
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
  });

  async function open(options: OpenOptions = {}): Promise<GraphPage> {
    const view = await openView<GraphHostMessage, GraphViewMessage, GraphUiState>(browser, harness, {
      width: 1200,
      height: 640,
      ...options,
      path: '/graph',
    });
    pages.push(view);
    return view;
  }

  /** Sends a graph and waits for the page to say it drew it. */
  async function show(view: GraphPage, graph: PipelineGraph): Promise<number> {
    version += 1;
    const v = version;
    await view.send({ type: 'graph', graph, version: v });
    await view.page.waitForFunction(
      (n) =>
        (window as unknown as { __sent: Array<{ type: string; version?: number }> }).__sent.some(
          (m) => m.type === 'rendered' && m.version === n,
        ),
      v,
    );
    return v;
  }

  async function lastSent(view: GraphPage): Promise<GraphViewMessage> {
    const sent = await view.sent();
    return sent[sent.length - 1]!;
  }

  const node = (view: GraphPage, id: string) => view.page.locator(`[data-id="${id}"]`);

  /** Screen rectangles of the drawn boxes (step, file and lone param boxes, group boxes), by id. */
  function boxes(view: GraphPage): Promise<Record<string, Rect>> {
    return view.page.evaluate(() => {
      const out: Record<string, Rect> = {};
      const rect = (e: Element): Rect => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      for (const g of document.querySelectorAll('.node')) {
        const box = g.querySelector(':scope > .box');
        if (box) out[g.getAttribute('data-id')!] = rect(box);
      }
      for (const g of document.querySelectorAll('.group')) out[g.getAttribute('data-group')!] = rect(g.querySelector('.box')!);
      return out;
    });
  }

  it('says ready first, loads only its own files under a strict policy, and shows that it is loading', async () => {
    const view = await open();
    assert.deepEqual(await view.sent(), [{ type: 'ready' }]);
    await view.page.getByRole('status').getByText('Building the pipeline graph').waitFor();
    assert.equal(await view.page.title(), 'ML Hygiene: Pipeline Graph');
    assert.equal(await view.page.locator('main').getAttribute('aria-label'), 'ML Hygiene pipeline graph');
    const requested = [...new Set(harness.requests)].filter((p) => p !== '/' && !['/app.js', '/plan.css'].includes(p));
    assert.deepEqual(requested.sort(), ['/codicon.css', '/codicon.ttf', '/graph', '/graph.css', '/graph.js']);
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp!, /default-src 'none'/);
    assert.match(csp!, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval/);
  });

  it('draws the monolith: every node, fitted into the page at first render, boxes apart, text inside its box', async () => {
    const view = await open();
    const graph = monolith();
    await show(view, graph);
    const { page } = view;
    assert.equal(await page.locator('.node').count(), graph.nodes.length);
    assert.equal(await page.locator('.node.step').count(), 6);
    assert.equal(await page.locator('.title').textContent(), 'examples/churn.py');
    assert.equal(await page.locator('.summary').textContent(), '6 steps · 4 files · 9 params · 5 findings');
    const canvas = (await page.locator('.canvas').boundingBox())!;
    const drawn = await boxes(view);
    for (const [id, r] of Object.entries(drawn)) {
      assert.ok(
        r.left >= canvas.x && r.right <= canvas.x + canvas.width && r.top >= canvas.y && r.bottom <= canvas.y + canvas.height,
        `${id} is in view`,
      );
    }
    const ids = Object.keys(drawn);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = [drawn[ids[i]!]!, drawn[ids[j]!]!];
        const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        assert.ok(apart, `${ids[i]} and ${ids[j]} do not overlap`);
      }
    // Every value edge runs from the right of its source to the left of its target.
    const values = await page.evaluate(() =>
      [...document.querySelectorAll('g.edge.value, g.edge.leak')].map((e) => [e.getAttribute('data-from')!, e.getAttribute('data-to')!]),
    );
    assert.equal(values.length, graph.edges.filter((e) => e.kind === 'value' || e.kind === 'leak').length);
    for (const [from, to] of values) assert.ok(drawn[from!]!.right < drawn[to!]!.left, `${from} -> ${to} goes left to right`);
    // No text runs out of its box (the layout sizes boxes from text lengths without measuring).
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('.node, .group')].flatMap((g) => {
        const box = (g.querySelector(':scope > .box, :scope > .row') as SVGGraphicsElement).getBBox();
        return [...g.querySelectorAll('text')].flatMap((t) => {
          const b = (t as SVGTextElement).getBBox();
          return b.x < box.x || b.x + b.width > box.x + box.width + 0.5
            ? [`${g.getAttribute('data-id') ?? g.getAttribute('data-group')}: ${t.textContent}`]
            : [];
        });
      }),
    );
    assert.deepEqual(overflow, []);
    // Leak and finding edges are red, param edges dashed.
    const stroke = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).stroke);
    const dash = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).strokeDasharray);
    assert.equal(await stroke('.edge.leak .line'), 'rgb(241, 76, 76)');
    assert.equal(await stroke('.edge.value.alert .line'), 'rgb(241, 76, 76)');
    assert.notEqual(await stroke('.edge.value:not(.alert) .line'), 'rgb(241, 76, 76)');
    assert.notEqual(await dash('.edge.param .line'), 'none');
    // Edge labels name the values; a badge counts findings, coloured by the worst.
    assert.ok((await page.locator('.edge-label text').allTextContents()).includes('X_train, y_train'));
    assert.equal(await node(view, 'step:train_model').locator('.badge').getAttribute('class'), 'badge warning');
    assert.equal(await node(view, 'step:train_model').locator('.badge text').textContent(), '2');
    assert.equal(await node(view, 'step:encode_features').locator('.badge').getAttribute('class'), 'badge error');
    assert.equal(await node(view, 'step:load_data').locator('.badge').count(), 0);
    assert.equal(await node(view, 'step:load_data').locator('.detail').textContent(), 'lines 1–16');
    // The legend names the phases drawn.
    assert.deepEqual(await page.locator('.legend .item').allTextContents(), [
      'data loading',
      'feature engineering',
      'training',
      'evaluation',
      'leakage',
      'params',
    ]);
  });

  it('draws a notebook’s steps by cell', async () => {
    const view = await open();
    await show(view, notebook());
    assert.equal(await node(view, 'step:clean_columns').locator('.detail').textContent(), 'cell 4');
    assert.equal(
      await node(view, 'step:clean_columns').getAttribute('aria-label'),
      'clean_columns, feature engineering step, cell 4, lines 1–9, 1 finding (MLH412)',
    );
    assert.ok((await view.page.locator('.legend .item').allTextContents()).includes('visualisation'));
  });

  it('posts reveal with the node’s id on click, and not at the end of a drag', async () => {
    const view = await open();
    await show(view, monolith());
    await node(view, 'step:split_data').click();
    assert.deepEqual(await lastSent(view), { type: 'reveal', nodeId: 'step:split_data' });
    await node(view, 'file:data/churn.csv').click();
    assert.deepEqual(await lastSent(view), { type: 'reveal', nodeId: 'file:data/churn.csv' });
    const count = (await view.sent()).length;
    const target = (await node(view, 'step:train_model').boundingBox())!;
    await view.page.mouse.move(target.x + 10, target.y + 10);
    await view.page.mouse.down();
    await view.page.mouse.move(target.x + 80, target.y + 40, { steps: 5 });
    await view.page.mouse.up();
    assert.equal(
      (await view.sent()).filter((m) => m.type === 'reveal').length,
      (await view.sent()).slice(0, count).filter((m) => m.type === 'reveal').length,
    );
    const moved = (await node(view, 'step:train_model').boundingBox())!;
    assert.ok(Math.abs(moved.x - target.x - 70) < 2 && Math.abs(moved.y - target.y - 30) < 2, 'the drag panned the drawing');
  });

  it('is keyboard reachable: Tab in reading order, Enter and Space reveal, arrows follow the edges', async () => {
    const view = await open();
    await show(view, monolith());
    const { page } = view;
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.getAttribute('aria-label') ?? null);
    // The toolbar first, then the nodes.
    const seen: Array<string | null> = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    assert.deepEqual(seen.slice(0, 5), ['Show files', 'Show params', 'Zoom out (-)', 'Zoom in (+)', 'Fit to view (0)']);
    assert.equal(seen[5], 'file:data/churn.csv');
    assert.equal(seen[6], 'param:data.input_path');
    assert.equal(seen[7], 'step:load_data');
    // Tab order is left to right.
    const lefts = await page.evaluate(() =>
      [...document.querySelectorAll('.node')].map((g) => g.getBoundingClientRect().left + g.getBoundingClientRect().width / 2),
    );
    for (let i = 1; i < lefts.length; i++) assert.ok(lefts[i]! >= lefts[i - 1]! - 0.5, 'DOM (Tab) order follows the layers');
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastSent(view), { type: 'reveal', nodeId: 'step:load_data' });
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'step:encode_features');
    await page.keyboard.press(' ');
    assert.deepEqual(await lastSent(view), { type: 'reveal', nodeId: 'step:encode_features' });
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'step:load_data');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'param:data.input_path');
    // A new version of the graph (the user typed) keeps the keyboard where it was.
    await show(view, monolith());
    assert.equal(await focused(), 'param:data.input_path');
    await page.keyboard.press('End');
    assert.match((await focused())!, /^file:/);
    // Focus is visible: the ring is stroked with the focus colour.
    assert.equal(await page.locator('.node:focus .ring').evaluate((e) => getComputedStyle(e).stroke), 'rgb(0, 120, 212)');
  });

  it('shows reads, writes and findings in a tooltip on hover and on focus', async () => {
    const view = await open();
    await show(view, monolith());
    const tooltip = view.page.getByRole('tooltip');
    await node(view, 'step:train_model').hover();
    await tooltip.waitFor();
    const text = await tooltip.innerText();
    assert.match(text, /^train_model\ntraining step · lines 43–55/);
    assert.match(text, /Reads: X_train, y_train/);
    assert.match(text, /Writes: clf/);
    assert.match(text, /MLH101 Hyperparameter n_estimators=200 is hard-coded\. line 47/);
    assert.match(text, /MLH301 RandomForestClassifier is created without random_state\. line 49/);
    await view.page.mouse.move(5, 600);
    await tooltip.waitFor({ state: 'hidden' });
    await node(view, 'file:reports/metrics.json').focus();
    await tooltip.waitFor();
    assert.match(await tooltip.innerText(), /output file · line 76\nWritten by: evaluate_model/);
    assert.equal(await node(view, 'file:reports/metrics.json').getAttribute('aria-describedby'), 'graph-tooltip');
    await view.page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden' });
  });

  it('shows and hides files and params, and keeps the choice', async () => {
    const view = await open();
    const graph = monolith();
    await show(view, graph);
    const { page } = view;
    const files = page.getByRole('button', { name: 'Show files' });
    assert.equal(await files.getAttribute('aria-pressed'), 'true');
    const before = (await view.sent()).filter((m) => m.type === 'rendered').length;
    await files.click();
    assert.equal(await files.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('.node.file').count(), 0);
    assert.equal(await page.locator('.edge.reads, .edge.writes').count(), 0);
    assert.equal((await view.sent()).filter((m) => m.type === 'rendered').length, before + 1, 'a redraw is reported');
    await page.getByRole('button', { name: 'Show params' }).click();
    assert.equal(await page.locator('.node.param, .group, .edge.param').count(), 0);
    assert.equal(await page.locator('.node').count(), 6);
    assert.deepEqual(await page.locator('.legend .item').allTextContents(), [
      'data loading',
      'feature engineering',
      'training',
      'evaluation',
      'leakage',
    ]);
    const state = await view.uiState();
    assert.equal(state?.showFiles, false);
    assert.equal(state?.showParams, false);
    // A new page (VS Code restoring the panel) starts with the same choice.
    const again = await open({ savedState: state });
    await show(again, graph);
    assert.equal(await again.page.getByRole('button', { name: 'Show files' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await again.page.locator('.node').count(), 6);
  });

  it('zooms and pans with the toolbar, the keyboard and the wheel; fits with 0; keeps the view per file', async () => {
    const view = await open();
    const graph = monolith();
    await show(view, graph);
    const { page } = view;
    const scale = () => page.locator('.viewport').evaluate((g) => Number(/scale\(([\d.]+)\)/.exec(g.getAttribute('transform')!)![1]));
    const fitted = await scale();
    assert.ok(fitted > 0.3 && fitted <= 1, `fitted at ${fitted}`);
    await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    assert.ok(Math.abs((await scale()) - fitted * 1.25) < 0.001);
    await page.keyboard.press('+');
    assert.ok(Math.abs((await scale()) - fitted * 1.25 * 1.25) < 0.001);
    await page.keyboard.press('-');
    await page.getByRole('button', { name: 'Zoom out (-)' }).click();
    assert.ok(Math.abs((await scale()) - fitted) < 0.001);
    await page.mouse.move(600, 300);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((k) => !document.querySelector('.viewport')!.getAttribute('transform')!.includes(`scale(${k})`), fitted);
    const wheeled = await scale();
    assert.ok(wheeled > fitted, 'the wheel zoomed in');
    const beforeShift = (await node(view, 'step:load_data').boundingBox())!.x;
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 100);
    await page.keyboard.up('Shift');
    await page.waitForFunction((x) => document.querySelector('[data-id="step:load_data"]')!.getBoundingClientRect().x !== x, beforeShift);
    assert.ok(Math.abs((await node(view, 'step:load_data').boundingBox())!.x - (beforeShift - 100)) < 1, 'Shift+wheel pans sideways');
    assert.equal(await scale(), wheeled);
    const x = (await node(view, 'step:load_data').boundingBox())!.x;
    await page.keyboard.press('Shift+ArrowLeft');
    assert.ok(Math.abs((await node(view, 'step:load_data').boundingBox())!.x - x - 60) < 1, 'Shift+Left pans right by 60px');
    const saved = (await view.uiState())!.viewports;
    assert.equal(saved.length, 1);
    assert.equal(saved[0]!.path, 'examples/churn.py');
    // A new version of the same file keeps the user's view; another file is fitted.
    const edited = monolith();
    edited.nodes[0] = { ...edited.nodes[0]!, endLine: 17 };
    await show(view, edited);
    assert.equal(await scale(), wheeled);
    await show(view, notebook());
    const notebookFit = await scale();
    assert.notEqual(notebookFit, wheeled);
    // Back to the first file: its view comes back.
    await show(view, monolith());
    assert.equal(await scale(), wheeled);
    await page.keyboard.press('0');
    assert.ok(Math.abs((await scale()) - fitted) < 0.001);
    assert.deepEqual((await view.uiState())!.viewports, [], 'a fitted file keeps no viewport');
  });

  it('selects the node the host names (the step under the cursor)', async () => {
    const view = await open();
    await show(view, monolith());
    await view.send({ type: 'focus', nodeId: 'step:train_model' });
    await view.page.locator('.node.selected[data-id="step:train_model"]').waitFor();
    assert.equal(await node(view, 'step:train_model').getAttribute('aria-current'), 'true');
    await view.send({ type: 'focus', nodeId: 'step:split_data' });
    await view.page.locator('.node.selected[data-id="step:split_data"]').waitFor();
    assert.equal(await view.page.locator('.node.selected').count(), 1);
    await view.send({ type: 'focus', nodeId: 'step:nowhere' });
    await view.send({ type: 'focus', nodeId: null });
    await view.page.waitForFunction(() => document.querySelectorAll('.node.selected').length === 0);
  });

  it('says why there is nothing to draw for a file with no steps', async () => {
    const view = await open();
    await show(view, empty());
    const status = view.page.locator('.message');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await status.locator('.headline').textContent(), 'No steps in helpers.py');
    assert.equal(
      await status.locator('.detail').textContent(),
      'This file has no code that runs when it is executed: statements outside functions and classes become steps, and a file of imports and definitions has none.',
    );
    assert.equal(await view.page.locator('.canvas').isVisible(), false);
    assert.equal(await view.page.locator('.summary').textContent(), '0 steps · 0 files · 0 params');
  });

  it('shows a parse error with its line, over the previous graph dimmed, and offers to go to the line', async () => {
    const view = await open();
    await show(view, monolith());
    await show(view, broken());
    const { page } = view;
    const alert = page.getByRole('alert');
    assert.equal(
      await alert.innerText(),
      "churn.py does not parse (line 44): '(' was never closed The graph below is from before the error.\nGo to line 44",
    );
    assert.match((await page.locator('.canvas').getAttribute('class'))!, /stale/);
    assert.equal(await page.locator('.canvas').evaluate((e) => (e as HTMLElement).inert), true);
    assert.equal(await page.locator('.node').count(), monolith().nodes.length, 'the last graph stays, dimmed');
    await alert.getByRole('button', { name: 'Go to line 44' }).click();
    assert.deepEqual(await lastSent(view), { type: 'revealLine', line: 44, cell: null });
    // Fixed: the banner goes and the graph is live again.
    await show(view, monolith());
    assert.equal(await alert.isVisible(), false);
    assert.doesNotMatch((await page.locator('.canvas').getAttribute('class'))!, /stale/);
    // An error in a file never drawn: the banner alone.
    const fresh = await open();
    await show(fresh, broken('notebooks/new.ipynb'));
    assert.match(
      await fresh.page.getByRole('alert').innerText(),
      /new\.ipynb does not parse \(line 44\): '\(' was never closed The graph comes back once the file parses\./,
    );
    assert.equal(await fresh.page.locator('.canvas').isVisible(), false);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`looks native in the ${theme} theme (screenshot)`, async () => {
      const view = await open({ theme });
      await show(view, monolith());
      const { page } = view;
      await page.evaluate(() => document.fonts.ready);
      const fill = (id: string) =>
        node(view, id)
          .locator('.stripe')
          .evaluate((e) => getComputedStyle(e).fill);
      const phases = new Set([
        await fill('step:load_data'),
        await fill('step:encode_features'),
        await fill('step:train_model'),
        await fill('step:evaluate_model'),
      ]);
      assert.equal(phases.size, 4, 'one colour per phase');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' }[theme]);
      await page.screenshot({ path: join(SCREENSHOTS, `graph-${theme}.png`) });
      await node(view, 'step:encode_features').focus();
      await page.getByRole('tooltip').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `graph-${theme}-focus.png`) });
    });
  }

  it('redraws a 60-step graph and reports each redraw’s time', async () => {
    const view = await open({ width: 1400, height: 800 });
    const graph = large();
    const first = await show(view, graph);
    assert.equal(await view.page.locator('.node.step').count(), 60);
    // Too long to fit readably: it starts at its beginning, readable; 0 fits it whole.
    const scale = () => view.page.locator('.viewport').evaluate((g) => Number(/scale\(([\d.]+)\)/.exec(g.getAttribute('transform')!)![1]));
    assert.ok((await scale()) >= 0.5, 'a readable start');
    const canvas = (await view.page.locator('.canvas').boundingBox())!;
    const start = (await node(view, 'step:load_stage_0').boundingBox())!;
    assert.ok(start.x >= canvas.x && start.x + start.width <= canvas.x + canvas.width, 'the first step is in view');
    await view.page.screenshot({ path: join(SCREENSHOTS, 'graph-large.png') });
    await view.page.keyboard.press('0');
    assert.ok((await scale()) < 0.1, 'fitted whole');
    const last = (await node(view, 'step:fit_stage_59').boundingBox())!;
    assert.ok(last.x + last.width <= canvas.x + canvas.width, 'the last step is in view once fitted');
    // Edits: the same file again and again, as the host sends it while the user types (a step's
    // last line moves; the shape stays, so the page redraws without laying out again).
    for (let i = 0; i < 5; i++) {
      const edited = large();
      edited.nodes[i] = { ...edited.nodes[i]!, endLine: edited.nodes[i]!.endLine! + 1 };
      await show(view, edited);
    }
    const rendered = (await view.sent()).filter(
      (m): m is Extract<GraphViewMessage, { type: 'rendered' }> => m.type === 'rendered' && m.version >= first,
    );
    assert.equal(rendered.length, 6);
    const ms = rendered.map((m) => m.ms);
    const sorted = [...ms].sort((a, b) => a - b);
    // The figure for the report (no pass mark: the machine is shared).
    console.log(
      `      60 steps, ${graph.nodes.length} nodes, ${graph.edges.length} edges: first draw ${ms[0]} ms; after edits ${ms.slice(1).join(', ')} ms (median ${sorted[3]})`,
    );
  });
});
