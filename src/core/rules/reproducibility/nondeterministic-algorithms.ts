import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType, stringValue } from '../../semantic';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH302 (opinion, off by default): a PyTorch training script (it calls `.backward()` and steps an
 * optimizer) that can run on a GPU and never asks for deterministic algorithms: no `torch.use_deterministic_algorithms(True)`
 * and no `torch.backends.cudnn.deterministic = True` (with `benchmark` left off). Seeding alone does not
 * make GPU runs repeatable: some CUDA kernels (atomic adds in `index_add`, `scatter_add`, the backward
 * of `embedding` and of some convolutions) and the cuDNN algorithm chosen by benchmarking differ run to run.
 * One finding per file, on the first `.backward()` or optimizer construction.
 */

/** Calls that switch deterministic algorithms on (given anything but a literal False). */
const DETERMINISTIC_CALLS = new Set(['torch.use_deterministic_algorithms', 'torch.set_deterministic']);

function isFalse(node: Node | undefined): boolean {
  return node?.type === 'false' || (node?.type === 'integer' && Number(node.text) === 0);
}

/** `cudnn.deterministic` -> `torch.backends.cudnn.deterministic` through the imports. */
function qualifiedTarget(model: ScriptModel, node: Node): string | null {
  if (node.type === 'identifier') return model.importMap.get(node.text) ?? null;
  if (node.type !== 'attribute') return null;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const base = object ? qualifiedTarget(model, object) : null;
  return base && attribute ? `${base}.${attribute.text}` : null;
}

interface CudnnSettings {
  deterministic: boolean;
  benchmark: Node | null;
}

/** `torch.backends.cudnn.deterministic = True` and `... .benchmark = True`, anywhere in the file. */
function cudnnSettings(model: ScriptModel): CudnnSettings {
  const settings: CudnnSettings = { deterministic: false, benchmark: null };
  for (const assignment of nodesOfType(model, 'assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'attribute' || !right) continue;
    const target = qualifiedTarget(model, left);
    if (target === 'torch.backends.cudnn.deterministic' && !isFalse(right)) settings.deterministic = true;
    if (target === 'torch.backends.cudnn.benchmark' && right.type === 'true') settings.benchmark ??= left;
  }
  return settings;
}

function asksForDeterminism(model: ScriptModel): boolean {
  return model.calls.some((call) => {
    const qualified = call.qualified ?? '';
    if (DETERMINISTIC_CALLS.has(qualified)) return !isFalse(call.positional[0] ?? call.keywords.get('mode') ?? call.keywords.get('d'));
    // Lightning: Trainer(deterministic=True) sets both for the run.
    if (/^(pytorch_)?lightning(\.pytorch)?\.Trainer$/.test(qualified)) {
      const value = call.keywords.get('deterministic');
      return value !== undefined && !isFalse(value) && value.type !== 'none';
    }
    return false;
  });
}

/**
 * The script can run on a GPU: `.cuda()`, `torch.cuda.*` (`is_available()`), `torch.accelerator.*`, `torch.device("cuda")`,
 * `.to("cuda")`, or cuDNN settings. PyTorch's CPU kernels are deterministic but for a handful of
 * operations, so a CPU-only script gains nothing from the switch.
 */
function usesGpu(model: ScriptModel): boolean {
  for (const call of model.calls) {
    const qualified = call.qualified ?? '';
    if (
      call.method === 'cuda' ||
      qualified.startsWith('torch.cuda.') ||
      qualified.startsWith('torch.accelerator.') ||
      qualified.startsWith('torch.backends.cudnn.')
    )
      return true;
  }
  for (const string of nodesOfType(model, 'string')) {
    const text = stringValue(string);
    if (text !== null && /^cuda(:\d+)?$/.test(text)) return true;
  }
  return nodesOfType(model, 'attribute').some(
    (a) =>
      /^(torch\.backends\.)?cudnn$/.test(a.childForFieldName('object')?.text ?? '') &&
      qualifiedTarget(model, a)?.startsWith('torch.backends.cudnn.') === true,
  );
}

/** `torch.optim.Adam(...)` and friends (not the learning-rate schedulers). */
function isOptimizerConstruction(call: CallSite): boolean {
  const q = call.qualified ?? '';
  return q.startsWith('torch.optim.') && !q.startsWith('torch.optim.lr_scheduler.') && /^[A-Z]/.test(q.slice(q.lastIndexOf('.') + 1));
}

export const nondeterministicAlgorithms: Rule = {
  code: 'MLH302',
  name: 'nondeterministic-algorithms',
  family: 'reproducibility',
  defaultSeverity: 'info',
  status: 'preview',
  summary:
    'A PyTorch training script never calls torch.use_deterministic_algorithms(True) nor sets cudnn.deterministic, so GPU runs can differ even when seeded.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH302'>) {
    const { model } = ctx;
    if (![...model.importMap.values()].some((q) => q === 'torch' || q.startsWith('torch.'))) return;
    const backward = model.calls.filter((c) => c.method === 'backward');
    if (backward.length === 0) return;
    const optimizers = model.calls.filter(isOptimizerConstruction);
    const roles = rolesOf(model);
    const steps = model.calls.filter((c) => {
      if (c.method !== 'step') return false;
      if (optimizers.length > 0) return true;
      // `optimizer.step()`, or `scaler.step(optimizer)` with automatic mixed precision
      const receiver = c.callee.childForFieldName('object');
      return (
        (receiver !== null && roles.of(receiver) === 'torch-optimizer') ||
        (c.positional[0] !== undefined && roles.of(c.positional[0]) === 'torch-optimizer')
      );
    });
    if (steps.length === 0 || asksForDeterminism(model) || !usesGpu(model)) return;
    const cudnn = cudnnSettings(model);
    if (cudnn.deterministic && cudnn.benchmark === null) return;
    const first = [...backward, ...optimizers].sort((a, b) => a.node.startIndex - b.node.startIndex)[0]!;
    const anchor = isOptimizerConstruction(first) ? 'optimizer' : 'backward';
    const what =
      cudnn.deterministic && cudnn.benchmark
        ? 'sets torch.backends.cudnn.deterministic = True but also benchmark = True, which picks cuDNN algorithms by timing'
        : 'never calls torch.use_deterministic_algorithms(True) nor sets torch.backends.cudnn.deterministic = True';
    ctx.report({
      range: nodeRange(anchor === 'optimizer' ? first.callee : first.node),
      message: `This script trains a PyTorch model and ${what}: some CUDA kernels (atomic adds in scatter/index operations, some convolution backward passes) give different results on every run even with torch.manual_seed. Call torch.use_deterministic_algorithms(True) and set torch.backends.cudnn.benchmark = False where runs must be repeatable.`,
      data: { anchor, benchmark: cudnn.benchmark !== null },
      related: cudnn.benchmark ? [{ range: nodeRange(cudnn.benchmark), message: 'benchmark = True' }] : [],
      call: nodeRange(first.node),
    });
  },
};
