import type { Phase } from '../types';
import { PHASES } from '../types';
import type { Node } from '../parse/syntax';
import type { Lines } from './lines';
import type { ScriptModel, Section } from './model';

function parseCellMarker(text: string): { title: string | null; phaseHint: Phase | null } {
  // `# %% Title  phase: features` or `# %% [markdown]`
  let rest = text.replace(/^#\s*%%/, '').trim();
  let phaseHint: Phase | null = null;
  const phaseAt = rest.search(/\bphase\s*:/);
  if (phaseAt >= 0) {
    const value = rest
      .slice(phaseAt)
      .replace(/^phase\s*:\s*/, '')
      .split(/\s/, 1)[0]!
      .toLowerCase();
    phaseHint = normalisePhase(value);
    rest = rest.slice(0, phaseAt).trim();
  }
  return { title: rest === '' ? null : rest, phaseHint };
}

const PHASE_ALIASES: Record<string, Phase> = {
  load: 'data',
  loading: 'data',
  data: 'data',
  ingest: 'data',
  features: 'features',
  feature: 'features',
  preprocessing: 'features',
  preprocess: 'features',
  prep: 'features',
  train: 'training',
  training: 'training',
  model: 'training',
  fit: 'training',
  evaluate: 'evaluation',
  evaluation: 'evaluation',
  eval: 'evaluation',
  metrics: 'evaluation',
  publish: 'persistence',
  persistence: 'persistence',
  serve: 'persistence',
  serving: 'persistence',
  save: 'persistence',
  export: 'persistence',
  plot: 'visualisation',
  plots: 'visualisation',
  visualisation: 'visualisation',
  visualization: 'visualisation',
  viz: 'visualisation',
};

export function normalisePhase(value: string): Phase | null {
  if ((PHASES as readonly string[]).includes(value)) return value as Phase;
  return PHASE_ALIASES[value] ?? null;
}

/** The heading of the comment block at the top of `lines` (stopping at the first line that is not a comment), or null. */
export function commentHeading(lines: Lines, from = 0, to = lines.length): string | null {
  // One line at a time, stopping at the first heading: a markdown heading (`# ## Title`) on a line,
  // or a line followed by its underline (`# Title` then `# -----`), in the block's order.
  let previous: string | null = null; // the line before, without `#` and spaces: a title its underline may follow
  for (let i = from; i < to && i < lines.length; i++) {
    const line = lines.at(i)!;
    if (!/^\s*#/.test(line)) break;
    const trimmed = line.trim(); // also drops a `\r`
    const text = trimmed.replace(/^#\s?/, '').trim();
    if (previous !== null && previous !== '' && /^([-=~^*#"'`+])\1{2,}$/.test(text) && text.length >= Math.min(previous.length, 3))
      return previous;
    const markdown = /^#\s+#{1,6}\s+(\S.*)$/.exec(trimmed);
    if (markdown) return markdown[1]!.trim();
    previous = text;
  }
  return null;
}

/**
 * Whether a top-level comment may be a cell marker (`# %%`, `# In[3]:`): it starts a line and its
 * first character after `#` and spaces is `%` or `I`. Most comments are prose: this reads a few
 * characters of the program text instead of slicing the comment out of it and matching.
 */
function mayBeMarker(comment: Node): boolean {
  const text = comment.doc.text;
  const start = comment.startIndex;
  if (start > 0 && text.charCodeAt(start - 1) !== 0x0a) return false; // not at column 0
  if (text.charCodeAt(start) !== 0x23) return false; // `#`
  for (let i = start + 1; i < comment.endIndex; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 || c === 0x49) return true; // `%` or `I`
    // The whitespace `\s` matches, which the markers' patterns allow between `#` and the marker.
    if (c !== 0x20 && (c < 0x09 || c > 0x0d) && (c < 0x80 || !/\s/.test(text[i]!))) return false;
  }
  return false;
}

export function collectSections(model: ScriptModel, topLevel: readonly Node[], lines: Lines): void {
  const { source } = model;
  if (source.kind === 'notebook') {
    let heading: string | null = null;
    const cells = source.cells ?? [];
    const byIndex = new Map(source.codeCells.map((c) => [c.cellIndex, c]));
    cells.forEach((cell, cellIndex) => {
      if (cell.kind === 'markdown') {
        const h = cell.text.split('\n').find((l) => /^\s{0,3}#{1,6}\s/.test(l));
        if (h) heading = h.replace(/^\s*#+\s*/, '').trim();
        return;
      }
      const placed = byIndex.get(cellIndex);
      if (!placed) return;
      const firstLine = lines.at(placed.startLine)?.trim() ?? '';
      const marker = firstLine.startsWith('# %%') ? parseCellMarker(firstLine) : { title: null, phaseHint: null };
      model.sections.push({
        index: model.sections.length,
        startLine: placed.startLine,
        endLine: placed.startLine + placed.lineCount - 1,
        title: marker.title ?? heading,
        phaseHint: marker.phaseHint,
        origin: 'notebook-cell',
        cellIndex,
      });
      heading = null;
    });
  } else {
    for (const node of topLevel) {
      if (node.type !== 'comment' || !mayBeMarker(node)) continue;
      const text = node.text;
      let section: Pick<Section, 'title' | 'phaseHint' | 'origin'> | null = null;
      if (text.includes('%%') && /^#\s*%%/.test(text)) section = { ...parseCellMarker(text), origin: 'cell-marker' };
      else if (text.includes('In') && /^#\s*In\s*\[\s*\d*\s*\]\s*:/.test(text))
        section = { title: null, phaseHint: null, origin: 'in-marker' };
      if (!section) continue;
      model.sections.push({ index: model.sections.length, startLine: node.startPosition.row, endLine: 0, cellIndex: null, ...section });
    }
    if (model.sections.length === 0 || model.sections[0]!.startLine > 0) {
      model.sections.unshift({ index: 0, startLine: 0, endLine: 0, title: null, phaseHint: null, origin: 'file', cellIndex: null });
    }
    model.sections.forEach((s, i) => {
      s.index = i;
      s.endLine = i + 1 < model.sections.length ? model.sections[i + 1]!.startLine - 1 : lines.length - 1;
    });
    // A marker without a title takes the heading of the comment block right below it: a markdown
    // heading (`# %% [markdown]` then `# ## Title`) or a reStructuredText one (`# %%` then `# Title`
    // underlined with `# -----`, as the scikit-learn gallery writes them). A file without markers has
    // no title: a commented-out line (`# # Add log of var38`) is not a heading.
    for (const s of model.sections) {
      if (s.origin === 'cell-marker' && (s.title === '[markdown]' || s.title === null)) {
        const heading = commentHeading(lines, s.startLine + 1, s.endLine + 1);
        if (heading) s.title = heading;
      }
    }
  }
  if (model.sections.length === 0) {
    model.sections.push({
      index: 0,
      startLine: 0,
      endLine: Math.max(0, lines.length - 1),
      title: null,
      phaseHint: null,
      origin: 'file',
      cellIndex: null,
    });
  }
}
