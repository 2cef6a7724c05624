/**
 * Real snapshots for the browser tests: the fixture workspaces of test/fixtures/plan, copied to a
 * temporary folder (made a git repository), read and analyzed by the same code the host runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPlan } from '../../src/core/plan/document';
import { gatherFolderFacts } from '../../src/core/project/folder';
import { PLAN_FILE } from '../../src/core/plan/types';
import type { SnapshotInput } from '../../src/webview/host/snapshot';
import { buildViewState } from '../../src/webview/host/snapshot';
import type { ViewState } from '../../src/webview/protocol';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'plan');

export interface Workspace {
  root: string;
  folder(name: string): string;
  dispose(): void;
}

/** Copies fixture folders into a temporary git repository. */
export function copyFixtures(names: readonly string[]): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'mlh-plan-'));
  mkdirSync(join(root, '.git'));
  for (const name of names) cpSync(join(FIXTURES, name), join(root, name), { recursive: true });
  return { root, folder: (name) => join(root, name), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export interface FolderInfo {
  path: string;
  name: string;
}

/** The snapshot the host sends for `folder` (one of `folders`). */
export async function snapshotFor(
  folders: readonly FolderInfo[],
  folder: FolderInfo,
  overrides: Partial<SnapshotInput> = {},
): Promise<ViewState> {
  const file = join(folder.path, PLAN_FILE);
  let text: string | null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  const read = text === null ? null : readPlan(text);
  const plan = read?.ok ? read.plan : null;
  const documents = plan ? [...plan.items.values()].flatMap((item) => (item.document ? [item.document] : [])) : [];
  const facts = await gatherFolderFacts(folder.path, documents, { warn: () => {}, plan: plan ? { file, decision: plan.decision } : null });
  return buildViewState({
    folders: folders.map((f) => ({ id: pathToFileURL(f.path).toString(), name: f.name })),
    folder: pathToFileURL(folder.path).toString(),
    file: read === null ? { exists: false } : { exists: true, read },
    lastGood: null,
    facts,
    indexing: false,
    scanning: false,
    canModularize: false,
    ...overrides,
  });
}
