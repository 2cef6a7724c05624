// `npm run test:vscode`: the extension in a real VS Code on this machine.
//
// @vscode/test-electron cannot download VS Code here, so this runs code-server (the real VS Code
// workbench and Node extension host, from the npm registry) on 127.0.0.1 and drives it with
// playwright-core and Debian's chromium:
//   1. the extension-host suite (test/integration, the @vscode/test-electron `run()` contract),
//      loaded through the workbench's extensionDevelopmentPath/extensionTestsPath payload;
//   2. UI flows (test/vscode/flows/*.mjs) against the packaged VSIX installed in a fresh profile,
//      with a screenshot after each step under test-results/screenshots/.
// It ends with one line `N passed, M failed` and exits non-zero on any failure or timeout.
//
// Options (environment): ML_HYGIENE_VSCODE_LAYERS=exthost,ui (default both),
// ML_HYGIENE_TEST_GREP=<pattern> (extension-host tests), ML_HYGIENE_UI_FLOWS=05,06 (UI flows whose file
// names start so), ML_HYGIENE_VSCODE_TIMEOUT_S (default 600).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const P = process.env.REAL_VSCODE || join(root, '.real-vscode');
const RESULTS = join(root, 'test-results');
const SHOTS = join(RESULTS, 'screenshots');
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const LAYERS = (process.env.ML_HYGIENE_VSCODE_LAYERS || 'exthost,ui').split(',');
const TIMEOUT_S = Number(process.env.ML_HYGIENE_VSCODE_TIMEOUT_S || 600);
const NODE24 = join(P, 'node24', 'node_modules', 'node', 'bin');
const CODE_SERVER = join(P, 'cs', 'node_modules', '.bin', 'code-server');
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const started = Date.now();
const stamp = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (...args) => console.log(`[test:vscode +${stamp()}]`, ...args);
const cleanups = [];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A copy of the fixture workspace: the tests change settings and write files. */
function workspaceCopy(runDir, name) {
  const workspace = join(runDir, name);
  cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  // Kept as _gitignore in the repository: a real .gitignore would hide build/ from this repository's git.
  renameSync(join(workspace, '_gitignore'), join(workspace, '.gitignore'));
  return workspace;
}

function writeUserSettings(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'extensions.ignoreRecommendations': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'update.mode': 'none',
        'window.commandCenter': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        // The run folders live inside this repository: no "open the parent repository?" prompt.
        'git.openRepositoryInParentFolders': 'never',
        // Open notebooks in the notebook editor (the built-in ipynb serializer), not as JSON text.
        'workbench.editorAssociations': { '*.ipynb': 'jupyter-notebook' },
      },
      null,
      2,
    ),
  );
}

/** Starts code-server in its own process group; it is killed on exit, failure or signal. */
async function startCodeServer(runDir, env) {
  const port = await freePort();
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  writeUserSettings(userDataDir);
  const vsix = join(runDir, 'ml-hygiene.vsix');
  say('installing the VSIX into a fresh profile');
  run(CODE_SERVER, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env,
    stdio: 'ignore',
  });
  const log = join(runDir, 'code-server.log');
  const child = spawn(
    CODE_SERVER,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
      '--config',
      join(runDir, 'config.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    writeFileSync(log, Buffer.concat(chunks));
  };
  cleanups.push(kill);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited at start-up (${child.exitCode}); see ${log}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`code-server listening on 127.0.0.1:${port} (pid ${child.pid})`);
  return { port, child };
}

async function launchBrowser(runDir) {
  const profile = mkdtempSync(join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: BROWSER_ARGS,
  });
  cleanups.push(() => context.close().catch(() => {}));
  return context;
}

/** Layer 1: the extension's own mocha suite inside the real extension host. */
async function runExtensionHostSuite(runDir, port, resultsFile) {
  const workspace = workspaceCopy(runDir, 'exthost-workspace');
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(join(root, 'test', 'integration', 'index.cjs'))],
  ];
  const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const context = await launchBrowser(runDir);
  const page = context.pages()[0] ?? (await context.newPage());
  let finish;
  const finished = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationLog', (_type, args) => console.log(format(...(args || []))));
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  say('extension-host suite: opening the workbench with the test payload');
  await page.goto(url);
  const timer = setTimeout(() => finish('timeout'), TIMEOUT_S * 1000);
  const code = await finished;
  clearTimeout(timer);
  await page.screenshot({ path: join(SHOTS, 'exthost-end.png') }).catch(() => {});
  await context.close();
  let summary = { passed: 0, failed: 0 };
  if (existsSync(resultsFile)) summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (code !== 0 && summary.failed === 0) summary.failed = 1; // a crash or a timeout is a failure
  say(`extension-host suite: ${summary.passed} passed, ${summary.failed} failed (exit ${code})`);
  return summary;
}

/** Every file under `dir` whose name contains `part`. */
function findFiles(dir, part) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.includes(part))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

/** What a failed flow leaves to read: the notifications on screen, page errors, the extension's log. */
async function reportFailureContext(page, runDir, errors) {
  // Notifications may sit in the notification centre rather than in toasts: open it.
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await page
      .locator('.statusbar-item', { has: page.locator('.codicon-bell, .codicon-bell-dot') })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
  }
  const toasts = await page
    .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
    .allInnerTexts()
    .catch(() => []);
  for (const toast of toasts) say(`  notification: ${toast}`);
  for (const error of errors.slice(-5)) say(`  page error: ${error}`);
  for (const file of findFiles(join(runDir, 'user-data', 'logs'), 'ML Hygiene')) {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15);
    say(`  ${file.slice(runDir.length + 1)} (last ${lines.length} lines):\n    ${lines.join('\n    ')}`);
  }
}

/** Layer 2: what a person sees and does, in the workbench, on the installed VSIX. */
async function runUiFlows(runDir, port) {
  const flowsDir = join(here, 'flows');
  const only = process.env.ML_HYGIENE_UI_FLOWS;
  const files = readdirSync(flowsDir)
    .filter((f) => f.endsWith('.mjs') && (!only || only.split(',').some((prefix) => f.startsWith(prefix))))
    .sort();
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const flow = await import(pathToFileURL(join(flowsDir, file)).href);
    const workspace = workspaceCopy(runDir, `ui-${file.replace(/\.mjs$/, '')}`);
    const context = await launchBrowser(runDir);
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let step = 0;
    const prefix = file.replace(/\.mjs$/, '');
    const shot = async (name) => {
      step++;
      await page.screenshot({ path: join(SHOTS, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`) });
    };
    const name = flow.title ?? file;
    const t0 = Date.now();
    try {
      // Files the workbench must find as it opens (settings read at start-up, not picked up later by a watcher).
      if (flow.prepare) await flow.prepare({ workspace });
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await flow.default({ page, shot, workspace, say });
      passed++;
      say(`PASS ui: ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      await page.screenshot({ path: join(SHOTS, `${prefix}-failure.png`) }).catch(() => {});
      say(
        `FAIL ui: ${name}: ${String(error?.message ?? error)
          .split('\n')
          .slice(0, 6)
          .join('\n')}`,
      );
      await reportFailureContext(page, runDir, errors);
    } finally {
      await context.close();
    }
  }
  return { passed, failed };
}

async function main() {
  say('ensuring code-server, Node 24 and chromium are installed (test/vscode/setup.sh)');
  run('bash', [join(here, 'setup.sh')]);
  say('building and packaging the extension');
  run(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root });
  mkdirSync(P, { recursive: true });
  const runDir = mkdtempSync(join(P, 'run-'));
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  run(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', join(runDir, 'ml-hygiene.vsix')],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  rmSync(SHOTS, { recursive: true, force: true });
  rmSync(join(RESULTS, 'vscode-metrics.json'), { force: true });
  mkdirSync(SHOTS, { recursive: true });
  const home = join(runDir, 'home');
  mkdirSync(home, { recursive: true });
  const resultsFile = join(runDir, 'exthost-results.json');
  const env = {
    ...process.env,
    PATH: `${NODE24}:${process.env.PATH}`,
    // code-server, VS Code and chromium write into HOME: keep each run's writes in its own folder.
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ML_HYGIENE_TEST_RESULTS: resultsFile,
    ML_HYGIENE_TEST_METRICS: join(RESULTS, 'vscode-metrics.json'),
  };
  const { port } = await startCodeServer(runDir, env);
  const totals = { passed: 0, failed: 0 };
  const add = (r) => {
    totals.passed += r.passed;
    totals.failed += r.failed;
  };
  if (LAYERS.includes('exthost')) add(await runExtensionHostSuite(runDir, port, resultsFile));
  if (LAYERS.includes('ui')) add(await runUiFlows(runDir, port));
  if (existsSync(join(RESULTS, 'vscode-metrics.json'))) say('metrics:', readFileSync(join(RESULTS, 'vscode-metrics.json'), 'utf8').trim());
  return totals;
}

let totals = { passed: 0, failed: 1 };
const watchdog = setTimeout(
  () => {
    console.error(`test:vscode: timed out after ${TIMEOUT_S + 120} s`);
    for (const cleanup of cleanups.reverse()) cleanup();
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  },
  (TIMEOUT_S + 120) * 1000,
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const cleanup of cleanups.reverse()) cleanup();
    process.exit(130);
  });
}
try {
  totals = await main();
} catch (error) {
  console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
  totals.failed = Math.max(totals.failed, 1);
} finally {
  clearTimeout(watchdog);
  for (const cleanup of cleanups.reverse()) await cleanup();
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
