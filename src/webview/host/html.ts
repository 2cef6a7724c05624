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

/** A page of ours: the policy, the codicons, its stylesheet, a `<main>` the app draws into, the app. */
function pageHtml(assets: WebviewAssets, page: { title: string; mainId: string; label: string }): string {
  const csp = contentSecurityPolicy(assets.cspSource, assets.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(assets.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attribute(assets.styleUri)}">
<title>${page.title}</title>
</head>
<body>
<main id="${page.mainId}" aria-label="${attribute(page.label)}"></main>
<script nonce="${attribute(assets.nonce)}" src="${attribute(assets.scriptUri)}"></script>
</body>
</html>
`;
}

export function planHtml(assets: WebviewAssets): string {
  return pageHtml(assets, { title: 'ML Hygiene: Project Plan', mainId: 'app', label: 'ML Hygiene project plan' });
}

/** The pipeline-graph panel's page: the same policy; the app draws into `#graph`. */
export function graphHtml(assets: WebviewAssets): string {
  return pageHtml(assets, { title: 'ML Hygiene: Pipeline Graph', mainId: 'graph', label: 'ML Hygiene pipeline graph' });
}
