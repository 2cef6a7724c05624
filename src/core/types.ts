/**
 * Shared vocabulary of the engine. Everything here is plain data so that the CLI, the editor
 * layer and the tests can exchange it without knowing how it was computed.
 *
 * Positions are 0-based (line, column in UTF-16 code units, as VS Code and LSP count them)
 * inside the engine; the CLI converts them to 1-based for people.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** How much a fix can be trusted to keep behaviour (Ruff's vocabulary). */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  /** Edits on the analysed file, in program coordinates. Empty for a display-only fix. */
  edits: TextEdit[];
}

export interface RelatedLocation {
  /** Range in the same file (program coordinates). */
  range: Range;
  message: string;
  /** Present for notebooks: the range mapped back to its cell. */
  cell?: CellLocation;
}

/** Where a finding lands in a notebook: the cell (0-based among *all* cells) and a cell-relative range. */
export interface CellLocation {
  cellIndex: number;
  range: Range;
}

export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  /** Range in program coordinates (for a notebook: the concatenation of its code cells). */
  range: Range;
  /** Present for notebooks: the range mapped back to its cell. */
  cell?: CellLocation;
  related: RelatedLocation[];
  fix: Fix | null;
  /** Rule-specific structured data (e.g. the monolith score breakdown). */
  data?: Record<string, unknown>;
}

export type InputKind = 'python' | 'notebook';

/** The phases a statement of an ML script can belong to. */
export type Phase =
  | 'data'
  | 'features'
  | 'training'
  | 'evaluation'
  | 'persistence'
  | 'visualisation';

export const PHASES: readonly Phase[] = [
  'data',
  'features',
  'training',
  'evaluation',
  'persistence',
  'visualisation',
];

export const PHASE_TITLES: Record<Phase, string> = {
  data: 'data loading',
  features: 'feature engineering',
  training: 'training',
  evaluation: 'evaluation',
  persistence: 'persistence/serving',
  visualisation: 'visualisation',
};

export type ApiKind =
  | 'estimator' // a model with fit/predict: its constructor takes hyperparameters
  | 'transformer' // fitted preprocessing: scaler, encoder, imputer, selector, decomposition
  | 'splitter' // train/test or CV splitting
  | 'search' // hyperparameter search wrapping an estimator
  | 'optimizer' // torch/keras optimisers: lr and friends are hyperparameters
  | 'layer' // neural-network building blocks
  | 'read' // reads a file
  | 'write' // writes a file
  | 'metric'
  | 'plot'
  | 'dataset' // loads or generates a data set
  | 'seed' // sets a global seed
  | 'random' // draws from a global random state
  | 'rng' // creates a random generator
  | 'train' // a function that trains (xgboost.train, lightgbm.train)
  | 'track'; // experiment tracking

/** What the knowledge base (kb/apis.ts) says about an API; the script model holds it per call. */
export interface ApiInfo {
  kind: ApiKind;
  phase: Phase;
  /** For read/write: where the path goes (positional index and keyword names). */
  pathArg?: { index: number; keywords: readonly string[] };
  /** The constructor accepts `random_state` (or the library's equivalent) and uses it by default. */
  randomState?: string;
}
