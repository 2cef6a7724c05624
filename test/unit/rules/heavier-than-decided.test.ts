import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeText, initEngine } from '../../../src/core/engine';
import type { RungId } from '../../../src/core/kb/rungs';
import type { PlanContext } from '../../../src/core/project/plans';
import { PlanContextResolver } from '../../../src/core/project/plans';
import { toolingRung } from '../../../src/core/kb/rungs';
import { heavierThanDecided } from '../../../src/core/rules/process/heavier-than-decided';
import type { Finding } from '../../../src/core/types';
import { payloadOf } from '../../../src/core/types';
import { notebook } from './tester';

// The shared rule tester runs without a plan; MLH501 needs one, so its tables carry the decided rung.

interface Case {
  name?: string;
  code: string;
  rung: RungId | null;
  path?: string;
}

interface Invalid extends Case {
  /**
   * The one finding of the file: 1-based line and column of the first heavier import (and its cell),
   * every heavier module in order (`data.modules`), the start of each other import (its related
   * locations), and how the message begins.
   */
  error: { line: number; column: number; cell?: number; modules: string[]; related: Array<[number, number]>; says: string };
}

function plan(rung: RungId | null): PlanContext {
  return { file: '/project/mlproject.yaml', decision: rung === null ? null : { rung, rationale: 'because', decidedOn: '2024-05-02' } };
}

function findings(test: Case, context: PlanContext | null = plan(test.rung)): Finding[] {
  const config = { ...defaultConfig(), select: [heavierThanDecided.code] };
  return analyzeText(test.path ?? 'test.py', test.code, { config, plan: context }).findings.filter((f) => f.code === 'MLH501');
}

const valid: Case[] = [
  {
    name: 'deep learning decided: anything goes',
    rung: 'deep-learning',
    code: 'import torch\nimport sklearn\nimport statsmodels.api as sm',
  },
  { name: 'beyond reach is the top of the path', rung: 'beyond-reach', code: 'import torch' },
  {
    name: 'classical model decided, classical tooling',
    rung: 'classical-ml',
    code: 'from sklearn.ensemble import RandomForestClassifier\nimport xgboost as xgb\nimport lightgbm',
  },
  {
    name: 'statistics decided, statistics tooling',
    rung: 'statistics',
    code: 'import statsmodels.formula.api as smf\nfrom scipy import stats\nfrom scipy.stats import ttest_ind',
  },
  {
    name: 'pandas, NumPy and plotting belong to every rung',
    rung: 'not-ml',
    code: 'import pandas as pd\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport sqlalchemy',
  },
  {
    name: 'scipy outside scipy.stats is not statistical modelling',
    rung: 'analytics',
    code: 'from scipy import optimize\nimport scipy.sparse',
  },
  {
    name: 'a name that only starts like a library',
    rung: 'analytics',
    code: 'import torchmetrics_like_helper\nimport sklearn_pandas_like',
  },
  { name: 'relative imports', rung: 'not-ml', code: 'from . import torch\nfrom .models import nn' },
  { name: 'no decision in the plan', rung: null, code: 'import torch' },
  { name: 'suppressed on the line', rung: 'classical-ml', code: 'import torch  # mlh: ignore[MLH501]' },
  {
    name: 'a shell line installing torch is not an import',
    rung: 'classical-ml',
    path: 'nb.ipynb',
    code: notebook(['!pip install torch', 'import numpy as np']),
  },
];

const invalid: Invalid[] = [
  {
    name: 'torch under a classical model',
    rung: 'classical-ml',
    code: 'import numpy as np\nimport torch',
    error: { line: 2, column: 8, modules: ['torch'], related: [], says: '`torch` is deep-learning tooling' },
  },
  {
    name: 'from-imports and aliases: one finding for the file, the other imports related',
    rung: 'classical-ml',
    code: 'from torch import nn\nimport tensorflow as tf\nimport jax.numpy as jnp\nfrom transformers import AutoModel\nimport keras',
    error: {
      line: 1,
      column: 6,
      modules: ['torch', 'tensorflow', 'jax.numpy', 'transformers', 'keras'],
      related: [
        [2, 8],
        [3, 8],
        [4, 6],
        [5, 8],
      ],
      says: '`torch`, `tensorflow`, `jax`, `transformers` and `keras` are deep-learning tooling',
    },
  },
  {
    name: 'classical tooling under statistics',
    rung: 'statistics',
    code: 'import sklearn\nfrom xgboost import XGBClassifier\nimport lightgbm as lgb\nimport statsmodels.api as sm',
    error: {
      line: 1,
      column: 8,
      modules: ['sklearn', 'xgboost', 'lightgbm'],
      related: [
        [2, 6],
        [3, 8],
      ],
      says: '`sklearn`, `xgboost` and `lightgbm` are classical machine-learning tooling',
    },
  },
  {
    name: 'statistics under analytics, scipy.stats by its submodule name',
    rung: 'analytics',
    code: 'from scipy import stats, optimize\nimport statsmodels.api as sm',
    error: {
      line: 1,
      column: 19,
      modules: ['scipy.stats', 'statsmodels.api'],
      related: [[2, 8]],
      says: '`scipy` and `statsmodels` are statistical-modelling tooling',
    },
  },
  {
    name: 'everything is heavier than not-ml: one clause per rung',
    rung: 'not-ml',
    code: 'import sklearn, torch\nimport torch.nn',
    error: {
      line: 1,
      column: 8,
      modules: ['sklearn', 'torch', 'torch.nn'],
      related: [
        [1, 17],
        [2, 8],
      ],
      says: '`sklearn` is classical machine-learning tooling and `torch` is deep-learning tooling',
    },
  },
  {
    name: 'imports inside a function, under try and if',
    rung: 'classical-ml',
    code: 'def load():\n    import torch\n    return torch\n\ntry:\n    import tensorflow\nexcept ImportError:\n    pass\nif GPU:\n    from keras import layers',
    error: {
      line: 2,
      column: 12,
      modules: ['torch', 'tensorflow', 'keras'],
      related: [
        [6, 12],
        [10, 10],
      ],
      says: '`torch`, `tensorflow` and `keras` are deep-learning tooling',
    },
  },
  {
    name: 'a suppressed first import: the finding moves to the next one',
    rung: 'classical-ml',
    code: 'import torch  # mlh: ignore[MLH501]\nimport tensorflow as tf',
    error: { line: 2, column: 8, modules: ['tensorflow'], related: [], says: '`tensorflow` is deep-learning tooling' },
  },
  {
    name: 'in a notebook cell',
    rung: 'classical-ml',
    path: 'explore.ipynb',
    code: notebook([{ markdown: '# Try a network' }, 'import pandas as pd', 'import torch.nn as nn']),
    error: { line: 1, column: 8, cell: 3, modules: ['torch.nn'], related: [], says: '`torch` is deep-learning tooling' },
  },
];

describe('MLH501 heavier-than-decided', () => {
  before(() => initEngine());

  valid.forEach((test, i) => {
    it(`valid #${i + 1}: ${test.name}`, () => {
      assert.deepEqual(
        findings(test).map((f) => f.message),
        [],
      );
    });
  });

  invalid.forEach((test, i) => {
    it(`invalid #${i + 1}: ${test.name}`, () => {
      const found = findings(test);
      assert.equal(found.length, 1, 'one finding per file');
      const f = found[0]!;
      const range = f.cell ? f.cell.range : f.range;
      const data = payloadOf(f, 'MLH501');
      const actual = {
        line: range.start.line + 1,
        column: range.start.character + 1,
        ...(f.cell ? { cell: f.cell.cellIndex + 1 } : {}),
        modules: data?.modules,
        related: f.related.map((r): [number, number] => [r.range.start.line + 1, r.range.start.character + 1]),
        says: f.message.slice(0, test.error.says.length),
      };
      assert.deepEqual(actual, test.error);
      assert.ok(f.message.startsWith(`${test.error.says}, heavier than the team decided`), f.message);
      assert.equal(data?.module, test.error.modules[0]);
      assert.equal(data?.decided, test.rung);
      assert.equal(data?.planFile, '/project/mlproject.yaml');
      for (const [r, module] of f.related.map((r, k) => [r, test.error.modules[k + 1]] as const))
        assert.equal(r.message, `\`${module}\` imported here too`);
    });
  });

  it('names the decided rung and its step in the message', () => {
    const [finding] = findings({ rung: 'statistics', code: 'import torch' });
    assert.match(finding!.message, /stops at rung 3, “Basic statistics”/);
    assert.equal(payloadOf(finding!, 'MLH501')?.tooling, 'deep-learning');
  });

  it('reports nothing without a plan', () => {
    assert.deepEqual(findings({ rung: 'not-ml', code: 'import torch' }, null), []);
  });

  it('knows the rung of submodules by their longest known prefix', () => {
    assert.equal(toolingRung('torch.nn.functional'), 'deep-learning');
    assert.equal(toolingRung('scipy.stats.mstats'), 'statistics');
    assert.equal(toolingRung('scipy.linalg'), null);
    assert.equal(toolingRung('sklearnx'), null);
  });

  describe('plan lookup for the command line', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'mlh501-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('walks up from the checked file to the nearest mlproject.yaml, reading each plan once', () => {
      mkdirSync(join(root, 'project', 'src', 'models'), { recursive: true });
      writeFileSync(join(root, 'project', 'mlproject.yaml'), 'decision:\n  rung: statistics\n');
      const resolver = new PlanContextResolver();
      const context = resolver.forFile(join(root, 'project', 'src', 'models', 'net.py'));
      assert.equal(context?.file, join(root, 'project', 'mlproject.yaml'));
      assert.equal(context?.decision?.rung, 'statistics');
      assert.equal(resolver.forFile(join(root, 'project', 'train.py')), context);
    });

    it('reports a malformed plan once and ignores its decision', () => {
      writeFileSync(join(root, 'mlproject.yaml'), 'decision:\n  rung: classicalml\n');
      const reported: string[] = [];
      const resolver = new PlanContextResolver((file, problems) =>
        reported.push(...problems.map((p) => `${file}:${p.line}: ${p.message}`)),
      );
      const context = resolver.forFile(join(root, 'a.py'));
      resolver.forFile(join(root, 'b.py'));
      assert.equal(context?.decision, null);
      assert.equal(reported.length, 1);
      assert.match(reported[0]!, /mlproject\.yaml:2: decision\.rung: must be one of not-ml, analytics/);
    });
  });
});
