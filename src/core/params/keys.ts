/**
 * How keys of the params file are named. The rule, also in the README:
 *
 * - hyperparameters of a class (estimator, optimiser, layer, search):
 *   `model.<class name in snake_case>.<parameter>` (RandomForestClassifier -> random_forest_classifier,
 *   SVC -> svc, MLPClassifier -> mlp_classifier); transformers go under `preprocessing.`;
 * - hyperparameters of a training call (`fit`, `compile`, `xgboost.train`): `train.<function>.<parameter>`;
 * - paths: `data.<file name>` with its extension (`../input/train.csv` -> `data.train_csv`,
 *   `models/` -> `data.models_dir` for a folder), else `data.<role>_path` (`_dir` when the literal is
 *   the start of a longer path), the role from the call: `input` (reads), `output` (writes), `model`
 *   (model files), `figure` (savefig);
 * - feature lists: `features`, or the name of the variable the list is assigned to;
 * - the seed: `seed`.
 *
 * The same key with a different value gets a numbered key (`svc_2`, `train_csv_2`): an existing
 * value is never replaced and two different values never merge. Numbers come last: a path's own
 * name is tried before its role.
 */

/** `RandomForestClassifier` -> `random_forest_classifier`, `MLPClassifier` -> `mlp_classifier`, `Conv2D` -> `conv2d`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** A key usable as written (`params["model"]`), derived from any text; `fallback` when nothing is left. */
export function keyName(text: string, fallback: string): string {
  const key = snakeCase(text);
  return key === '' ? fallback : /^[0-9]/.test(key) ? `_${key}` : key;
}

/** `base`, `base_2`, `base_3`, ... */
export function* numbered(base: string, limit = 100): Generator<string> {
  yield base;
  for (let n = 2; n <= limit; n++) yield `${base}_${n}`;
}

export type PathRole = 'input' | 'output' | 'model' | 'figure' | 'file';

const MODEL_EXTENSIONS = /\.(pkl|pickle|joblib|pt|pth|h5|hdf5|keras|onnx|ckpt|safetensors|model|bin|cbm|ubj)$/i;

/** What a path is for, from the call it is passed to and the file name. */
export function pathRole(kind: 'read' | 'write' | 'plot' | null, value: string): PathRole {
  if (MODEL_EXTENSIONS.test(value)) return 'model';
  if (kind === 'plot') return 'figure';
  if (kind === 'read') return 'input';
  if (kind === 'write') return 'output';
  return 'file';
}

/**
 * Keys a path gets from its own name, best first: the file name with its extension
 * (`../input/train.csv` -> `train_csv`), then with its folder (`input_train_csv`), to tell apart two
 * files of one name; a folder's name with `_dir` (`out/models/` -> `models_dir`). Empty when the
 * name gives nothing usable (`.`, `/`, `..`, a one-letter stem).
 */
export function pathNameKeys(path: string, isDirectory: boolean): string[] {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.' && p !== '..');
  const last = parts[parts.length - 1];
  if (!last) return [];
  const directory = isDirectory || /[\\/]$/.test(path) || !/\.[A-Za-z0-9]+$/.test(last);
  const stem = last.replace(/\.[A-Za-z0-9]+$/, '');
  if (snakeCase(stem).length < 2) return [];
  const key = (text: string): string => snakeCase(text.replace(/\./g, '_'));
  const own = directory ? `${key(last)}_dir` : key(last);
  const parent = parts[parts.length - 2];
  const keys = [own, ...(parent ? [`${key(parent)}_${own}`] : [])];
  return keys.filter((k) => /^[a-z_][a-z0-9_]*$/.test(k));
}
