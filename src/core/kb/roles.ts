import { memoKey, remember } from '../memo';
import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import type { CallSite, ScriptModel } from '../semantic';
import { canonical } from '../semantic/imports';

/**
 * What kind of object an expression holds, as far as the file tells: learnt from what names are
 * assigned from (`pd.read_csv(...)`, `torch.optim.Adam(...)`, an instance of a class that
 * subclasses `nn.Module`), what methods return (`df.dropna()` is a DataFrame), and, for a function's
 * parameters, what the same file passes to it. Never from a variable's name: `df` is not a
 * DataFrame because it is called `df`. Flow-insensitive within a scope: a name bound several times
 * has a role only when every binding whose role is known agrees.
 */
export type Role =
  'dataframe' | 'series' | 'ndarray' | 'torch-module' | 'torch-optimizer' | 'tensor' | 'dataloader' | 'tf-tensor' | 'keras-model';

export interface Roles {
  /** The role of an expression; null when the file does not tell. */
  of(node: Node): Role | null;
}

// ---------------------------------------------------------------------------------------------
// The tables: what calls return, by qualified name and by method of a receiver with a role.

const CALL_RESULTS = new Map<string, Role>([
  ...[
    'pandas.DataFrame',
    'pandas.concat',
    'pandas.merge',
    'pandas.merge_asof',
    'pandas.merge_ordered',
    'pandas.get_dummies',
    'pandas.pivot_table',
    'pandas.crosstab',
    'pandas.json_normalize',
    'pandas.melt',
    'pandas.io.json.json_normalize',
  ].map((q): [string, Role] => [q, 'dataframe']),
  ['pandas.Series', 'series'],
  ...[
    'numpy.array',
    'numpy.asarray',
    'numpy.zeros',
    'numpy.ones',
    'numpy.empty',
    'numpy.full',
    'numpy.zeros_like',
    'numpy.ones_like',
    'numpy.arange',
    'numpy.linspace',
    'numpy.loadtxt',
    'numpy.genfromtxt',
    'numpy.concatenate',
    'numpy.vstack',
    'numpy.hstack',
    'numpy.column_stack',
    'numpy.stack',
    'numpy.random.rand',
    'numpy.random.randn',
  ].map((q): [string, Role] => [q, 'ndarray']),
  ...[
    'torch.tensor',
    'torch.Tensor',
    'torch.as_tensor',
    'torch.from_numpy',
    'torch.zeros',
    'torch.ones',
    'torch.empty',
    'torch.full',
    'torch.zeros_like',
    'torch.ones_like',
    'torch.empty_like',
    'torch.full_like',
    'torch.rand_like',
    'torch.randn_like',
    'torch.arange',
    'torch.linspace',
    'torch.rand',
    'torch.randn',
    'torch.randint',
    'torch.randperm',
    'torch.cat',
    'torch.stack',
    'torch.matmul',
    'torch.mm',
    'torch.bmm',
    'torch.sigmoid',
    'torch.tanh',
    'torch.softmax',
    'torch.exp',
    'torch.log',
    'torch.flatten',
    'torch.nn.functional.relu',
    'torch.nn.functional.softmax',
    'torch.nn.functional.log_softmax',
    'torch.nn.functional.cross_entropy',
    'torch.nn.functional.nll_loss',
    'torch.nn.functional.mse_loss',
  ].map((q): [string, Role] => [q, 'tensor']),
  ['torch.utils.data.DataLoader', 'dataloader'],
  ['torch.utils.data.dataloader.DataLoader', 'dataloader'],
  ...[
    'tensorflow.constant',
    'tensorflow.Variable',
    'tensorflow.convert_to_tensor',
    'tensorflow.zeros',
    'tensorflow.ones',
    'tensorflow.fill',
    'tensorflow.concat',
    'tensorflow.stack',
    'tensorflow.reshape',
    'tensorflow.matmul',
  ].map((q): [string, Role] => [q, 'tf-tensor']),
  ...[
    'tensorflow.keras.Sequential',
    'tensorflow.keras.Model',
    'tensorflow.keras.models.Sequential',
    'tensorflow.keras.models.Model',
    'tensorflow.keras.models.load_model',
    'keras.Sequential',
    'keras.Model',
    'keras.models.Sequential',
    'keras.models.Model',
    'keras.models.load_model',
  ].map((q): [string, Role] => [q, 'keras-model']),
]);

/** pandas readers that return one DataFrame (not `read_html`, which returns a list, nor `read_clipboard`). */
const PANDAS_READERS = /^pandas\.read_(?!html$|clipboard$)\w+$/;

/** The role of a call of a qualified callee, from the tables and the naming conventions of torch's packages. */
function roleOfQualified(qualified: string): Role | null {
  const exact = CALL_RESULTS.get(qualified);
  if (exact) return exact;
  if (PANDAS_READERS.test(qualified)) return 'dataframe';
  const last = qualified.split('.').pop() ?? '';
  const isClass = /^[A-Z]/.test(last);
  if (qualified.startsWith('torch.optim.') && isClass && !qualified.startsWith('torch.optim.lr_scheduler.')) return 'torch-optimizer';
  if (
    qualified.startsWith('torch.nn.') &&
    isClass &&
    !/^torch\.nn\.(Parameter|ParameterList|ParameterDict|functional|init|utils)\b/.test(qualified)
  )
    return 'torch-module';
  if (qualified.startsWith('torchvision.models.') && !qualified.includes('.detection.transform')) return 'torch-module';
  if (qualified === 'timm.create_model') return 'torch-module';
  if (/^transformers\.\w*(Model|For\w+)\w*\.from_pretrained$/.test(qualified)) return 'torch-module';
  if (qualified.startsWith('tensorflow.random.') && !isClass && !qualified.endsWith('set_seed')) return 'tf-tensor';
  return null;
}

/** Classes a torch module class derives from. */
const MODULE_BASES = new Set([
  'torch.nn.Module',
  'torch.nn.modules.module.Module',
  'pytorch_lightning.LightningModule',
  'lightning.LightningModule',
  'lightning.pytorch.LightningModule',
]);
const KERAS_BASES = new Set(['tensorflow.keras.Model', 'tensorflow.keras.models.Model', 'keras.Model', 'keras.models.Model']);

const DATAFRAME_TO_DATAFRAME = [
  'copy',
  'dropna',
  'fillna',
  'drop',
  'drop_duplicates',
  'rename',
  'sort_values',
  'sort_index',
  'reset_index',
  'set_index',
  'astype',
  'replace',
  'merge',
  'join',
  'head',
  'tail',
  'sample',
  'query',
  'assign',
  'filter',
  'select_dtypes',
  'interpolate',
  'ffill',
  'bfill',
  'pivot',
  'pivot_table',
  'melt',
  'append',
  'combine_first',
  'reindex',
  'round',
  'abs',
  'clip',
  'where',
  'mask',
  'transpose',
  'nlargest',
  'nsmallest',
  'explode',
  'convert_dtypes',
  'infer_objects',
  'isna',
  'isnull',
  'notna',
  'notnull',
  'describe',
  'corr',
  'cov',
];
const SERIES_TO_SERIES = [
  'copy',
  'dropna',
  'fillna',
  'astype',
  'replace',
  'map',
  'apply',
  'rename',
  'sort_values',
  'sort_index',
  'head',
  'tail',
  'sample',
  'where',
  'mask',
  'clip',
  'round',
  'abs',
  'isna',
  'isnull',
  'notna',
  'notnull',
  'value_counts',
  'cumsum',
  'shift',
  'diff',
  'interpolate',
  'ffill',
  'bfill',
  'isin',
  'between',
];
const TENSOR_TO_TENSOR = [
  'to',
  'cuda',
  'cpu',
  'float',
  'double',
  'long',
  'int',
  'half',
  'bool',
  'view',
  'view_as',
  'reshape',
  'squeeze',
  'unsqueeze',
  'permute',
  'transpose',
  'contiguous',
  'detach',
  'clone',
  'flatten',
  'type',
  'sum',
  'mean',
  'argmax',
  'softmax',
  'log_softmax',
  'sigmoid',
  'expand',
  'repeat',
];
const MODULE_TO_MODULE = ['to', 'cuda', 'cpu', 'float', 'double', 'half', 'train', 'eval', 'requires_grad_', 'apply'];
const NDARRAY_TO_NDARRAY = ['reshape', 'astype', 'copy', 'flatten', 'ravel', 'transpose', 'squeeze', 'clip', 'round'];

const METHOD_RESULTS: Partial<Record<Role, ReadonlyMap<string, Role>>> = {
  dataframe: new Map<string, Role>([
    ...DATAFRAME_TO_DATAFRAME.map((m): [string, Role] => [m, 'dataframe']),
    ['to_numpy', 'ndarray'],
    ['to_records', 'ndarray'],
  ]),
  series: new Map<string, Role>([
    ...SERIES_TO_SERIES.map((m): [string, Role] => [m, 'series']),
    ['to_numpy', 'ndarray'],
    ['unique', 'ndarray'],
  ]),
  ndarray: new Map<string, Role>(NDARRAY_TO_NDARRAY.map((m): [string, Role] => [m, 'ndarray'])),
  tensor: new Map<string, Role>([...TENSOR_TO_TENSOR.map((m): [string, Role] => [m, 'tensor']), ['numpy', 'ndarray']]),
  'torch-module': new Map<string, Role>(MODULE_TO_MODULE.map((m): [string, Role] => [m, 'torch-module'])),
  'tf-tensor': new Map<string, Role>([['numpy', 'ndarray']]),
};

/** Attributes of a DataFrame or Series that are not columns. */
const FRAME_PROPERTIES = new Set([
  'shape',
  'columns',
  'index',
  'dtypes',
  'dtype',
  'size',
  'ndim',
  'empty',
  'str',
  'dt',
  'cat',
  'plot',
  'name',
  'axes',
  'attrs',
  'flags',
  'style',
  'at',
  'iat',
  'loc',
  'iloc',
  'ix',
  'sparse',
  'array',
  'hasnans',
  'is_unique',
  'nbytes',
]);

/** When two operands of an arithmetic or comparison have roles, the result's: the first of this list present. */
const OPERAND_PRECEDENCE: readonly Role[] = ['tensor', 'tf-tensor', 'dataframe', 'series', 'ndarray'];
const ARRAY_LIKE = new Set<Role>(OPERAND_PRECEDENCE);

// ---------------------------------------------------------------------------------------------

const UNKNOWN = Symbol('in progress');

class RoleIndex implements Roles {
  private readonly exprs = new Map<number, Role | null>();
  private readonly names = new Map<string, Role | null | typeof UNKNOWN>();
  private callsByNode: Map<number, CallSite> | null = null;
  private moduleClasses: Map<string, Role | null> | null = null;

  constructor(private readonly model: ScriptModel) {}

  of(node: Node): Role | null {
    const known = this.exprs.get(node.id);
    if (known !== undefined) return known;
    const role = this.compute(node);
    this.exprs.set(node.id, role);
    return role;
  }

  /** The role of `name` as read at `at`. */
  private ofName(at: Node, name: string): Role | null {
    const found = this.model.bindings.lookup(at, name);
    if (!found) return null;
    const key = `${found.scope.id}:${name}`;
    const known = this.names.get(key);
    if (known === UNKNOWN) return null; // a cycle: `x = f(x)`
    if (known !== undefined) return known;
    this.names.set(key, UNKNOWN);
    const roles = new Set<Role>();
    for (const binding of found.bindings) {
      const role = binding.parameter ? this.parameterRole(found.scope, name) : binding.value ? this.of(binding.value) : null;
      if (role) roles.add(role);
    }
    const role = roles.size === 1 ? [...roles][0]! : null;
    this.names.set(key, role);
    return role;
  }

  private compute(node: Node): Role | null {
    switch (node.type) {
      case 'identifier':
        return this.ofName(node, node.text);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.of(inner) : null;
      }
      case 'call':
        return this.callRole(node);
      case 'subscript':
        return this.subscriptRole(node);
      case 'attribute':
        return this.attributeRole(node);
      case 'binary_operator':
      case 'comparison_operator': {
        const roles = node.namedChildren.map((c) => this.of(c));
        return OPERAND_PRECEDENCE.find((r) => roles.includes(r)) ?? null;
      }
      case 'unary_operator':
      case 'not_operator': {
        const operand = node.namedChildren[0];
        const role = operand ? this.of(operand) : null;
        return role && ARRAY_LIKE.has(role) ? role : null;
      }
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren;
        const ra = a ? this.of(a) : null;
        return ra && b && this.of(b) === ra ? ra : null;
      }
      default:
        return null;
    }
  }

  private callOf(node: Node): CallSite | undefined {
    if (!this.callsByNode) {
      this.callsByNode = new Map();
      for (const call of this.model.calls) this.callsByNode.set(call.node.id, call);
    }
    return this.callsByNode.get(node.id);
  }

  private callRole(node: Node): Role | null {
    const callee = node.childForFieldName('function');
    if (!callee) return null;
    const qualified = this.callOf(node)?.qualified ?? null;
    if (qualified) {
      const role = roleOfQualified(qualified);
      if (role) return role;
    }
    if (callee.type === 'identifier') {
      const local = this.classRole(callee.text);
      if (local && this.model.bindings.lookup(node, callee.text)?.scope.type === 'module') return local;
    }
    if (callee.type === 'attribute') {
      const receiver = callee.childForFieldName('object');
      const method = callee.childForFieldName('attribute')?.text;
      const role = receiver ? this.of(receiver) : null;
      if (role && method) {
        const result = METHOD_RESULTS[role]?.get(method);
        if (result) return result;
      }
      if (method === 'to_numpy' && role !== 'tensor') return role === 'dataframe' || role === 'series' ? 'ndarray' : null;
      return null;
    }
    // Calling a module runs its forward pass: a tensor (a Keras model: a TF tensor).
    const called = this.of(callee);
    if (called === 'torch-module') return 'tensor';
    if (called === 'keras-model') return 'tf-tensor';
    return null;
  }

  private subscriptRole(node: Node): Role | null {
    const value = node.childForFieldName('value');
    if (!value) return null;
    const indices = node.childrenForFieldName('subscript');
    // df.loc[rows, cols] / df.iloc[...]
    if (value.type === 'attribute') {
      const attr = value.childForFieldName('attribute')?.text;
      const object = value.childForFieldName('object');
      if ((attr === 'loc' || attr === 'iloc') && object) {
        const role = this.of(object);
        if (role !== 'dataframe') return role === 'series' && indices.length === 1 && this.selectsRows(indices[0]!) ? 'series' : null;
        if (indices.length === 1) return this.selectsRows(indices[0]!) ? 'dataframe' : null;
        const cols = indices[1]!;
        if (cols.type === 'string') return 'series';
        if (cols.type === 'list' || cols.type === 'slice') return 'dataframe';
        return null;
      }
    }
    const role = this.of(value);
    if (role === 'tensor' || role === 'tf-tensor' || role === 'ndarray')
      return indices.length > 0 && indices.every((i) => i.type === 'integer') ? null : role;
    if (role !== 'dataframe' && role !== 'series') return null;
    if (indices.length !== 1) return null;
    const index = indices[0]!;
    if (role === 'dataframe') {
      if (index.type === 'string') return 'series';
      if (index.type === 'list') return 'dataframe';
    }
    return this.selectsRows(index) ? role : null;
  }

  /** A row selection: a slice, a boolean mask (comparison, `&`/`|`/`~`, `isin`), a list of labels. */
  private selectsRows(index: Node): boolean {
    if (index.type === 'slice' || index.type === 'list' || index.type === 'comparison_operator') return true;
    if (index.type === 'parenthesized_expression') return index.namedChildren.some((c) => this.selectsRows(c));
    if (index.type === 'binary_operator') return ['&', '|', '^'].includes(index.childForFieldName('operator')?.text ?? '');
    if (index.type === 'unary_operator') return index.text.trimStart().startsWith('~');
    const role = this.of(index);
    return role === 'series' || role === 'ndarray';
  }

  private attributeRole(node: Node): Role | null {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return null;
    const role = this.of(object);
    // `.values` of anything not known to be something else is pandas' (dict.values is a call).
    if (attr === 'values') return role === null || role === 'dataframe' || role === 'series' ? 'ndarray' : null;
    if (role === 'dataframe') {
      if (attr === 'T') return 'dataframe';
      if (FRAME_PROPERTIES.has(attr) || METHOD_RESULTS.dataframe?.has(attr)) return null;
      return this.isCallee(node) ? null : 'series'; // df.Age: a column
    }
    if (role === 'tensor' && (attr === 'T' || attr === 'data' || attr === 'grad')) return 'tensor';
    if (role === 'ndarray' && attr === 'T') return 'ndarray';
    return null;
  }

  private isCallee(node: Node): boolean {
    const parent = node.parent;
    return parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id;
  }

  /** A parameter's role: what every call of its function in this file passes (or its default). */
  private parameterRole(fn: Node, name: string): Role | null {
    if (fn.type !== 'function_definition') return null;
    const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    if (holder.parent?.parent?.type === 'class_definition') return null; // a method: `self` and callers elsewhere
    const fnName = fn.childForFieldName('name')?.text;
    const params = fn.childForFieldName('parameters');
    if (!fnName || !params) return null;
    let position = -1;
    let index = 0;
    let defaultValue: Node | null = null;
    for (const param of params.namedChildren) {
      if (param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern' || param.type === 'keyword_separator') {
        index = -Infinity; // keyword-only after this
        continue;
      }
      const paramName =
        param.type === 'identifier'
          ? param.text
          : (param.childForFieldName('name')?.text ?? kids(param).find((c) => c.type === 'identifier')?.text);
      if (paramName === name) {
        position = index;
        defaultValue = param.childForFieldName('value');
        break;
      }
      index++;
    }
    const roles = new Set<Role>();
    let sites = 0;
    for (const call of this.model.calls) {
      if (call.callee.type !== 'identifier' || call.callee.text !== fnName) continue;
      const target = this.model.bindings.lookup(call.node, fnName);
      if (!target || !target.bindings.some((b) => !b.parameter && b.value === null) || target.scope.id !== this.scopeOf(fn)?.id) continue;
      if (call.hasSplat) return null;
      sites++;
      const arg = call.keywords.get(name) ?? (position >= 0 ? call.positional[position] : undefined) ?? defaultValue;
      const role = arg ? this.of(arg) : null;
      if (role) roles.add(role);
    }
    if (sites === 0 && defaultValue) {
      const role = this.of(defaultValue);
      if (role) roles.add(role);
    }
    return roles.size === 1 ? [...roles][0]! : null;
  }

  private scopeOf(node: Node): Node | null {
    for (let parent = node.parent; parent; parent = parent.parent) {
      if (
        parent.type === 'module' ||
        parent.type === 'function_definition' ||
        parent.type === 'class_definition' ||
        parent.type === 'lambda'
      )
        return parent;
    }
    return null;
  }

  /** The role of instances of a top-level class: a torch module or a Keras model, by its bases (transitively). */
  private classRole(name: string): Role | null {
    if (!this.moduleClasses) {
      this.moduleClasses = new Map();
      const pending = new Map<string, readonly Node[]>();
      for (const [className, statement] of this.model.definitions) {
        const node = statement.node.type === 'decorated_definition' ? statement.node.childForFieldName('definition') : statement.node;
        if (node?.type !== 'class_definition') continue;
        pending.set(className, node.childForFieldName('superclasses')?.namedChildren ?? []);
      }
      const resolve = (className: string, seen: Set<string>): Role | null => {
        if (this.moduleClasses!.has(className)) return this.moduleClasses!.get(className)!;
        const bases = pending.get(className);
        if (!bases || seen.has(className)) return null;
        seen.add(className);
        let role: Role | null = null;
        for (const base of bases) {
          if (base.type === 'keyword_argument') continue;
          const qualified = this.qualifiedOf(base);
          if (qualified && (MODULE_BASES.has(qualified) || roleOfQualified(qualified) === 'torch-module')) role = 'torch-module';
          else if (qualified && KERAS_BASES.has(qualified)) role = 'keras-model';
          else if (base.type === 'identifier' && pending.has(base.text)) role = resolve(base.text, seen);
          if (role) break;
        }
        this.moduleClasses!.set(className, role);
        return role;
      };
      for (const className of pending.keys()) resolve(className, new Set());
    }
    return this.moduleClasses.get(name) ?? null;
  }

  private qualifiedOf(node: Node): string | null {
    if (node.type === 'identifier') return this.model.importMap.get(node.text) ?? null;
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      const base = object ? this.qualifiedOf(object) : null;
      return base && attr ? canonical(`${base}.${attr.text}`) : null;
    }
    return null;
  }
}

const ROLES = memoKey<Roles>('roles');

/** The roles of the model's expressions, computed on demand and kept as long as the model. */
export function rolesOf(model: ScriptModel): Roles {
  return remember(model.memo, ROLES, () => new RoleIndex(model));
}
