import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OptionSpec, RuleMeta } from '../../../src/core/rules/rule';

function meta(code: string, name: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    code,
    name,
    family: 'structure',
    defaultSeverity: 'warning',
    status: 'stable',
    summary: `${name} fixture`,
    appliesTo: ['python', 'notebook'],
    options: {},
    ...extra,
  };
}

const minStatements: OptionSpec = { type: 'integer', default: 20, description: 'top-level statements', minimum: 1 };
const minPhases: OptionSpec = { type: 'integer', default: 3, description: 'phases mixed', minimum: 1, maximum: 6 };

/** Synthetic rules shaped like the real ones, so these tests do not depend on the registry. */
export const RULES: readonly RuleMeta[] = [
  meta('MLH001', 'monolithic-script', { options: { 'min-statements': minStatements, 'min-phases': minPhases } }),
  meta('MLH002', 'duplicated-feature-list', {
    options: { 'min-columns': { type: 'integer', default: 3, description: 'columns', minimum: 2 } },
  }),
  meta('MLH101', 'hard-coded-hyperparameter', {
    family: 'configuration',
    options: {
      'allowed-names': { type: 'string[]', default: ['verbose'], description: 'keyword arguments never reported' },
      'report-constants': { type: 'boolean', default: true, description: 'report module constants' },
    },
  }),
  meta('MLH102', 'hard-coded-path', { family: 'configuration', defaultSeverity: 'info' }),
  meta('MLH105', 'magic-threshold', {
    family: 'configuration',
    status: 'preview',
    options: {
      threshold: { type: 'number', default: 0.5, description: 'cut-off', minimum: 0, maximum: 1 },
      label: { type: 'string', default: 'x', description: 'a label' },
    },
  }),
  meta('MLH202', 'bare-expression', { family: 'notebook' }),
  meta('MLH301', 'unseeded-randomness', { family: 'reproducibility' }),
  meta('MLH401', 'preprocessing-before-split', { family: 'correctness', defaultSeverity: 'error' }),
];

export function rule(code: string): RuleMeta {
  const found = RULES.find((r) => r.code === code);
  if (found === undefined) throw new Error(`no fixture rule ${code}`);
  return found;
}

/** A fresh temporary folder with the given files (paths relative to it, `/`-separated). */
export function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-config-')));
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, ...relative.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
