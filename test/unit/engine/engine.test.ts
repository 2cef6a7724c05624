import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultConfig } from '../../../src/core/config/types';
import {
  IncrementalAnalyzer,
  MAX_NOTEBOOK_JSON_BYTES,
  analyzeBytes,
  analyzeFile,
  analyzeText,
  initEngine,
  withAnalysis,
  withModel,
} from '../../../src/core/engine';
import { MAX_SYNTAX_DEPTH } from '../../../src/core/parse/mirror';
import { notebookSource, parseNotebookJson, pythonSource } from '../../../src/core/parse/source';
import type { Finding } from '../../../src/core/types';
import { notebook } from '../rules/tester';

/** A monolith small enough to read: MLH001 thresholds are lowered through the rule options. */
const MONOLITH = [
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'df = pd.read_csv("data.csv")',
  'df["ratio"] = df["a"] / df["b"]',
  'model = RandomForestClassifier()',
  'model.fit(df[["a"]], df["y"])',
  'print(model.score(df[["a"]], df["y"]))',
  '',
].join('\n');

const lowThresholds = { ...defaultConfig(), select: ['MLH001'], ruleOptions: { MLH001: { 'min-statements': 3, 'min-phases': 3 } } };

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

describe('engine', () => {
  before(() => initEngine());

  describe('python input', () => {
    it('reports on a syntactically broken file for the parts that parse', () => {
      const broken = MONOLITH.replace('df["ratio"] = df["a"] / df["b"]', 'df["ratio"] = = df["a"] /');
      const result = analyzeText('broken.py', broken, { config: lowThresholds });
      assert.ok(result.syntaxErrors.length > 0, 'the syntax error is reported');
      assert.deepEqual(codes(result.findings), ['MLH001']);
    });

    it('honours # mlh: ignore on the line and # mlh: ignore-file', () => {
      const atLine = MONOLITH.replace('import pandas as pd', 'import pandas as pd  # mlh: ignore[MLH001]');
      assert.deepEqual(codes(analyzeText('a.py', atLine, { config: lowThresholds }).findings), []);
      const otherCode = MONOLITH.replace('import pandas as pd', 'import pandas as pd  # mlh: ignore[MLH101]');
      assert.deepEqual(codes(analyzeText('a.py', otherCode, { config: lowThresholds }).findings), ['MLH001']);
      const bare = MONOLITH.replace('import pandas as pd', 'import pandas as pd  # mlh: ignore');
      assert.deepEqual(codes(analyzeText('a.py', bare, { config: lowThresholds }).findings), []);
      const file = '# mlh: ignore-file\n' + MONOLITH;
      assert.deepEqual(codes(analyzeText('a.py', file, { config: lowThresholds }).findings), []);
    });

    it('gives a monolith score even when the rule does not fire', () => {
      const result = analyzeText('small.py', 'import os\nprint(os.getcwd())\n');
      assert.equal(result.score?.isMonolith, false);
      assert.equal(result.score?.topLevelStatements, 1);
    });

    it('resolves imports to qualified names, aliases included', () => {
      const text =
        'import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier as RFC\nimport matplotlib.pyplot as plt\nimport os.path\n';
      withModel(pythonSource('q.py', text), (model) => {
        assert.equal(model.importMap.get('pd'), 'pandas');
        assert.equal(model.importMap.get('RFC'), 'sklearn.ensemble.RandomForestClassifier');
        assert.equal(model.importMap.get('plt'), 'matplotlib.pyplot');
        assert.equal(model.importMap.get('os'), 'os');
      });
    });

    it('records definitions and uses per statement, without comprehension or keyword names', () => {
      const text = 'a = 1\nb = [x * a for x in range(3)]\nc = f(key=b)\ndef g(p):\n    return p + a\n';
      withModel(pythonSource('d.py', text), (model) => {
        const [s0, s1, s2, s3] = model.statements;
        assert.deepEqual([...s0!.defs], ['a']);
        assert.deepEqual([...s1!.defs], ['b']);
        assert.deepEqual([...s1!.uses].sort(), ['a', 'range']);
        assert.deepEqual([...s2!.uses].sort(), ['b', 'f']);
        assert.deepEqual([...s3!.defs], ['g']);
        assert.deepEqual([...s3!.uses], ['a']);
      });
    });

    it('gives each statement a phase from the APIs it calls', () => {
      withModel(pythonSource('p.py', MONOLITH), (model) => {
        assert.deepEqual(
          model.statements.map((s) => s.phase),
          [null, null, 'data', 'features', 'training', 'training', 'evaluation'],
        );
      });
    });

    it('reads sections from # %% markers (title, phase hint) and # In[n]: markers', () => {
      const text = '# %% Load  phase: data\nx = 1\n# In[2]:\ny = 2\n# %%\nz = 3\n';
      withModel(pythonSource('s.py', text), (model) => {
        assert.deepEqual(
          model.sections.map((s) => [s.startLine, s.origin, s.title, s.phaseHint]),
          [
            [0, 'cell-marker', 'Load', 'data'],
            [2, 'in-marker', null, null],
            [4, 'cell-marker', null, null],
          ],
        );
        assert.deepEqual(
          model.statements.map((s) => s.section),
          [0, 1, 2],
        );
      });
    });

    it('turns a deeply nested expression into one clear MLH000 instead of a crash', () => {
      const deep = 'x = ' + '1 + '.repeat(30000) + '1\n';
      const result = analyzeText('deep.py', deep);
      assert.deepEqual(codes(result.findings), ['MLH000']);
      assert.match(result.findings[0]!.message, /nested too deeply/);
    });

    it('refuses nesting deeper than MAX_SYNTAX_DEPTH up front, whatever the stack (a worker thread gives the same answer)', () => {
      // module > expression_statement > assignment > n parenthesized expressions > integer: depth n + 3.
      const nested = (n: number): string => `x = ${'('.repeat(n)}1${')'.repeat(n)}\n`;
      const deepest = MAX_SYNTAX_DEPTH - 3;
      assert.deepEqual(codes(analyzeText('ok.py', nested(deepest)).findings), []);
      assert.deepEqual(codes(analyzeText('deep.py', nested(deepest + 1)).findings), ['MLH000']);
      assert.doesNotThrow(() => withModel(pythonSource('ok.py', nested(deepest)), () => 0));
      assert.throws(() => withModel(pythonSource('deep.py', nested(deepest + 1)), () => 0), /nested too deeply/);
      // The editor's incremental copy reuses statements: their depth comes with them.
      const analyzer = new IncrementalAnalyzer('inc.py');
      const deep = `y = 2\n${nested(deepest + 1)}`;
      assert.deepEqual(codes(analyzer.update(deep).findings), ['MLH000']);
      const edited = `y = 3\n${nested(deepest + 1)}`;
      assert.deepEqual(codes(analyzer.update(edited, [{ rangeOffset: 4, rangeLength: 1, text: '3' }]).findings), ['MLH000']);
      const end = edited.length;
      const shallow = analyzer.update('y = 3\n', [{ rangeOffset: 6, rangeLength: end - 6, text: '' }]);
      assert.deepEqual(codes(shallow.findings), []);
    });

    it('tells a refactor why it cannot build the model of a deeply nested program (one parse for findings and model)', () => {
      const deep = pythonSource('deep.py', 'x = ' + '1 + '.repeat(30000) + '1\n');
      assert.throws(() => withAnalysis(deep, {}, () => 0), /nested too deeply/);
      assert.throws(() => withModel(deep, () => 0), /nested too deeply/);
      const fine = pythonSource('ok.py', 'import pandas as pd\ndf = pd.read_csv("data.csv")\n');
      const seen = withAnalysis(fine, {}, (findings, model) => ({ codes: codes(findings), statements: model.statements.length }));
      assert.deepEqual(seen, {
        codes: codes(analyzeText('ok.py', 'import pandas as pd\ndf = pd.read_csv("data.csv")\n').findings),
        statements: 2,
      });
    });
  });

  describe('notebooks', () => {
    it('analyses code cells as one program and maps findings back to cells', () => {
      const cells = MONOLITH.trim().split('\n');
      const nb = notebook([{ markdown: '# Title' }, cells.slice(0, 3).join('\n'), { markdown: 'text' }, cells.slice(3).join('\n')]);
      const result = analyzeText('n.ipynb', nb, { config: lowThresholds });
      assert.deepEqual(codes(result.findings), ['MLH001']);
      assert.deepEqual(result.findings[0]!.cell, {
        cellIndex: 1,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 19 } },
      });
      assert.equal(result.cells?.length, 4);
    });

    it('understands IPython magics and shell lines', () => {
      const nb = notebook([
        '%matplotlib inline\nimport numpy as np',
        '!pip install -q pandas\nfiles = !ls\nnp?\nif True:\n    %time np.zeros(3)',
        '%%time\nx = np.ones(3)',
        '%%bash\nfor f in *.csv; do echo $f; done',
        'y = %sx echo 1\nprint(x, y)',
      ]);
      const result = analyzeText('m.ipynb', nb);
      assert.deepEqual(result.syntaxErrors, []);
      withModel(notebookSource('m.ipynb', parseNotebookJson(nb)), (model) => {
        assert.deepEqual(
          model.source.magics.map((m) => m.kind),
          ['line-magic', 'shell', 'assigned-magic', 'help', 'line-magic', 'cell-magic', 'cell-magic', 'assigned-magic'],
        );
        assert.ok(
          model.statements.some((s) => s.defs.has('files')),
          'an assigned shell line still binds its name',
        );
      });
    });

    it('masks a magic only where a logical line starts (`%` inside brackets or a string is Python), and automagic aliases', () => {
      const nb = notebook([
        'plt.xlabel(\n    "errors: %d/200"\n    % (n_error,)\n)\n%time f()',
        'doc = """\n%not a magic\n!nor a shell line\n"""\nx = [1,  # a comment (\n     2]\n!ls',
        "s = 'it''s'  # ( not a bracket\n%who",
        'ls ../input\ncat ../input/a.csv | head\nls = [1, 2]\nls [0]\nmore = ls + ls\ncd data',
      ]);
      const result = analyzeText('m.ipynb', nb);
      assert.deepEqual(result.syntaxErrors, []);
      assert.deepEqual(
        codes(result.findings).filter((c) => c === 'MLH004'),
        [],
      );
      withModel(notebookSource('m.ipynb', parseNotebookJson(nb)), (model) => {
        assert.deepEqual(
          model.source.magics.map((m) => m.text),
          ['%time f()', '!ls', '%who', 'ls ../input', 'cat ../input/a.csv | head', 'cd data'],
        );
      });
    });

    it('gives one MLH000 for malformed notebooks, naming the reason', () => {
      const cases: Array<[string, RegExp]> = [
        ['{not json', /not valid JSON/],
        ['[]', /top level is not a JSON object/],
        [JSON.stringify({ nbformat: 3, worksheets: [] }), /nbformat 3 is not supported/],
        [JSON.stringify({ nbformat: 4 }), /"cells" is not a list/],
        [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code' }] }), /cell 1 has no text source/],
        [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'widget', source: '' }] }), /unknown cell_type/],
      ];
      for (const [text, reason] of cases) {
        const result = analyzeText('bad.ipynb', text);
        assert.deepEqual(codes(result.findings), ['MLH000'], text);
        assert.match(result.findings[0]!.message, reason);
        assert.equal(result.score, null);
      }
    });
  });

  describe('unreadable input', () => {
    it('reports non-UTF-8 bytes with the offset of the first bad byte', () => {
      const bytes = Buffer.concat([Buffer.from('x = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
      const result = analyzeBytes('latin1.py', bytes);
      assert.deepEqual(codes(result.findings), ['MLH000']);
      assert.match(result.findings[0]!.message, /not valid UTF-8 \(first bad byte at offset 8\)/);
    });

    it('reports binary files and files over the size limit', () => {
      assert.match(analyzeBytes('bin.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1])).findings[0]!.message, /binary file/);
      const config = { ...defaultConfig(), maxFileBytes: 100 };
      assert.match(analyzeBytes('big.py', Buffer.alloc(101, 0x61), { config }).findings[0]!.message, /over the 100 bytes limit/);
    });

    it('limits a notebook by its code, not its outputs; bounds the JSON itself', () => {
      const image = 'iVBORw0KGgo'.repeat(300_000); // ~3.3 MB of base64 output
      const nb = JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          {
            cell_type: 'code',
            metadata: {},
            execution_count: 1,
            source: 'import matplotlib.pyplot as plt\nplt.plot([1, 2])',
            outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': image } }],
          },
        ],
      });
      assert.ok(nb.length > defaultConfig().maxFileBytes);
      const images = analyzeBytes('plots.ipynb', Buffer.from(nb));
      assert.deepEqual(
        codes(images.findings).filter((c) => c === 'MLH000'),
        [],
      );
      assert.equal(images.cells?.length, 1);
      const config = { ...defaultConfig(), maxFileBytes: 40 };
      const code = analyzeBytes('plots.ipynb', Buffer.from(nb), { config });
      assert.deepEqual(codes(code.findings), ['MLH000']);
      assert.match(code.findings[0]!.message, /its code cells hold 49 bytes, over the 40 bytes limit \(max-file-size\)/);
      const absurd = Buffer.alloc(MAX_NOTEBOOK_JSON_BYTES + 1024 * 1024, 0x20);
      const huge = analyzeBytes('huge.ipynb', absurd);
      assert.deepEqual(codes(huge.findings), ['MLH000']);
      assert.match(huge.findings[0]!.message, /the notebook file is 65\.0 MiB, over the 64\.0 MiB bound on a notebook's JSON/);
    });

    it('reports a file that cannot be read, and respects MLH000 being switched off', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mlh-engine-'));
      const missing = await analyzeFile(join(dir, 'gone.py'));
      assert.match(missing.findings[0]!.message, /cannot read the file \(ENOENT\)/);
      writeFileSync(join(dir, 'bad.py'), Buffer.from([0xff, 0xfe, 0x00]));
      const off = await analyzeFile(join(dir, 'bad.py'), { config: { ...defaultConfig(), ignore: ['MLH000'] } });
      assert.deepEqual(off.findings, []);
    });
  });

  describe('robustness (property tests)', () => {
    it('never throws on arbitrary text, as a script or as a notebook cell', () => {
      const pythonish = fc.array(
        fc.constantFrom(
          'x',
          ' = ',
          '(',
          ')',
          '[',
          ']',
          ':',
          '\n',
          '    ',
          'def ',
          'if ',
          'for ',
          'import ',
          'pd.read_csv("a")',
          '%time ',
          '!',
          '"',
          "'''",
          '#',
          ',',
          'lambda',
          '\\',
        ),
        { maxLength: 60 },
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            pythonish.map((parts) => parts.join('')),
          ),
          (text) => {
            analyzeText('fuzz.py', text);
            analyzeText('fuzz.ipynb', notebook([text, text]));
          },
        ),
        { numRuns: 300 },
      );
    });

    it('re-analyses incrementally to exactly what a fresh analysis gives', () => {
      const base = MONOLITH;
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              at: fc.nat(),
              remove: fc.nat({ max: 6 }),
              insert: fc.constantFrom('', 'x', '\n', '(', 'model.fit(a)\n', '# mlh: ignore\n', '"p.csv"'),
            }),
            { maxLength: 6 },
          ),
          (edits) => {
            const analyzer = new IncrementalAnalyzer('inc.py');
            let text = base;
            analyzer.update(text, undefined, { config: lowThresholds });
            for (const edit of edits) {
              const offset = edit.at % (text.length + 1);
              const length = Math.min(edit.remove, text.length - offset);
              text = text.slice(0, offset) + edit.insert + text.slice(offset + length);
              const incremental = analyzer.update(text, [{ rangeOffset: offset, rangeLength: length, text: edit.insert }], {
                config: lowThresholds,
              });
              const fresh = analyzeText('inc.py', text, { config: lowThresholds });
              assert.deepEqual(incremental.findings, fresh.findings);
              assert.deepEqual(incremental.score, fresh.score);
            }
            analyzer.dispose();
          },
        ),
        { numRuns: 100 },
      );
    });
  });
});
