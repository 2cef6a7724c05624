/// <reference lib="dom" />
/** Entry point of the sidebar webview (bundled to dist/webview/app.js for the browser). */
import type { WebviewApi } from './app';
import { App } from './app';

declare function acquireVsCodeApi(): WebviewApi;

const root = document.getElementById('app');
if (root) new App(root, acquireVsCodeApi()).start();
