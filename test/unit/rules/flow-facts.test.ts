import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { classifyModel } from '../../../src/core/kb/classify';
import { parseToSyntax } from '../../../src/core/parse/parser';
import { pythonSource } from '../../../src/core/parse/source';
import type { Node } from '../../../src/core/parse/syntax';
import type { CallSite, ScriptModel } from '../../../src/core/semantic';
import { buildModel } from '../../../src/core/semantic';
import { namesRead } from '../../../src/core/semantic/expressions';
import { callIndex, callsRunWith, namesReadOf, nodesRunWith, valueNamesOf } from '../../../src/core/rules/flow-facts';

function modelOf(code: string): ScriptModel {
  return classifyModel(buildModel(pythonSource('f.py', code), parseToSyntax(code)));
}

function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    out.push(n);
    for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

const NESTED = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

/** The walks the flow rules made before the shared facts: the reference the facts must agree with. */
function walkCalls(calls: Map<number, CallSite>, node: Node, innerFirst: boolean): CallSite[] {
  const out: CallSite[] = [];
  const visit = (n: Node): void => {
    if (NESTED.has(n.type)) return;
    const call = n.type === 'call' ? calls.get(n.id) : undefined;
    if (call && !innerFirst) out.push(call);
    for (const child of n.children) visit(child);
    if (call && innerFirst) out.push(call);
  };
  visit(node);
  return out;
}

function walkNodes(node: Node, type: string): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (NESTED.has(n.type) && n !== node) return;
    if (n.type === type) out.push(n);
    for (const child of n.children) visit(child);
  };
  visit(node);
  return out;
}

const SCRIPTS = [
  [
    'import numpy as np',
    'from sklearn.model_selection import train_test_split',
    'X_train, X_test = train_test_split(load(f(x)), g()(y), test_size=0.2)',
    'scores = [score(m.fit(X_train).predict(X_test)) for m in models(k)]',
    'best = max(scores, key=lambda s: abs(s - target(s)))',
    'if best > 0.5 and check(best) < limit(): print(best)',
    '@decorate(option())',
    'def helper(a, b=default()):',
    '    def inner():',
    '        return deep(a)',
    '    return inner() + b.method(c(d))',
    'class Model(Base(arg())):',
    '    size = compute(3)',
    '    def forward(self, x): return self.layer(x)',
    'with open(path()) as fh, ctx(a=b()) as other:',
    '    data = [row.split(sep()) for row in fh if keep(row)]',
    'f()()(x)',
  ].join('\n'),
  // Broken syntax: the facts must agree with the walks on the error-recovered tree too.
  ['x = f(g(1, h(', 'y = a < b(c) < d', 'def broken(:', '  return q(r)', 'z = [s(t) for t in u(v)'].join('\n'),
];

describe('flow facts shared by the data-flow rules (src/core/rules/flow-facts.ts)', () => {
  before(() => initEngine());

  it('gives the calls that run with a statement, inner calls first or in source order', () => {
    const model = modelOf('y = f(g(x), h(k(z)))\ndef later():\n    return q(x)\nw = [m(v) for v in src()]\nfn = lambda: inside()\n');
    const calls = callIndex(model);
    const [first, , third, fourth] = model.tree.rootNode.namedChildren;
    const names = (list: readonly CallSite[]): string[] => list.map((c) => c.callee.text);
    assert.deepEqual(names(callsRunWith(calls, first!, 'inner-first')), ['g', 'k', 'h', 'f']);
    assert.deepEqual(names(callsRunWith(calls, first!, 'outer-first')), ['f', 'g', 'h', 'k']);
    assert.deepEqual(names(callsRunWith(calls, third!, 'outer-first')), ['m', 'src'], 'a comprehension runs with its statement');
    assert.deepEqual(names(callsRunWith(calls, fourth!, 'outer-first')), [], 'a lambda body runs later');
    const definition = model.tree.rootNode.namedChildren[1]!;
    assert.deepEqual(names(callsRunWith(calls, definition, 'outer-first')), [], 'a definition runs nothing where it is written');
    assert.deepEqual(names(callsRunWith(calls, definition.childForFieldName('body')!, 'inner-first')), ['q'], 'its body runs its calls');
    assert.equal(callsRunWith(calls, first!, 'inner-first'), callsRunWith(calls, first!, 'inner-first'), 'worked out once');
    assert.equal(callIndex(model), calls, 'one index per model');
  });

  it('agrees with a walk of the tree for every node, on valid and broken scripts', () => {
    for (const code of SCRIPTS) {
      const model = modelOf(code);
      const calls = callIndex(model);
      assert.ok(calls.size > 3, `${calls.size} calls`);
      for (const node of allNodes(model.tree.rootNode)) {
        assert.deepEqual(
          callsRunWith(calls, node, 'inner-first'),
          walkCalls(calls, node, true),
          `inner-first at ${node.type} ${node.text}`,
        );
        assert.deepEqual(
          callsRunWith(calls, node, 'outer-first'),
          walkCalls(calls, node, false),
          `outer-first at ${node.type} ${node.text}`,
        );
        for (const type of ['comparison_operator', 'identifier', 'call']) {
          assert.deepEqual(nodesRunWith(model, node, type), walkNodes(node, type), `${type} in ${node.type} ${node.text}`);
        }
        assert.deepEqual(namesReadOf(calls, node), namesRead(node));
      }
    }
  });

  it('finds comparisons in a statement but not in the functions and lambdas inside it', () => {
    const model = modelOf('ok = a < b and (lambda: c > d) and [e == f for e in g]\n');
    const statement = model.tree.rootNode.namedChildren[0]!;
    assert.deepEqual(
      nodesRunWith(model, statement, 'comparison_operator').map((n) => n.text),
      ['a < b', 'e == f'],
    );
  });

  it('remembers a value-names answer per node', () => {
    const model = modelOf('y = scaler.transform(x) + other\n');
    const calls = callIndex(model);
    const value = model.tree.rootNode.namedChildren[0]!.namedChild(0)!.childForFieldName('right')!;
    let computed = 0;
    const compute = (n: Node): Set<string> => {
      computed++;
      return namesRead(n);
    };
    assert.deepEqual(valueNamesOf(calls, value, compute), ['scaler', 'x', 'other']);
    assert.deepEqual(valueNamesOf(calls, value, compute), ['scaler', 'x', 'other']);
    assert.equal(computed, 1);
  });

  it('answers for a call index built elsewhere by walking', () => {
    const model = modelOf('a = f(g(1))\n');
    const own = new Map(model.calls.map((c) => [c.node.id, c]));
    const statement = model.tree.rootNode.namedChildren[0]!;
    assert.deepEqual(
      callsRunWith(own, statement, 'inner-first').map((c) => c.callee.text),
      ['g', 'f'],
    );
  });
});
