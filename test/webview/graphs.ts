/**
 * Pipeline graphs written by hand, as the engine's graph builder (src/core/graph/) produces them
 * for real files: a six-step monolith with files, params, a leak and findings; a notebook of
 * cells; a file with no steps; a file that does not parse; a long generated pipeline of 60 steps.
 * The graph webview's tests and the layout's unit tests draw these.
 */
import type { FileRole, GraphEdge, GraphEdgeKind, GraphFinding, GraphNode, PipelineGraph } from '../../src/core/graph/types';
import type { Phase } from '../../src/core/types';

interface StepSpec {
  phase: Phase;
  line: number;
  endLine: number;
  cell?: number;
  title?: string;
  reads?: string[];
  writes?: string[];
  details?: GraphFinding[];
  source?: string;
}

export function step(name: string, spec: StepSpec): GraphNode {
  const details = spec.details ?? [];
  return {
    id: `step:${name}`,
    kind: 'step',
    name,
    phase: spec.phase,
    line: spec.line,
    endLine: spec.endLine,
    cell: spec.cell ?? null,
    findings: details.map((d) => d.code),
    details,
    title: spec.title ?? null,
    reads: spec.reads ?? [],
    writes: spec.writes ?? [],
    role: null,
    value: null,
    source: spec.source ?? null,
  };
}

export function file(path: string, role: FileRole, line: number, cell: number | null = null): GraphNode {
  return {
    id: `file:${path}`,
    kind: 'file',
    name: path,
    phase: null,
    line,
    endLine: line,
    cell,
    findings: [],
    details: [],
    title: null,
    reads: [],
    writes: [],
    role,
    value: null,
    source: null,
  };
}

export function param(key: string, value: string | null, line: number, cell: number | null = null): GraphNode {
  return { ...file(key, 'input', line, cell), id: `param:${key}`, kind: 'param', role: null, value };
}

export function edge(from: string, to: string, kind: GraphEdgeKind, names: string[] = [], findings: string[] = []): GraphEdge {
  return { from, to, kind, names, findings };
}

export function finding(
  code: string,
  name: string,
  severity: GraphFinding['severity'],
  line: number,
  message: string,
  cell: number | null = null,
): GraphFinding {
  return { code, name, severity, message, line, cell };
}

/**
 * examples/churn.py, cut into six steps: load, encode, select (and resample), split, train,
 * evaluate (and save). The scaler fitted in encode_features saw every row before split_data
 * splits them: a leak edge; the resampling flows into the split along a value edge.
 */
export function monolith(): PipelineGraph {
  const fitBeforeSplit = finding(
    'MLH401',
    'preprocessing-before-split',
    'error',
    24,
    'StandardScaler is fitted on every row before the data is split (line 37): the test rows leak into training.',
  );
  const resample = finding(
    'MLH402',
    'resampling-before-split',
    'error',
    31,
    'SMOTE resamples every row before the split: synthetic rows reach the test set.',
  );
  const nEstimators = finding('MLH101', 'hard-coded-hyperparameter', 'warning', 47, 'Hyperparameter n_estimators=200 is hard-coded.');
  const seedless = finding('MLH301', 'unseeded-randomness', 'warning', 49, 'RandomForestClassifier is created without random_state.');
  const path = finding('MLH102', 'hard-coded-path', 'info', 66, 'The path "models/churn_model.pkl" is hard-coded.');
  return {
    path: 'examples/churn.py',
    kind: 'python',
    nodes: [
      step('load_data', { phase: 'data', line: 1, endLine: 16, title: '# %% Load the data', writes: ['df'] }),
      step('encode_features', {
        phase: 'features',
        line: 18,
        endLine: 26,
        reads: ['df'],
        writes: ['X_scaled', 'y', 'scaler'],
        details: [fitBeforeSplit],
      }),
      step('select_features', {
        phase: 'features',
        line: 28,
        endLine: 33,
        reads: ['X_scaled', 'y'],
        writes: ['X_res', 'y_res'],
        details: [resample],
      }),
      step('split_data', {
        phase: 'features',
        line: 35,
        endLine: 41,
        reads: ['X_res', 'y_res'],
        writes: ['X_train', 'X_test', 'y_train', 'y_test'],
      }),
      step('train_model', {
        phase: 'training',
        line: 43,
        endLine: 55,
        reads: ['X_train', 'y_train'],
        writes: ['clf'],
        details: [nEstimators, seedless],
      }),
      step('evaluate_model', { phase: 'evaluation', line: 57, endLine: 78, reads: ['clf', 'X_test', 'y_test'], details: [path] }),
      file('data/churn.csv', 'input', 9),
      file('models/churn_model.pkl', 'model', 66),
      file('reports/metrics.json', 'output', 76),
      file('reports/confusion_matrix.png', 'figure', 63),
      param('seed', '42', 3),
      param('data.input_path', '"data/churn.csv"', 9),
      param('features', '["tenure", "monthly_charges", "contract"]', 20),
      param('preprocessing.standard_scaler.with_mean', 'True', 24),
      param('split.test_size', '0.2', 38),
      param('model.random_forest_classifier.n_estimators', '200', 47),
      param('model.random_forest_classifier.max_depth', '8', 47),
      param('data.model_path', '"models/churn_model.pkl"', 66),
      param('data.figure_path', '"reports/confusion_matrix.png"', 63),
    ],
    edges: [
      edge('file:data/churn.csv', 'step:load_data', 'reads'),
      edge('param:data.input_path', 'step:load_data', 'param'),
      edge('step:load_data', 'step:encode_features', 'value', ['df']),
      edge('param:features', 'step:encode_features', 'param'),
      edge('param:preprocessing.standard_scaler.with_mean', 'step:encode_features', 'param'),
      edge('step:encode_features', 'step:select_features', 'value', ['X_scaled', 'y']),
      edge('step:select_features', 'step:split_data', 'value', ['X_res', 'y_res'], ['MLH402']),
      edge('step:encode_features', 'step:split_data', 'leak', ['scaler'], ['MLH401']),
      edge('param:split.test_size', 'step:split_data', 'param'),
      edge('param:seed', 'step:split_data', 'param'),
      edge('param:seed', 'step:train_model', 'param'),
      edge('step:split_data', 'step:train_model', 'value', ['X_train', 'y_train']),
      edge('step:split_data', 'step:evaluate_model', 'value', ['X_test', 'y_test']),
      edge('param:model.random_forest_classifier.n_estimators', 'step:train_model', 'param'),
      edge('param:model.random_forest_classifier.max_depth', 'step:train_model', 'param'),
      edge('step:train_model', 'step:evaluate_model', 'value', ['clf']),
      edge('param:data.model_path', 'step:evaluate_model', 'param'),
      edge('param:data.figure_path', 'step:evaluate_model', 'param'),
      edge('step:evaluate_model', 'file:reports/confusion_matrix.png', 'writes'),
      edge('step:evaluate_model', 'file:models/churn_model.pkl', 'writes'),
      edge('step:evaluate_model', 'file:reports/metrics.json', 'writes'),
    ],
    error: null,
  };
}

/** A notebook of eight cells (two of them markdown): steps are cells, lines count within them. */
export function notebook(): PipelineGraph {
  const bare = finding('MLH202', 'bare-expression', 'info', 4, 'The bare expression `df.head()` only shows a value in the notebook.', 2);
  const chained = finding('MLH412', 'chained-indexing', 'warning', 3, 'Chained indexing df[...][...] = ... may write to a copy.', 4);
  return {
    path: 'notebooks/explore_churn.ipynb',
    kind: 'notebook',
    nodes: [
      step('load_raw', { phase: 'data', line: 1, endLine: 5, cell: 2, title: '## Load', writes: ['df'], details: [bare] }),
      step('clean_columns', {
        phase: 'features',
        line: 1,
        endLine: 9,
        cell: 4,
        title: '## Clean',
        reads: ['df'],
        writes: ['df'],
        details: [chained],
      }),
      step('plot_distributions', { phase: 'visualisation', line: 1, endLine: 12, cell: 5, reads: ['df'] }),
      step('fit_baseline', { phase: 'training', line: 1, endLine: 7, cell: 7, title: '## Baseline', reads: ['df'], writes: ['model'] }),
      step('score_baseline', { phase: 'evaluation', line: 1, endLine: 4, cell: 8, reads: ['model', 'df'] }),
      file('data/raw/customers.parquet', 'input', 2, 2),
      file('figures/distributions.png', 'figure', 11, 5),
      param('features.drop', '["id", "signup_date"]', 2, 4),
    ],
    edges: [
      edge('file:data/raw/customers.parquet', 'step:load_raw', 'reads'),
      edge('step:load_raw', 'step:clean_columns', 'value', ['df']),
      edge('param:features.drop', 'step:clean_columns', 'param'),
      edge('step:clean_columns', 'step:plot_distributions', 'value', ['df']),
      edge('step:plot_distributions', 'file:figures/distributions.png', 'writes'),
      edge('step:clean_columns', 'step:fit_baseline', 'value', ['df']),
      edge('step:fit_baseline', 'step:score_baseline', 'value', ['model']),
      edge('step:clean_columns', 'step:score_baseline', 'value', ['df']),
    ],
    error: null,
  };
}

/** A file of imports and definitions only: nothing runs, so no steps. */
export function empty(): PipelineGraph {
  return { path: 'src/helpers.py', kind: 'python', nodes: [], edges: [], error: null };
}

/** The monolith after an edit that breaks it: the builder reports the parse error. */
export function broken(path = 'examples/churn.py'): PipelineGraph {
  return { path, kind: 'python', nodes: [], edges: [], error: { message: "'(' was never closed", line: 44, cell: null } };
}

const PHASE_CYCLE: Phase[] = ['data', 'features', 'features', 'training', 'evaluation', 'visualisation', 'persistence'];

/**
 * A long generated pipeline of `steps` steps (60 by default): each step reads the previous one's
 * frame and, every few steps, an earlier model; a file every ten steps, params in four groups,
 * findings on every seventh step.
 */
export function large(steps = 60): PipelineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let line = 1;
  for (let i = 0; i < steps; i++) {
    const phase = PHASE_CYCLE[i % PHASE_CYCLE.length]!;
    const length = 6 + ((i * 7) % 13);
    const details =
      i % 7 === 3
        ? [
            finding('MLH412', 'chained-indexing', 'warning', line + 2, `Chained indexing on frame_${i} may write to a copy.`),
            ...(i % 14 === 3
              ? [finding('MLH401', 'preprocessing-before-split', 'error', line + 4, `A scaler is fitted on all rows of frame_${i}.`)]
              : []),
          ]
        : [];
    nodes.push(
      step(`${phase === 'data' ? 'load' : phase === 'training' ? 'fit' : 'transform'}_stage_${i}`, {
        phase,
        line,
        endLine: line + length - 1,
        reads: i > 0 ? [`frame_${i - 1}`] : [],
        writes: [`frame_${i}`],
        details,
      }),
    );
    line += length + 1;
  }
  const id = (i: number): string => nodes[i]!.id;
  for (let i = 1; i < steps; i++) {
    edges.push(edge(id(i - 1), id(i), 'value', [`frame_${i - 1}`]));
    if (i % 5 === 0 && i >= 4)
      edges.push(edge(id(i - 4), id(i), 'value', [`model_${i - 4}`, `params_${i - 4}`, `scores_${i - 4}`, `extra_${i - 4}`]));
  }
  for (let i = 0; i < steps; i += 10) {
    const input = file(`data/part_${i / 10}.csv`, 'input', 1 + i);
    const output = file(`out/stage_${i + 9}.parquet`, 'output', 1 + i);
    nodes.push(input, output);
    edges.push(edge(input.id, id(i), 'reads'), edge(id(Math.min(i + 9, steps - 1)), output.id, 'writes'));
  }
  // Keys named as extract-config names them: paths under `data.`, hyperparameters under `model.`.
  for (let i = 0; i < steps; i += 3) {
    const key = i % 2 === 0 ? `data.input_path_${i}` : `model.gradient_boosting_regressor.learning_rate_${i}`;
    const p = param(key, i % 2 === 0 ? `"data/part_${i}.csv"` : String(i / 100), 1 + i);
    nodes.push(p);
    edges.push(edge(p.id, id(i), 'param'));
  }
  const seed = param('seed', '0', 1);
  nodes.push(seed);
  edges.push(edge(seed.id, id(3), 'param'), edge(seed.id, id(17), 'param'));
  return { path: 'examples/long_pipeline.py', kind: 'python', nodes, edges, error: null };
}
