/// <reference lib="dom" />
/** Entry point of the pipeline-graph webview (bundled to dist/webview/graph.js for the browser). */
import type { WebviewApi } from './app';
import { GraphApp } from './app';

declare function acquireVsCodeApi(): WebviewApi;

const root = document.getElementById('graph');
if (root) new GraphApp(root, acquireVsCodeApi()).start();
