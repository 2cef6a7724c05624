/**
 * The codicons drawn inside the SVG drawing. SVG text has no `::before`, so the drawing writes
 * the glyph itself, in the `codicon` font that codicon.css declares; the code points are those of
 * the bundled @vscode/codicons (a unit test checks them against its stylesheet). The toolbar and
 * the banners, in HTML, use the stylesheet's classes as the sidebar does.
 */
import type { GraphNode } from '../../core/graph/types';

export const GLYPHS = {
  database: '\ueace',
  file: '\uea7b',
  save: '\ueb4b',
  package: '\ueb29',
  graph: '\ueb03',
  settings: '\ueb52',
  'symbol-key': '\uea93',
} as const;

export type GlyphName = keyof typeof GLYPHS;

/** Data files drawn as a database; any other input as a file. */
const DATA_FILE = /\.(csv|tsv|parquet|feather|arrow|xlsx?|jsonl?|h5|hdf5|sqlite|db|sql|npy|npz|zarr|txt)$/i;

/** The icon of a file node by its role: input data, output, model, figure. */
export function fileGlyph(node: Pick<GraphNode, 'role' | 'name'>): GlyphName {
  switch (node.role) {
    case 'output':
      return 'save';
    case 'model':
      return 'package';
    case 'figure':
      return 'graph';
    default:
      return DATA_FILE.test(node.name) ? 'database' : 'file';
  }
}
