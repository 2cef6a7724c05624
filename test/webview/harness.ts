/**
 * Runs the webview apps in a real headless Chromium (Debian's, driven by playwright-core), on the
 * pages the extension serves (planHtml at `/`, graphHtml at `/graph`, with their
 * Content-Security-Policy), from a loopback server. A test double stands in for VS Code's webview API: it records the
 * messages the app posts and keeps its getState/setState state; messages from the host arrive as
 * `message` events, as in VS Code. The theme's variables are set on the root element and the
 * theme kind on the body, as VS Code does.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { GRAPH_WEBVIEW_FILES, graphHtml, planHtml, WEBVIEW_FILES } from '../../src/webview/host/html';
import type { HostMessage, UiState, ViewMessage } from '../../src/webview/protocol';
import type { ThemeKind } from './themes';
import { THEMES } from './themes';

const ROOT = join(__dirname, '..', '..');
const require = createRequire(__filename);

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** An app bundle, built from source the way esbuild.mjs builds dist/webview/app.js and graph.js. */
async function buildApp(app: 'app' | 'graph' = 'app'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'webview', app, 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface Harness {
  origin: string;
  /** Requests that reached the server, by path. */
  requests: string[];
  close(): Promise<void>;
}

export async function startServer(): Promise<Harness> {
  const [app, graph] = await Promise.all([buildApp('app'), buildApp('graph')]);
  const files: Record<string, { type: string; body: string | Buffer }> = {
    [`/${WEBVIEW_FILES.script}`]: { type: 'text/javascript', body: app },
    [`/${WEBVIEW_FILES.style}`]: { type: 'text/css', body: readFileSync(join(ROOT, 'media', 'plan.css')) },
    [`/${WEBVIEW_FILES.codicons}`]: { type: 'text/css', body: readFileSync(require.resolve('@vscode/codicons/dist/codicon.css')) },
    '/codicon.ttf': { type: 'font/ttf', body: readFileSync(require.resolve('@vscode/codicons/dist/codicon.ttf')) },
    [`/${GRAPH_WEBVIEW_FILES.script}`]: { type: 'text/javascript', body: graph },
    [`/${GRAPH_WEBVIEW_FILES.style}`]: { type: 'text/css', body: readFileSync(join(ROOT, 'media', 'graph.css')) },
  };
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end(); // Chromium asks for it; a webview has none
      return;
    }
    requests.push(path);
    if (path === '/' || path === '/graph') {
      const nonce = randomBytes(16).toString('base64');
      const [page, assets] = path === '/' ? [planHtml, WEBVIEW_FILES] : [graphHtml, GRAPH_WEBVIEW_FILES];
      const html = page({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/${assets.script}`,
        styleUri: `${origin}/${assets.style}`,
        codiconUri: `${origin}/${assets.codicons}`,
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = files[path];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A page under test; the type parameters default to the sidebar's messages and state. */
export interface ViewPage<H = HostMessage, V = ViewMessage, S = UiState> {
  page: Page;
  /** Messages the app posted, in order. */
  sent(): Promise<V[]>;
  /** What the app last stored with setState. */
  uiState(): Promise<S | undefined>;
  /** Delivers a message from the host. */
  send(message: H): Promise<void>;
  /** Content-Security-Policy violations reported by the page. */
  violations(): Promise<string[]>;
  /** Requests to anything but the harness's own origin. */
  foreignRequests: string[];
  /** Uncaught errors and console errors. */
  errors: string[];
}

export interface OpenOptions {
  theme?: ThemeKind;
  /** What getState returns at start (what VS Code kept from an earlier session). */
  savedState?: unknown;
  width?: number;
  height?: number;
  /** Which page: the sidebar's plan (`/`, the default) or the pipeline graph (`/graph`). */
  path?: '/' | '/graph';
}

/** Opens the view in a new page with the webview API double and the theme. */
export async function openView<H = HostMessage, V = ViewMessage, S = UiState>(
  browser: Browser,
  harness: Harness,
  options: OpenOptions = {},
): Promise<ViewPage<H, V, S>> {
  const theme = THEMES[options.theme ?? 'dark'];
  const page = await browser.newPage({ viewport: { width: options.width ?? 320, height: options.height ?? 900 } });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(harness.origin)) foreignRequests.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // tsx compiles this file with esbuild's keepNames, which wraps functions in a `__name` helper;
  // functions sent into the page for evaluation need it there too.
  await page.addInitScript({ content: 'window.__name = (target) => target;' });
  await page.addInitScript(
    ({ saved, variables, bodyClass }) => {
      const w = window as unknown as Record<string, unknown>;
      const sent: unknown[] = [];
      const violations: string[] = [];
      let state = saved;
      let acquired = false;
      w['__sent'] = sent;
      w['__violations'] = violations;
      w['__state'] = () => state;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`));
      // VS Code's webview API: acquireVsCodeApi may be called once per page.
      w['acquireVsCodeApi'] = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return {
          postMessage: (message: unknown) => sent.push(JSON.parse(JSON.stringify(message))),
          getState: () => state,
          setState: (value: unknown) => {
            state = JSON.parse(JSON.stringify(value));
            return value;
          },
        };
      };
      const applyTheme = (): void => {
        for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
        document.body?.classList.add(bodyClass);
      };
      if (document.documentElement) applyTheme();
      document.addEventListener('DOMContentLoaded', applyTheme);
    },
    { saved: options.savedState, variables: theme.variables, bodyClass: theme.bodyClass },
  );
  await page.goto(`${harness.origin}${options.path ?? '/'}`);
  await page.waitForFunction(() => ((window as unknown as Record<string, unknown[]>)['__sent'] ?? []).length > 0);
  await page.evaluate(() => document.fonts.ready);
  return {
    page,
    sent: () => page.evaluate(() => (window as unknown as Record<string, V[]>)['__sent']!),
    uiState: () => page.evaluate(() => (window as unknown as Record<string, () => S | undefined>)['__state']!()),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    violations: () => page.evaluate(() => (window as unknown as Record<string, string[]>)['__violations']!),
    foreignRequests,
    errors,
  };
}
