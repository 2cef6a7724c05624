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
  /** Edits on the analyzed file, in program coordinates. Empty for a display-only fix. */
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
  /** Rule-specific structured data (e.g. the monolith score breakdown): `FindingPayloads[code]`, read with `payloadOf`. */
  data?: FindingData;
  /**
   * The call the finding is about, when a refactor needs it and it is not simply around `range`
   * (MLH101/MLH102: the call the value is passed to, even when the value is bound to a name
   * first; MLH301: the unseeded call). A refactor finds the call again by this range.
   */
  call?: Range;
}

/**
 * What each rule reports with its findings, by code: the contract between a rule (which writes it,
 * type-checked through its `ContextOf<code>`, rules/rule.ts) and the refactors that read it (`payloadOf`).
 * A rule missing here reports no data.
 */
export interface FindingPayloads {
  MLH001: {
    score: number;
    topLevelStatements: number;
    outsideFunctionsShare: number;
    phases: Phase[];
    cells: number;
    isMonolith: boolean;
    minStatements: number;
  };
  MLH002: { names: string[]; occurrences: number };
  MLH003: { effects: number; hasMainGuard: boolean };
  /** `missing`: the token the parser had to insert (`)`, `identifier`), null when code was unexpected. */
  MLH004: { missing: string | null };
  /** `value`: the literal's value as JSON-like data (a tuple as an array). */
  MLH101: { parameter: string; value: unknown; callee: string; constant?: string };
  /** `path`: the path as written (the start of a longer path for a joined one); `callee`: null for an absolute path outside any call. */
  MLH102: { path: string; callee: string | null; absolute: boolean; constant?: string };
  /**
   * A call missing its seed argument (`kind`: what it is; `generator` for a random generator, `loader` for a torch
   * loader, sampler or split whose `parameter` is `generator`, `jax-key` for a JAX key built from entropy), a draw from
   * a library's global state (`library`: numpy, random, torch, tensorflow, keras), or a reused JAX key.
   */
  MLH301:
    | { callee: string; parameter: string; kind: string }
    | { callee: string; parameter: null; kind: 'global-draw'; library: string }
    | { callee: string; parameter: null; kind: 'key-reuse'; library: 'jax' };
  /** Cells as 0-based indices among all cells: where the imports belong, and the first that runs code; `modules`: the top-level modules the cell imports. */
  MLH203: { firstCodeCell: number; firstCellWithCode: number; modules: string[] };
  /** The offending cell and the cell above it that ran later (0-based among all cells), their execution counts, and a name the first reads and the second sets. */
  MLH204: { cell: number; executionCount: number; earlierCell: number; earlierExecutionCount: number; name: string };
  MLH302: { anchor: 'backward' | 'optimizer'; benchmark: boolean };
  MLH401: { transformer: string; split: string; splitKind: string };
  /** `estimator`: the scale-sensitive class (`SVC`); `data`: the features' expression as written. */
  MLH431: { estimator: string; data: string; inPipeline: boolean };
  /** `metric`: the first threshold metric (`accuracy_score`, `scoring="f1"`, `.score()`). */
  MLH432: { metric: string; count: number };
  /** `constant`: the NaN as written (`np.nan`, `float("nan")`, `pd.NA`); `callee`: for `.eq()`/`np.equal()`, else null. */
  MLH411: { operator: string; constant: string; callee: string | null };
  MLH414: { role: 'dataframe' | 'series' };
  MLH415: { callee: string };
  MLH416: { column: string; placeholder: string };
  /** `frame`: the DataFrame indexed first, as written; `pattern`: the two indexings (`[] then []`, `.column then []`, `[] then .iloc[]`). */
  MLH412: { frame: string; pattern: string };
  /** `method`: the pandas method whose result is discarded; `receiver`: what it is called on, as written; `target`: what the fix assigns to (null: no fix). */
  MLH413: { method: string; receiver: string; target: string | null };
  /** `optimizer`: the optimizer as written (`optimizer`, `self.opt`). */
  MLH421: { optimizer: string };
  /** `module`: the receiver of `.forward(...)` as written. */
  MLH422: { module: string };
  /** `need`: the mode the module should be in there; `reason`: what makes it mode-dependent (`nn.Dropout in Net`). */
  MLH423: { model: string; need: 'eval' | 'train'; reason: string };
  MLH402: { resampler: string; split: string; splitKind: string };
  MLH403: { fit: string; heldOut: string; split: string };
  MLH404: { kind: 'selection' | 'early-stopping'; heldOut: string; call: string };
  /** `module`, `tooling`: the first import heavier than decided (where the finding sits); `modules`: every one, in order. */
  MLH501: { module: string; tooling: string; modules: string[]; decided: string; planFile: string };
  /** `iteration`: how the loop walks the frame (`iterrows`, `itertuples`, `range(len)`); `frame`: the DataFrame, as written. */
  MLH601: { iteration: string; frame: string };
  MLH602: { name: string; op: 'concat' | 'stack' };
}

export type PayloadCode = keyof FindingPayloads;

export type FindingData = FindingPayloads[PayloadCode];

/** The finding's payload, typed by its code; null for a finding of another code or without data. */
export function payloadOf<C extends PayloadCode>(finding: Pick<Finding, 'code' | 'data'>, code: C): FindingPayloads[C] | null {
  // The engine stores what the rule of this code reported, type-checked against ContextOf<code> (rules/rule.ts).
  return finding.code === code && finding.data ? (finding.data as FindingPayloads[C]) : null;
}

export type InputKind = 'python' | 'notebook';

/** The phases a statement of an ML script can belong to. */
export type Phase = 'data' | 'features' | 'training' | 'evaluation' | 'persistence' | 'visualisation';

export const PHASES: readonly Phase[] = ['data', 'features', 'training', 'evaluation', 'persistence', 'visualisation'];

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
