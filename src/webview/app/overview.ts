/// <reference lib="dom" />
/** The hygiene overview: the folder's Python files and notebooks, worst first. */
import type { OverviewFile } from '../protocol';
import type { ViewContext } from './context';
import type { Child } from './dom';
import { h, icon } from './dom';

function split(path: string): { name: string; dir: string } {
  const at = path.lastIndexOf('/');
  return at < 0 ? { name: path, dir: '' } : { name: path.slice(at + 1), dir: path.slice(0, at) };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function overviewBadge(ctx: ViewContext): string {
  const files = ctx.state.overview.files;
  return ctx.state.overview.indexing ? '…' : String(files.length);
}

export function overviewBody(ctx: ViewContext): Child[] {
  const { overview } = ctx.state;
  const monoliths = overview.files.filter((file) => file.isMonolith).length;
  const findings = overview.files.reduce((sum, file) => sum + file.findings, 0);
  const summary = overview.indexing
    ? h('span', { class: 'muted' }, icon('loading', 'codicon-modifier-spin'), ' Analysing the folder…')
    : h('span', { class: 'muted' }, `${count(overview.files.length, 'file')} · ${monoliths} monolithic · ${count(findings, 'finding')}`);
  const scan = h(
    'button',
    {
      class: 'button secondary',
      disabled: overview.scanning,
      'data-key': 'scan',
      title: 'Check every Python file and notebook of the workspace; results go to the Problems panel',
      on: { click: () => ctx.post({ type: 'scanWorkspace' }) },
    },
    icon(overview.scanning ? 'loading' : 'search', overview.scanning ? 'codicon-modifier-spin' : ''),
    h('span', {}, overview.scanning ? 'Scanning…' : 'Scan Workspace'),
  );
  const body: Child[] = [h('div', { class: 'toolbar' }, scan, summary)];
  if (!overview.indexing && overview.files.length === 0) {
    body.push(h('p', { class: 'muted' }, 'No Python files or notebooks in this folder.'));
  } else {
    body.push(
      h('ul', { class: 'files', 'aria-label': 'Files ranked by monolith score' }, ...overview.files.map((file) => fileRow(ctx, file))),
    );
  }
  return body;
}

function fileRow(ctx: ViewContext, file: OverviewFile): HTMLElement {
  const { name, dir } = split(file.path);
  const score = file.score === null ? 'not analysed' : `monolith score ${file.score}${file.isMonolith ? ', a monolith' : ''}`;
  const open = h(
    'button',
    {
      class: 'row file-open',
      title: `${file.path}\n${score}; ${file.findings} findings`,
      'aria-label': `Open ${file.path}: ${score}, ${file.findings} ${file.findings === 1 ? 'finding' : 'findings'}`,
      'data-key': `file:${file.path}`,
      on: { click: () => ctx.post({ type: 'openFile', folder: ctx.state.folder!, path: file.path, line: null }) },
    },
    icon(file.kind === 'notebook' ? 'notebook' : 'file-code'),
    h('span', { class: 'file-name' }, name),
    dir ? h('span', { class: 'file-dir' }, dir) : null,
    h('span', { class: 'spacer' }),
    h(
      'span',
      { class: `score${file.isMonolith ? ' monolith' : ''}`, title: 'Monolith score (0–100)' },
      file.score === null ? '–' : String(file.score),
    ),
    h('span', { class: `badge${file.findings === 0 ? ' zero' : ''}`, title: 'Findings' }, String(file.findings)),
  );
  const modularize = ctx.state.canModularize
    ? h(
        'button',
        {
          class: 'icon-button',
          title: `Modularize ${name}`,
          'aria-label': `Modularize ${file.path}`,
          'data-key': `modularize:${file.path}`,
          on: { click: () => ctx.post({ type: 'modularize', folder: ctx.state.folder!, path: file.path }) },
        },
        icon('split-horizontal'),
      )
    : null;
  const graph = h(
    'button',
    {
      class: 'icon-button',
      title: `Show the pipeline graph of ${name}`,
      'aria-label': `Show the pipeline graph of ${file.path}`,
      'data-key': `graph:${file.path}`,
      on: { click: () => ctx.post({ type: 'showGraph', folder: ctx.state.folder!, path: file.path }) },
    },
    icon('type-hierarchy'),
  );
  return h('li', { class: `file${file.isMonolith ? ' monolith' : ''}` }, open, graph, modularize);
}
