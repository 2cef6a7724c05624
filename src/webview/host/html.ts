/**
 * The webviews' HTML (the sidebar's plan page and the pipeline-graph page): a strict Content-Security-Policy (no remote resources, scripts
 * only with the nonce, styles and fonts only from the extension's webview folder), the codicon
 * stylesheet, the view's stylesheet and the app bundle. Pure, so the browser tests load the
 * same page the editor does.
 */

export interface WebviewAssets {
  /** The webview's `cspSource` (which origins may serve the extension's files). */
  cspSource: string;
  /** A fresh random value per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

/** The files the page loads, relative to the webview folder (dist/webview). */
export const WEBVIEW_FILES = { script: 'app.js', style: 'plan.css', codicons: 'codicon.css' } as const;

/** The pipeline-graph page's files, in the same folder. */
export const GRAPH_WEBVIEW_FILES = { script: 'graph.js', style: 'graph.css', codicons: 'codicon.css' } as const;

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function planHtml(assets: WebviewAssets): string {
  const csp = contentSecurityPolicy(assets.cspSource, assets.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(assets.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attribute(assets.styleUri)}">
<title>ML Hygiene: Project Plan</title>
</head>
<body>
<main id="app" aria-label="ML Hygiene project plan"></main>
<script nonce="${attribute(assets.nonce)}" src="${attribute(assets.scriptUri)}"></script>
</body>
</html>
`;
}

/** The pipeline-graph panel's page: the same policy; the app draws into `#graph`. */
export function graphHtml(assets: WebviewAssets): string {
  const csp = contentSecurityPolicy(assets.cspSource, assets.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(assets.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attribute(assets.styleUri)}">
<title>ML Hygiene: Pipeline Graph</title>
</head>
<body>
<main id="graph" aria-label="ML Hygiene pipeline graph"></main>
<script nonce="${attribute(assets.nonce)}" src="${attribute(assets.scriptUri)}"></script>
</body>
</html>
`;
}
