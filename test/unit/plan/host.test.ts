import assert from 'node:assert/strict';
import { emptyFacts } from '../../../src/core/plan/evidence';
import { readPlan } from '../../../src/core/plan/document';
import { contentSecurityPolicy, planHtml } from '../../../src/webview/host/html';
import { parseViewMessage } from '../../../src/webview/host/messages';
import { buildViewState, rankFiles } from '../../../src/webview/host/snapshot';
import { VIEW_MESSAGE_TYPES } from '../../../src/webview/protocol';

const FOLDER = 'file:///work/churn';
const folders = new Set([FOLDER]);

describe('sidebar host: messages, snapshot and page', () => {
  it('accepts each message type in its valid shape', () => {
    const valid = [
      { type: 'ready', folder: FOLDER },
      { type: 'selectFolder', folder: FOLDER },
      { type: 'setItemDone', folder: FOLDER, item: 'development.reviews', done: true },
      { type: 'setItemNote', folder: FOLDER, item: 'development.reviews', note: 'two reviewers' },
      { type: 'setItemDocument', folder: FOLDER, item: 'evaluation.attribution-plan', document: 'docs/ab.md' },
      { type: 'setCurrent', folder: FOLDER, phase: 'deployment' },
      { type: 'setDecision', folder: FOLDER, rung: 'statistics', rationale: 'averages' },
      { type: 'openFile', folder: FOLDER, path: 'train.py', line: 12 },
      { type: 'openPlanFile', folder: FOLDER, line: null },
      { type: 'scanWorkspace' },
      { type: 'modularize', folder: FOLDER, path: 'train.py' },
      { type: 'showGraph', folder: FOLDER, path: 'train.py' },
    ];
    assert.deepEqual(
      valid.map((m) => m.type),
      [...VIEW_MESSAGE_TYPES],
    );
    for (const message of valid) assert.deepEqual(parseViewMessage(message, folders), message);
  });

  it('drops what is malformed or names something unknown', () => {
    const invalid = [
      null,
      'ready',
      { type: 'deleteEverything' },
      { type: 'setItemDone', folder: 'file:///elsewhere', item: 'development.reviews', done: true },
      { type: 'setItemDone', folder: FOLDER, item: 'development.nothing', done: true },
      { type: 'setItemDone', folder: FOLDER, item: 'development.reviews', done: 'yes' },
      { type: 'setDecision', folder: FOLDER, rung: 'quantum', rationale: '' },
      { type: 'setCurrent', folder: FOLDER, phase: 'party' },
      { type: 'setItemNote', folder: FOLDER, item: 'development.reviews', note: 'x'.repeat(5000) },
      { type: 'openFile', folder: FOLDER, path: 'a.py', line: 0 },
      { type: 'openFile', folder: FOLDER, path: 'a.py', line: 1.5 },
      { type: 'showGraph', folder: 'file:///elsewhere', path: 'a.py' },
      { type: 'showGraph', folder: FOLDER },
    ];
    for (const message of invalid) assert.equal(parseViewMessage(message, folders), null, JSON.stringify(message)?.slice(0, 80));
    assert.deepEqual(parseViewMessage({ type: 'ready', folder: 'file:///gone' }, folders), { type: 'ready', folder: null });
  });

  it('ranks files by monolith score, then findings, then path', () => {
    const file = (path: string, score: number | null, findings: number) => ({
      path,
      kind: 'python' as const,
      score,
      isMonolith: (score ?? 0) > 80,
      findings,
      codes: {},
    });
    assert.deepEqual(
      rankFiles([file('b.py', 40, 1), file('a.py', 40, 1), file('c.py', 40, 9), file('bad.py', null, 1), file('big.py', 95, 0)]).map(
        (f) => f.path,
      ),
      ['big.py', 'c.py', 'a.py', 'b.py', 'bad.py'],
    );
  });

  it('shows a plan with problems read-only, with the last good plan behind it', () => {
    const good = readPlan('current: scoping\nphases:\n  scoping:\n    items:\n      candidates: {done: true}\n');
    assert.ok(good.ok);
    const broken = readPlan('current: scoping\nphases: [\n');
    const state = buildViewState({
      folders: [{ id: FOLDER, name: 'churn' }],
      folder: FOLDER,
      file: { exists: true, read: broken },
      lastGood: good.plan,
      facts: emptyFacts(),
      indexing: true,
      scanning: false,
      canModularize: false,
    });
    assert.equal(state.plan?.readOnly, true);
    assert.equal(state.plan?.problems[0]?.line, 3);
    assert.equal(state.plan?.status.current, 'scoping');
    assert.equal(state.plan?.status.phases[1]!.done, 1);
    assert.equal(state.rungs.length, 6);
    assert.equal(state.overview.indexing, true);
    const none = buildViewState({
      folders: [],
      folder: null,
      file: { exists: false },
      lastGood: null,
      facts: emptyFacts(),
      indexing: false,
      scanning: false,
      canModularize: false,
    });
    assert.equal(none.plan, null);
  });

  it('serves a page with a strict Content-Security-Policy and a nonce on its only script', () => {
    const html = planHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce: 'abc123',
      scriptUri: 'https://x/app.js',
      styleUri: 'https://x/plan.css',
      codiconUri: 'https://x/codicon.css',
    });
    assert.equal(
      contentSecurityPolicy('SRC', 'N'),
      "default-src 'none'; style-src SRC; font-src SRC; img-src SRC data:; script-src 'nonce-N'",
    );
    assert.ok(
      html.includes(
        `content="default-src 'none'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:; script-src 'nonce-abc123'"`,
      ),
    );
    assert.deepEqual(
      [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
      ['<script nonce="abc123" src="https://x/app.js">'],
    );
    assert.doesNotMatch(html, /style=|onclick|unsafe-/);
    assert.ok(
      planHtml({ cspSource: 'a', nonce: 'n"><script>', scriptUri: 's', styleUri: 's', codiconUri: 'c' }).includes(
        'nonce="n&quot;&gt;&lt;script&gt;"',
      ),
    );
  });
});
