import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import type { IGrammar, IRawGrammar } from 'vscode-textmate';

/**
 * The injection grammar, loaded the way VS Code loads it: from the `contributes.grammars` entry of
 * package.json, injected into a host `source.python` grammar. The host is a small stand-in for
 * VS Code's Python grammar (not available offline) that scopes comments as MagicPython does.
 */

const ROOT = join(__dirname, '..', '..', '..');
const HOST_SCOPE = 'source.python';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

function injectionContribution(): GrammarContribution {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: GrammarContribution[] };
  };
  const found = manifest.contributes?.grammars?.find((g) => g.injectTo?.includes(HOST_SCOPE));
  assert.ok(found, 'package.json contributes a grammar injected into source.python');
  return found;
}

function readGrammar(path: string): IRawGrammar {
  return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
}

async function loadPythonWithInjection(): Promise<IGrammar> {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm);
  const injection = injectionContribution();
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text: string) => oniguruma.createOnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === HOST_SCOPE) return readGrammar(join(__dirname, 'fixtures', 'python-host.tmLanguage.json'));
      if (scopeName === injection.scopeName) return readGrammar(join(ROOT, injection.path));
      return null;
    },
    getInjections: (scopeName) => (scopeName === HOST_SCOPE ? [injection.scopeName] : undefined),
  });
  const grammar = await registry.loadGrammar(HOST_SCOPE);
  assert.ok(grammar, 'source.python loads');
  return grammar;
}

interface Token {
  text: string;
  scopes: string[];
}

function tokenize(grammar: IGrammar, line: string): Token[] {
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  return tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

/** The innermost scope of the (unique, trimmed) token with this text. */
function scopeOf(tokens: Token[], text: string): string {
  const matches = tokens.filter((t) => t.text.trim() === text);
  assert.equal(matches.length, 1, `exactly one token "${text}" in ${JSON.stringify(tokens)}`);
  return matches[0].scopes[matches[0].scopes.length - 1];
}

function ownScopes(tokens: Token[]): string[] {
  return tokens.flatMap((t) => t.scopes.filter((s) => s.endsWith('.ml-hygiene')));
}

describe('injection grammar (syntaxes/ml-hygiene.injection.tmLanguage.json)', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadPythonWithInjection();
  });

  it('is contributed for source.python with a selector on Python comments', () => {
    const contribution = injectionContribution();
    const raw = JSON.parse(readFileSync(join(ROOT, contribution.path), 'utf8')) as {
      scopeName: string;
      injectionSelector: string;
    };
    assert.equal(raw.scopeName, contribution.scopeName);
    assert.match(raw.injectionSelector, /comment\.line\.number-sign\.python/);
  });

  describe('# %% cell markers', () => {
    it('highlights a bare marker and keeps the comment scope', () => {
      const tokens = tokenize(grammar, '# %%');
      assert.equal(scopeOf(tokens, '#'), 'punctuation.definition.comment.python');
      const marker = tokens.find((t) => t.text.trim() === '%%');
      assert.ok(marker);
      assert.deepEqual(marker.scopes, [
        'source.python',
        'comment.line.number-sign.python',
        'meta.cell-marker.ml-hygiene',
        'keyword.control.cell-marker.ml-hygiene',
      ]);
    });

    it('highlights a marker with a title and a phase', () => {
      const tokens = tokenize(grammar, '# %% Load the raw data  phase: data');
      assert.equal(scopeOf(tokens, '%%'), 'keyword.control.cell-marker.ml-hygiene');
      assert.equal(scopeOf(tokens, 'Load the raw data'), 'entity.name.section.cell-title.ml-hygiene');
      assert.equal(scopeOf(tokens, 'phase'), 'keyword.other.phase.ml-hygiene');
      assert.equal(scopeOf(tokens, ':'), 'punctuation.separator.key-value.ml-hygiene');
      assert.equal(scopeOf(tokens, 'data'), 'constant.language.phase.ml-hygiene');
    });

    it('highlights a title without a phase, trailing blanks excluded', () => {
      const tokens = tokenize(grammar, '# %% Train the model   ');
      assert.equal(scopeOf(tokens, 'Train the model'), 'entity.name.section.cell-title.ml-hygiene');
      const title = tokens.find((t) => t.text.includes('Train'));
      assert.equal(title?.text, 'Train the model');
      assert.ok(!ownScopes(tokens).some((s) => s.startsWith('keyword.other.phase')));
    });

    it('highlights a phase without a title, and the marker without a space after #', () => {
      const tokens = tokenize(grammar, '#%% phase: evaluation');
      assert.equal(scopeOf(tokens, '%%'), 'keyword.control.cell-marker.ml-hygiene');
      assert.equal(scopeOf(tokens, 'evaluation'), 'constant.language.phase.ml-hygiene');
      assert.ok(!ownScopes(tokens).includes('entity.name.section.cell-title.ml-hygiene'));
    });

    it('highlights a [markdown] cell kind', () => {
      const tokens = tokenize(grammar, '# %% [markdown]');
      assert.equal(scopeOf(tokens, '['), 'punctuation.definition.cell-kind.begin.ml-hygiene');
      assert.equal(scopeOf(tokens, 'markdown'), 'storage.type.cell-kind.ml-hygiene');
      assert.equal(scopeOf(tokens, ']'), 'punctuation.definition.cell-kind.end.ml-hygiene');
    });

    it('is not a marker when indented, inside a longer comment, or inside a string', () => {
      for (const line of ['    # %% not a cell', '# see %% below', 'x = "# %% no"']) {
        assert.deepEqual(ownScopes(tokenize(grammar, line)), [], line);
      }
    });
  });

  describe('# In[n]: export markers', () => {
    it('highlights the marker and the execution count', () => {
      const tokens = tokenize(grammar, '# In[12]:');
      assert.equal(scopeOf(tokens, 'In'), 'keyword.control.export-marker.ml-hygiene');
      assert.equal(scopeOf(tokens, '12'), 'constant.numeric.execution-count.ml-hygiene');
      assert.equal(scopeOf(tokens, ':'), 'punctuation.separator.key-value.ml-hygiene');
      assert.ok(tokens.every((t) => t.scopes.includes('comment.line.number-sign.python')));
    });

    it('accepts an empty execution count and rejects other words', () => {
      const empty = tokenize(grammar, '# In[ ]:');
      assert.equal(scopeOf(empty, 'In'), 'keyword.control.export-marker.ml-hygiene');
      assert.deepEqual(ownScopes(tokenize(grammar, '# Index[1]: the count')), []);
    });
  });

  describe('# mlh: pragmas', () => {
    it('highlights ignore with codes as constants, after code on the line', () => {
      const tokens = tokenize(grammar, 'model = Forest(n_estimators=150)  # mlh: ignore[MLH101, MLH202]');
      assert.equal(scopeOf(tokens, 'mlh'), 'keyword.other.pragma.ml-hygiene');
      assert.equal(scopeOf(tokens, 'ignore'), 'keyword.control.suppress.ml-hygiene');
      assert.equal(scopeOf(tokens, 'MLH101'), 'constant.other.rule-code.ml-hygiene');
      assert.equal(scopeOf(tokens, 'MLH202'), 'constant.other.rule-code.ml-hygiene');
      assert.equal(scopeOf(tokens, ','), 'punctuation.separator.comma.ml-hygiene');
      assert.equal(scopeOf(tokens, '['), 'punctuation.definition.rule-list.begin.ml-hygiene');
      assert.equal(scopeOf(tokens, ']'), 'punctuation.definition.rule-list.end.ml-hygiene');
      const code = tokens.find((t) => t.text === 'MLH101');
      assert.ok(code?.scopes.includes('meta.pragma.ml-hygiene'));
      assert.ok(code?.scopes.includes('comment.line.number-sign.python'));
    });

    it('highlights a bare ignore and ignore-file', () => {
      assert.equal(scopeOf(tokenize(grammar, 'df.head()  # mlh: ignore'), 'ignore'), 'keyword.control.suppress.ml-hygiene');
      const file = tokenize(grammar, '# mlh: ignore-file');
      assert.equal(scopeOf(file, 'ignore-file'), 'keyword.control.suppress.ml-hygiene');
      assert.equal(scopeOf(file, 'mlh'), 'keyword.other.pragma.ml-hygiene');
    });

    it('highlights rule names as selectors', () => {
      const tokens = tokenize(grammar, '# mlh: ignore[hard-coded-path]');
      assert.equal(scopeOf(tokens, 'hard-coded-path'), 'constant.other.rule-name.ml-hygiene');
    });

    it('is not a pragma inside a string, mid-comment text or with another verb', () => {
      for (const line of ['s = "# mlh: ignore"', '# talk about mlh: ignore here', '# mlh: ignored', '# mlh: check']) {
        assert.deepEqual(ownScopes(tokenize(grammar, line)), [], line);
      }
    });
  });

  it('leaves ordinary comments alone', () => {
    const tokens = tokenize(grammar, '# TODO: load the data');
    assert.deepEqual(ownScopes(tokens), []);
    assert.equal(scopeOf(tokens, 'TODO'), 'keyword.codetag.notation.python');
  });
});
