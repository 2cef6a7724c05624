import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { PHASE_IDS, PHASES, RUNG_IDS, RUNGS } from '../../../src/core/plan/catalog';
import { PLAN_SCHEMA } from '../../../src/core/plan/validate';

const ROOT = join(__dirname, '..', '..', '..');

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
  enum?: string[];
  $ref?: string;
  description?: string;
}

describe('plan catalog and the mlproject.yaml schema', () => {
  const schema = PLAN_SCHEMA as SchemaNode;

  it('has six phases of 4 to 6 items, each with a title, a why and a unique id', () => {
    assert.deepEqual(
      PHASES.map((p) => p.id),
      [...PHASE_IDS],
    );
    const ids = new Set<string>();
    for (const phase of PHASES) {
      assert.ok(phase.items.length >= 4 && phase.items.length <= 6, `${phase.id} has ${phase.items.length} items`);
      for (const item of phase.items) {
        assert.match(item.id, /^[a-z]+\.[a-z]+(-[a-z]+)*$/);
        assert.equal(item.id, `${phase.id}.${item.key}`);
        assert.ok(!ids.has(item.id), `${item.id} twice`);
        ids.add(item.id);
        assert.ok(item.title.length > 10 && !item.title.endsWith('.'), item.id);
        assert.ok(item.why.length > 20 && item.why.endsWith('.'), item.id);
      }
    }
  });

  it('verifies the items the issue names from the workspace', () => {
    const verified = PHASES.flatMap((p) => p.items.filter((i) => i.evidence).map((i) => i.id)).sort();
    assert.deepEqual(verified, [
      'development.ci',
      'development.config',
      'development.modular',
      'development.tests',
      'development.version-control',
      'evaluation.attribution-plan',
      'experimentation.seeds',
      'planning.problem-statement',
    ]);
  });

  it('has six rungs in order, each asking a question', () => {
    assert.deepEqual(
      RUNGS.map((r) => r.id),
      [...RUNG_IDS],
    );
    assert.deepEqual(
      RUNGS.map((r) => r.step),
      [1, 2, 3, 4, 5, 6],
    );
    for (const rung of RUNGS) assert.ok(rung.question.endsWith('?') || rung.question.endsWith('now.'), rung.id);
  });

  it('lists in the schema exactly the phases, items and rungs of the catalog', () => {
    const phases = schema.properties!['phases']!.properties!;
    assert.deepEqual(Object.keys(phases), [...PHASE_IDS]);
    for (const phase of PHASES) {
      const definition = schema.definitions![phase.id]!;
      const items = definition.properties!['items']!.properties!;
      assert.deepEqual(
        Object.keys(items),
        phase.items.map((i) => i.key),
        phase.id,
      );
      for (const item of phase.items) assert.ok(items[item.key]!.description!.startsWith(item.title), item.id);
    }
    assert.deepEqual(schema.properties!['decision']!.properties!['rung']!.enum, [...RUNG_IDS]);
    assert.deepEqual(schema.properties!['current']!.enum, [...PHASE_IDS]);
  });

  it('is a valid draft-07 schema, shipped and contributed for YAML validation', () => {
    new Ajv({ allowUnionTypes: true, strict: true }).compile(PLAN_SCHEMA);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { yamlValidation: Array<{ fileMatch: string; url: string }> };
    };
    const entry = manifest.contributes.yamlValidation.find((v) => v.fileMatch === 'mlproject.yaml');
    assert.ok(entry, 'contributes.yamlValidation has mlproject.yaml');
    assert.ok(existsSync(join(ROOT, entry.url)), entry.url);
    assert.deepEqual(JSON.parse(readFileSync(join(ROOT, entry.url), 'utf8')), PLAN_SCHEMA);
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!schemas/**'), '.vscodeignore ships the schema');
  });
});
