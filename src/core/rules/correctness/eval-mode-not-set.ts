import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import type { Fix, RelatedLocation, TextEdit } from '../../types';
import type { ContextOf, Rule } from '../rule';
import {
  argumentFor,
  bodyStart,
  callSitesOf,
  eolOf,
  functionsByName,
  importsTorch,
  isMethod,
  loopsAround,
  parameterNames,
  scopeOf,
  trainingSteps,
  within,
} from './torch-training';

/**
 * MLH423: a module with dropout or batch norm used for inference (under `torch.no_grad()` /
 * `torch.inference_mode()`, or in a function decorated with them) while still in training mode, or
 * trained in a loop after `model.eval()` with no `model.train()` since.
 *
 * Whether a module has such layers is learnt from the file: the class (or a class it builds, or a
 * parent class) creates `nn.Dropout*`, `nn.BatchNorm*`, a transformer layer, an RNN with `dropout=`,
 * or reads `self.training`; an `nn.Sequential` holds one; or it is a torchvision / timm model. The
 * mode is followed through the scope in program order (loops go round: a mode set later in a loop
 * holds from its second iteration), into same-file helpers that set it, and up to the callers of a
 * function when its own body does not say.
 */

const MODE_LAYER =
  /^torch\.nn\.(modules\.\w+\.)?(Dropout([123]d)?|AlphaDropout|FeatureAlphaDropout|BatchNorm[123]d|LazyBatchNorm[123]d|SyncBatchNorm|Transformer|TransformerEncoder|TransformerDecoder|TransformerEncoderLayer|TransformerDecoderLayer)$/;
const DROPOUT_ARG = /^torch\.nn\.(LSTM|GRU|RNN|MultiheadAttention)$/;
const CONTAINERS = new Set(['torch.nn.Sequential', 'torch.nn.ModuleList', 'torch.nn.ModuleDict']);
const WRAPPERS = new Set(['torch.nn.DataParallel', 'torch.nn.parallel.DistributedDataParallel', 'copy.deepcopy']);
const SAME_MODULE = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'train', 'eval', 'requires_grad_', 'apply', 'share_memory']);
const NO_GRAD = new Set(['torch.no_grad', 'torch.inference_mode', 'torch.autograd.no_grad', 'torch.autograd.grad_mode.no_grad']);

type Mode = 'eval' | 'train';
type Need = Mode;

interface ModeEvent {
  at: number;
  end: number;
  kind: Mode | 'unknown';
  node: Node;
}

type Verdict = { ok: true } | { ok: false; cause: Node | null } | null; // null: unknown

const OK: Verdict = { ok: true };

/** The last segment of a layer's name, for messages: `torch.nn.Dropout` -> `nn.Dropout`. */
function layerName(qualified: string): string {
  return `nn.${qualified.split('.').pop()}`;
}

class ModeAnalysis {
  private readonly callByNode = new Map<number, CallSite>();
  private readonly classes = new Map<string, Node>();
  private readonly classReasons = new Map<string, string | null>();
  private readonly helperModes = new Map<number, Map<string, Mode | 'unknown'>>();
  private functions: Map<string, Node[]> | null = null;

  constructor(private readonly model: ScriptModel) {
    for (const call of model.calls) this.callByNode.set(call.node.id, call);
    for (const cls of nodesOfType(model, 'class_definition')) {
      const name = cls.childForFieldName('name')?.text;
      if (name && cls.parent?.type !== 'block') this.classes.set(name, cls);
      else if (name && !this.classes.has(name)) this.classes.set(name, cls);
    }
  }

  callOf(node: Node): CallSite | undefined {
    return this.callByNode.get(node.id);
  }

  // -- which modules have dropout or batch norm -----------------------------------------------

  /** Why a file class is mode-dependent (`nn.Dropout in Net`), or null. */
  classReason(name: string, seen = new Set<string>()): string | null {
    if (this.classReasons.has(name)) return this.classReasons.get(name)!;
    const cls = this.classes.get(name);
    if (!cls || seen.has(name)) return null;
    seen.add(name);
    let reason: string | null = null;
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base.type === 'identifier' && this.classes.has(base.text)) reason = this.classReason(base.text, seen);
      if (reason) break;
    }
    if (!reason) {
      for (const call of this.model.calls) {
        if (!within(call.node, cls)) continue;
        const layer = this.layerReason(call, seen);
        if (layer) {
          reason = `${layer} in ${name}`;
          break;
        }
      }
    }
    if (!reason) {
      const reads = nodesOfType(this.model, 'attribute').some((a) => within(a, cls) && a.text.replace(/\s+/g, '') === 'self.training');
      if (reads) reason = `${name} reads self.training`;
    }
    this.classReasons.set(name, reason);
    return reason;
  }

  /** A call that builds a mode-dependent layer or module, by itself. */
  private layerReason(call: CallSite, seen: Set<string>): string | null {
    const q = call.qualified;
    if (q && MODE_LAYER.test(q)) return layerName(q);
    if (q && DROPOUT_ARG.test(q)) {
      const dropout = call.keywords.get('dropout');
      if (dropout && !/^0*\.?0*$/.test(dropout.text)) return `${layerName(q)}(dropout=${dropout.text})`;
    }
    if (q === 'torch.nn.functional.dropout' && call.keywords.has('training')) return 'F.dropout(training=...)';
    if (q && (q.startsWith('torchvision.models.') || q === 'timm.create_model')) return q.replace(/^torchvision\./, '');
    if (call.callee.type === 'identifier' && this.classes.has(call.callee.text) && !q) return this.classReason(call.callee.text, seen);
    return null;
  }

  /** Why the module an expression holds is mode-dependent, or null when the file does not say it is. */
  sensitive(node: Node, depth = 0): string | null {
    if (depth > 6) return null;
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren[0];
      return inner ? this.sensitive(inner, depth + 1) : null;
    }
    if (node.type === 'identifier') {
      const found = this.model.bindings.lookup(node, node.text);
      if (!found) return null;
      for (const binding of found.bindings) {
        if (binding.value) {
          const reason = this.sensitive(binding.value, depth + 1);
          if (reason) return reason;
        } else if (binding.parameter && found.scope.type === 'function_definition' && !isMethod(found.scope)) {
          for (const site of callSitesOf(this.model, found.scope)) {
            const arg = argumentFor(site, found.scope, node.text);
            const reason = arg ? this.sensitive(arg, depth + 1) : null;
            if (reason) return reason;
          }
        }
      }
      return null;
    }
    if (node.type !== 'call') return null;
    const call = this.callOf(node);
    if (!call) return null;
    const layer = this.layerReason(call, new Set());
    if (layer) return layer;
    const q = call.qualified;
    if (q && CONTAINERS.has(q)) {
      for (const arg of call.positional) {
        const items = arg.type === 'list' || arg.type === 'tuple' ? arg.namedChildren : [arg];
        for (const item of items) {
          const reason = this.sensitive(item, depth + 1);
          if (reason) return reason;
        }
      }
      return null;
    }
    if (q && WRAPPERS.has(q)) return call.positional[0] ? this.sensitive(call.positional[0], depth + 1) : null;
    if (call.callee.type === 'attribute' && call.method && SAME_MODULE.has(call.method)) {
      const receiver = call.callee.childForFieldName('object');
      return receiver ? this.sensitive(receiver, depth + 1) : null;
    }
    return null;
  }

  /** Whether the optimizer written at `opt` was built over `name`'s parameters: its constructor's arguments mention it. */
  optimizerCovers(opt: Node, name: string, depth = 0): boolean {
    if (depth > 3 || opt.type !== 'identifier') return false;
    const found = this.model.bindings.lookup(opt, opt.text);
    if (!found) return false;
    const mention = new RegExp(`(^|[^\\w.])${name.replace(/\./g, '\\.')}\\b`);
    for (const binding of found.bindings) {
      if (binding.value?.type === 'call') {
        const args = binding.value.childForFieldName('arguments');
        if (args && mention.test(args.text)) return true;
      } else if (binding.parameter && found.scope.type === 'function_definition' && !isMethod(found.scope)) {
        const nameIsParameter = parameterNames(found.scope).includes(name);
        for (const site of callSitesOf(this.model, found.scope)) {
          const arg = argumentFor(site, found.scope, opt.text);
          const outer = nameIsParameter ? argumentFor(site, found.scope, name)?.text : name;
          if (arg && outer && this.optimizerCovers(arg, outer, depth + 1)) return true;
        }
      }
    }
    return false;
  }

  // -- the mode a module is in ------------------------------------------------------------------

  private allFunctions(): Map<string, Node[]> {
    return (this.functions ??= functionsByName(this.model));
  }

  /** The mode a call sets on `x` in `x.eval()` / `x.train(...)`; null for other calls. */
  private modeOfCall(call: CallSite): Mode | 'unknown' | null {
    if (call.method === 'eval' && call.positional.length === 0) return 'eval';
    if (call.method !== 'train') return null;
    const arg = call.positional[0] ?? call.keywords.get('mode');
    if (!arg || arg.type === 'true') return 'train';
    return arg.type === 'false' ? 'eval' : 'unknown';
  }

  /**
   * What a same-file function does to the mode of what it is given or of a global: parameter
   * position (`#0`) or global name -> the last mode its body sets.
   */
  private helperEffects(fn: Node): Map<string, Mode | 'unknown'> {
    const known = this.helperModes.get(fn.id);
    if (known) return known;
    const effects = new Map<string, Mode | 'unknown'>();
    this.helperModes.set(fn.id, effects);
    const params = parameterNames(fn);
    const locals = this.model.bindings.localNames(fn);
    for (const call of this.model.calls) {
      if (!within(call.node, fn) || scopeOf(call.node).id !== fn.id || call.callee.type !== 'attribute') continue;
      const mode = this.modeOfCall(call);
      const receiver = call.callee.childForFieldName('object');
      if (!mode || receiver?.type !== 'identifier') continue;
      const index = params.indexOf(receiver.text);
      if (index >= 0) effects.set(`#${index - (isMethod(fn) ? 1 : 0)}`, mode);
      else if (!locals.has(receiver.text)) effects.set(receiver.text, mode);
    }
    return effects;
  }

  private readonly eventCache = new Map<string, ModeEvent[]>();

  /** Every event in `scope` (its own code) that sets the mode of what `name` holds, in program order. */
  events(scope: Node, name: string): ModeEvent[] {
    const key = `${scope.id}:${name}`;
    const known = this.eventCache.get(key);
    if (known) return known;
    const out = this.collectEvents(scope, name);
    this.eventCache.set(key, out);
    return out;
  }

  private collectEvents(scope: Node, name: string): ModeEvent[] {
    const out: ModeEvent[] = [];
    for (const call of this.model.calls) {
      if (!within(call.node, scope) || scopeOf(call.node).id !== scope.id) continue;
      const event = (kind: ModeEvent['kind']): void => {
        out.push({ at: call.node.startIndex, end: call.node.endIndex, kind, node: call.node });
      };
      if (call.callee.type === 'attribute') {
        const receiver = call.callee.childForFieldName('object');
        const text = receiver?.text.replace(/\s+/g, '') ?? '';
        const mode = this.modeOfCall(call);
        if (mode && text === name) event(mode);
        else if (mode && text.startsWith(`${name}.`)) event('unknown'); // a part of it: model.backbone.eval()
        continue;
      }
      if (call.callee.type !== 'identifier') continue;
      const defs = this.allFunctions().get(call.callee.text);
      if (!defs || defs.length !== 1 || isMethod(defs[0]!)) continue;
      const fn = defs[0]!;
      const effects = this.helperEffects(fn);
      if (effects.size === 0) continue;
      const global = effects.get(name);
      if (global) {
        event(global);
        continue;
      }
      for (const [key, mode] of effects) {
        if (!key.startsWith('#')) continue;
        const param = parameterNames(fn)[Number(key.slice(1))];
        const arg = param ? argumentFor(call, fn, param) : null;
        if (arg && arg.text.replace(/\s+/g, '') === name) event(mode);
      }
    }
    // `model = Net().eval()`: the binding sets the mode; `model = Net()`: a fresh module, in training mode.
    for (const assignment of nodesOfType(this.model, 'assignment')) {
      if (!within(assignment, scope) || scopeOf(assignment).id !== scope.id) continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || !right || left.text.replace(/\s+/g, '') !== name) continue;
      let kind: ModeEvent['kind'] = 'unknown';
      for (let value: Node | null = right; value?.type === 'call';) {
        const call = this.callOf(value);
        const mode = call ? this.modeOfCall(call) : null;
        if (mode) {
          kind = mode;
          break;
        }
        if (call?.callee.type === 'attribute' && call.method && SAME_MODULE.has(call.method))
          value = call.callee.childForFieldName('object');
        else {
          if (call && this.sensitive(value)) kind = 'train';
          break;
        }
      }
      out.push({ at: assignment.startIndex, end: assignment.endIndex, kind, node: assignment });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /**
   * Whether `name` is in mode `need` when the code at `point` (in `scope`) runs. `inside`: events in
   * this region (a training loop) decide first.
   */
  verdict(scope: Node, name: string, point: Node, need: Need, depth = 0, inside: Node | null = null): Verdict {
    const events = this.events(scope, name);
    if (inside) {
      const own = events.filter((e) => e.at >= inside.startIndex && e.end <= inside.endIndex);
      if (own.some((e) => e.kind === need)) return OK;
      if (own.some((e) => e.kind === 'unknown')) return null;
      const other = own.find((e) => e.kind !== need);
      if (other) return conditional(other.node, inside) ? null : { ok: false, cause: other.node };
    }
    let wrap: ModeEvent | null = null;
    let searchBefore = point.startIndex;
    // A mode set under a condition (`if phase == "train": model.train() else: model.eval()`) proves nothing against it.
    const against = (event: ModeEvent): Verdict =>
      event.kind === 'unknown' || conditional(event.node, point) ? null : { ok: false, cause: event.node };
    const judge = (event: ModeEvent): Verdict => {
      if (event.kind !== need) return against(event);
      if (wrap && wrap.kind !== need) return against(wrap);
      return OK;
    };
    for (const loop of loopsAround(point)) {
      const before = events.filter((e) => e.at >= loop.startIndex && e.end <= searchBefore);
      if (before.length > 0) return judge(before[before.length - 1]!);
      // Nothing before it in this iteration: what the loop sets after it holds from the next one.
      const after = events.filter((e) => e.at >= point.endIndex && e.end <= loop.endIndex);
      if (!wrap && after.length > 0) wrap = after[after.length - 1]!;
      searchBefore = loop.startIndex;
    }
    const before = events.filter((e) => e.end <= searchBefore);
    if (before.length > 0) return judge(before[before.length - 1]!);
    if (wrap) return wrap.kind === need ? OK : against(wrap);
    // Nothing in this scope: a module is built in training mode; in a function, ask its callers.
    if (scope.type !== 'function_definition') return need === 'train' ? OK : { ok: false, cause: null };
    if (depth >= 3 || isMethod(scope)) return need === 'train' ? OK : null;
    const sites = callSitesOf(this.model, scope);
    if (sites.length === 0) return need === 'train' ? OK : null;
    const isParameter = parameterNames(scope).includes(name);
    let result: Verdict = OK;
    for (const site of sites) {
      let outer = name;
      if (isParameter) {
        const arg = argumentFor(site, scope, name);
        if (!arg || !/^[A-Za-z_][\w.]*$/.test(arg.text)) {
          result = need === 'train' ? result : null;
          continue;
        }
        outer = arg.text;
      }
      const verdict = this.verdict(scopeOf(site.node), outer, site.node, need, depth + 1);
      if (verdict && !verdict.ok) return verdict;
      if (!verdict) result = need === 'train' ? result : null;
    }
    return result;
  }
}

const CONDITIONAL = new Set(['if_statement', 'conditional_expression', 'boolean_operator', 'try_statement', 'match_statement']);

/** Whether `node` runs only under a condition that does not also hold `point`. */
function conditional(node: Node, point: Node): boolean {
  for (let p = node.parent; p && !within(point, p); p = p.parent) if (CONDITIONAL.has(p.type)) return true;
  return false;
}

/** The calls of a no-grad context: `with torch.no_grad():` (and inference_mode, set_grad_enabled(False)). */
function isNoGradCall(call: CallSite | undefined): boolean {
  if (!call?.qualified) return false;
  if (NO_GRAD.has(call.qualified)) return call.positional[0]?.type !== 'false' && call.keywords.get('mode')?.type !== 'false';
  return call.qualified === 'torch.set_grad_enabled' && call.positional[0]?.type === 'false';
}

interface InferenceRegion {
  /** The with statement or the decorated function. */
  node: Node;
  /** Where the calls are. */
  body: Node;
  kind: 'with' | 'decorator';
  what: string;
}

function inferenceRegions(model: ScriptModel, analysis: ModeAnalysis): InferenceRegion[] {
  const regions: InferenceRegion[] = [];
  for (const statement of nodesOfType(model, 'with_statement')) {
    const clause = statement.namedChildren.find((c) => c.type === 'with_clause');
    const body = statement.childForFieldName('body');
    if (!clause || !body) continue;
    for (const item of clause.namedChildren) {
      const value = item.childForFieldName('value') ?? item.namedChildren[0];
      const call = value?.type === 'call' ? analysis.callOf(value) : undefined;
      if (isNoGradCall(call)) {
        regions.push({ node: statement, body, kind: 'with', what: `with ${value!.text.replace(/\s+/g, '')}` });
        break;
      }
    }
  }
  for (const decorated of nodesOfType(model, 'decorated_definition')) {
    const fn = decorated.childForFieldName('definition');
    const body = fn?.childForFieldName('body');
    if (fn?.type !== 'function_definition' || !body) continue;
    for (const decorator of decorated.namedChildren.filter((c) => c.type === 'decorator')) {
      const expr = decorator.namedChildren[0];
      const call = expr?.type === 'call' ? analysis.callOf(expr) : undefined;
      const qualified = call?.qualified ?? (expr ? model.importMap.get(expr.text.split('.')[0]!) : undefined);
      const bare = expr && expr.type === 'attribute' && qualified ? `${qualified}${expr.text.slice(expr.text.indexOf('.'))}` : null;
      if (isNoGradCall(call) || (bare && NO_GRAD.has(bare))) {
        regions.push({ node: fn, body, kind: 'decorator', what: decorator.text.replace(/\s+/g, '') });
        break;
      }
    }
  }
  return regions;
}

function insertLine(line: number, text: string): TextEdit {
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: text };
}

/** `model.eval()` before the with statement; `model.train()` after it too when the block sits in a loop that trains. */
function evalFix(model: ScriptModel, region: InferenceRegion, name: string): Fix | null {
  if (region.kind !== 'with') return null;
  const row = region.node.startPosition.row;
  const indent = (model.lines[row] ?? '').slice(0, region.node.startPosition.column);
  if (indent.trim() !== '') return null;
  const eol = eolOf(model);
  const edits = [insertLine(row, `${indent}${name}.eval()${eol}`)];
  const trains = loopsAround(region.node).some((loop) => trainingSteps(model).some((s) => within(s.loop, loop)));
  if (trains) {
    const end = region.node.endPosition.row + 1;
    if (end < model.lines.length) edits.push(insertLine(end, `${indent}${name}.train()${eol}`));
    else {
      const at = nodeRange(region.node).end;
      edits.push({ range: { start: at, end: at }, newText: `${eol}${indent}${name}.train()` });
    }
  }
  return {
    title: trains ? `Call ${name}.eval() before the block and ${name}.train() after it` : `Call ${name}.eval() before the block`,
    applicability: 'unsafe',
    edits,
  };
}

export const evalModeNotSet: Rule = {
  code: 'MLH423',
  name: 'eval-mode-not-set',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary:
    'A module with dropout or batch norm runs inference without `model.eval()`, or trains after `model.eval()` without `model.train()`.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH423'>) {
    const { model } = ctx;
    if (!importsTorch(model)) return;
    const analysis = new ModeAnalysis(model);
    const steps = trainingSteps(model);
    const trainingLoops = [...new Map(steps.map((s) => [s.loop.id, s.loop])).values()];

    // Inference in training mode.
    for (const region of inferenceRegions(model, analysis)) {
      if (trainingLoops.some((loop) => within(region.node, loop))) continue; // no_grad inside a training step (EMA, GAN samples)
      const seen = new Set<string>();
      for (const call of model.calls) {
        if (!within(call.node, region.body) || call.callee.type !== 'identifier') continue;
        const name = call.callee.text;
        if (seen.has(name)) continue;
        seen.add(name);
        const reason = analysis.sensitive(call.callee);
        if (!reason) continue;
        const scope = scopeOf(call.node);
        const verdict = analysis.verdict(scope, name, call.node, 'eval');
        if (!verdict || verdict.ok) continue;
        const related: RelatedLocation[] = verdict.cause
          ? [
              {
                range: nodeRange(verdict.cause),
                message:
                  verdict.cause.type === 'assignment'
                    ? 'the module is built here, in training mode'
                    : 'the module is put in training mode here',
              },
            ]
          : [];
        ctx.report({
          range: nodeRange(call.node),
          message: `${name} runs inference (${region.what}) in training mode: its dropout or batch norm (${reason}) still behaves as in training, so predictions are noisy or depend on the batch. Call ${name}.eval() first (and ${name}.train() when training resumes).`,
          related,
          data: { model: name, need: 'eval', reason },
          fix: evalFix(model, region, name),
          call: nodeRange(call.node),
        });
      }
    }

    // Training in evaluation mode.
    for (const loop of trainingLoops) {
      const seen = new Set<string>();
      for (const call of model.calls) {
        if (!within(call.node, loop) || call.callee.type !== 'identifier' || scopeOf(call.node).id !== scopeOf(loop).id) continue;
        const name = call.callee.text;
        if (seen.has(name)) continue;
        seen.add(name);
        if (!steps.some((s) => s.loop.id === loop.id && analysis.optimizerCovers(s.optimizer, name))) continue; // it is not what is trained
        const reason = analysis.sensitive(call.callee);
        if (!reason) continue;
        const verdict = analysis.verdict(scopeOf(loop), name, loop, 'train', 0, loop);
        if (!verdict || verdict.ok || !verdict.cause) continue;
        const start = bodyStart(model, loop.childForFieldName('body'));
        const fix: Fix | null = start
          ? {
              title: `Call ${name}.train() at the start of each iteration`,
              applicability: 'unsafe',
              edits: [insertLine(start.line, `${start.indent}${name}.train()${eolOf(model)}`)],
            }
          : null;
        ctx.report({
          range: nodeRange(call.node),
          message: `${name} is trained (backward and step in this loop) after ${name}.eval() with no ${name}.train() since: its dropout is off and batch norm uses frozen statistics (${reason}). Call ${name}.train() at the start of each training iteration or epoch.`,
          related: [{ range: nodeRange(verdict.cause), message: 'the module is put in evaluation mode here' }],
          data: { model: name, need: 'train', reason },
          fix,
          call: nodeRange(call.node),
        });
      }
    }
  },
};
