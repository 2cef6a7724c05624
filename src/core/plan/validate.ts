/**
 * Validates a plan (after migration) against schemas/mlproject.schema.json with ajv, the same
 * schema the editor uses for YAML validation, and turns ajv's errors into sentences tied to
 * the line of the offending key or value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import schema from '../../../schemas/mlproject.schema.json';
import type { PlanProblem } from './types';

export { schema as PLAN_SCHEMA };

/** Compiling takes tens of milliseconds: done on first use, once per process. */
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(schema);
  return compiled;
}

/** Schema problems of `value` (the migrated document as plain data), with their lines. */
export function validatePlanValue(value: unknown, doc: Document, lines: LineCounter): PlanProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  const problems = new Map<string, PlanProblem>();
  for (const error of validate.errors ?? []) {
    const path = pointerPath(error.instancePath);
    const extra = error.keyword === 'additionalProperties' ? String(error.params['additionalProperty']) : null;
    const line = lineOf(doc, lines, extra === null ? path : [...path, extra], extra !== null || error.keyword === 'required');
    const message = `${describePath(extra === null ? path : [...path, extra])}: ${describeError(error)}`;
    problems.set(`${line}\n${message}`, { line, message });
  }
  return [...problems.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function pointerPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describePath(path: readonly string[]): string {
  return path.length === 0 ? 'the plan' : path.join('.');
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : String(values);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema?.['properties'] as Record<string, unknown> | undefined) ?? {});
      return known.length > 0 ? `unknown key; the keys here are ${known.join(', ')}` : 'unknown key';
    }
    case 'enum':
      return `must be one of ${list(params['allowedValues'])}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'required':
      return `needs \`${String(params['missingProperty'])}\``;
    case 'pattern':
      return 'must be a date like 2024-05-31';
    case 'type': {
      const wanted = String(params['type']);
      if (wanted === 'boolean') return 'must be true or false';
      if (wanted === 'string') return 'must be text';
      if (wanted.startsWith('object')) return 'must be a mapping of keys to values';
      return `must be of type ${wanted}`;
    }
    default:
      return error.message ?? 'is not valid';
  }
}

/**
 * 1-based line of the node at `path`, or of its key when `atKey`; when the path does not exist
 * in the document (a migrated shape), the line of the deepest node that does.
 */
function lineOf(doc: Document, lines: LineCounter, path: readonly string[], atKey: boolean): number | null {
  let node: YamlNode | null = doc.contents as YamlNode | null;
  let offset: number | null = node?.range?.[0] ?? null;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      const key = pair.key as YamlNode;
      const value = pair.value as YamlNode | null;
      offset = (last && atKey) || !value?.range ? (key.range?.[0] ?? offset) : value.range[0];
      node = value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as YamlNode | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return offset === null ? null : lines.linePos(offset).line;
}
