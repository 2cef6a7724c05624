/**
 * Reading and writing `mlproject.yaml` with the `yaml` document API: an edit changes the nodes
 * it is about and leaves the rest of the file as it was written, comments, key order, blank
 * lines and spacing included. A file that does not parse or does not match the schema is never
 * rewritten: `applyPlanEdit` refuses it.
 */
import { diffArrays } from 'diff';
import type { Document, Node as YamlNode } from 'yaml';
import { isMap, isScalar, LineCounter, parseDocument, YAMLMap } from 'yaml';
import type { PhaseId, RungId } from './catalog';
import { isPhaseId, isRungId, itemDefinition } from './catalog';
import { migrateDocument } from './migrate';
import type { Decision, ItemState, PlanData, PlanProblem, PlanRead } from './types';
import { PLAN_VERSION } from './types';
import { validatePlanValue } from './validate';

export type PlanEdit =
  | { kind: 'setItemDone'; item: string; done: boolean }
  | { kind: 'setItemNote'; item: string; note: string }
  | { kind: 'setItemDocument'; item: string; document: string }
  | { kind: 'setDecision'; rung: RungId; rationale: string; decidedOn: string }
  | { kind: 'clearDecision' }
  | { kind: 'setCurrent'; phase: PhaseId };

/** Thrown by `applyPlanEdit` for a file it must not touch; `problems` say why. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
  constructor(readonly problems: PlanProblem[]) {
    super(problems.map((p) => (p.line === null ? p.message : `line ${p.line}: ${p.message}`)).join('; '));
  }
}

/** The start of a new plan file. */
export const PLAN_TEMPLATE = [
  '# The ML project plan: the phase the project is in, the decision on the simplest-solution',
  '# path, and each phase’s checklist. The ML Hygiene sidebar and `ml-hygiene plan status`',
  '# read it; commit it so the whole team shares it. Edit it by hand or from the sidebar.',
  '# Items the extension verifies from the workspace (tests, CI, configuration, ...) take',
  '# their state from the code; a note on them is kept here.',
  `version: ${PLAN_VERSION}`,
  '',
].join('\n');

const TO_STRING = { lineWidth: 0 } as const;

interface Parsed {
  doc: Document;
  lines: LineCounter;
  problems: PlanProblem[];
}

function parse(text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = doc.errors.map((error) => ({ line: lines.linePos(error.pos[0]).line, message: yamlMessage(error.message) }));
  return { doc, lines, problems };
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Reads a plan file's text: the plan, or the problems that make it unreadable. */
export function readPlan(text: string): PlanRead {
  const { doc, lines, problems } = parse(text);
  if (problems.length > 0) return { ok: false, problems };
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { ok: true, plan: planFrom({}), migrations: [] };
  if (!isMap(contents))
    return {
      ok: false,
      problems: [
        {
          line: lines.linePos(contents.range?.[0] ?? 0).line,
          message: 'the plan must be a mapping of keys (version, current, decision, phases)',
        },
      ],
    };
  const version = contents.get('version');
  if (typeof version === 'number' && version > PLAN_VERSION) {
    return {
      ok: false,
      problems: [
        {
          line: lineOfKey(contents, 'version', lines),
          message: `written by a newer ML Hygiene (format version ${version}); this one reads version ${PLAN_VERSION}`,
        },
      ],
    };
  }
  const migrations = migrateDocument(doc);
  const value: unknown = doc.toJS();
  const invalid = validatePlanValue(value, doc, lines);
  if (invalid.length > 0) return { ok: false, problems: invalid };
  return { ok: true, plan: planFrom(value as RawPlan), migrations };
}

function lineOfKey(map: YAMLMap, key: string, lines: LineCounter): number | null {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const offset = (pair?.key as YamlNode | undefined)?.range?.[0];
  return offset === undefined ? null : lines.linePos(offset).line;
}

/** The plan's value once valid (see the schema). */
interface RawPlan {
  current?: string;
  decision?: { rung: string; rationale?: string; decidedOn?: string } | null;
  phases?: Record<string, { items?: Record<string, RawItem | null> | null } | null> | null;
}

interface RawItem {
  done?: boolean;
  note?: string;
  document?: string;
}

function planFrom(raw: RawPlan): PlanData {
  const items = new Map<string, ItemState>();
  for (const [phase, entry] of Object.entries(raw.phases ?? {})) {
    for (const [key, item] of Object.entries(entry?.items ?? {})) {
      items.set(`${phase}.${key}`, { done: item?.done === true, note: item?.note ?? '', document: item?.document ?? null });
    }
  }
  const decision: Decision | null =
    raw.decision && isRungId(raw.decision.rung)
      ? { rung: raw.decision.rung, rationale: raw.decision.rationale ?? '', decidedOn: raw.decision.decidedOn ?? null }
      : null;
  return { current: isPhaseId(raw.current) ? raw.current : null, decision, items };
}

/**
 * The plan file's new text after `edit`. `text` null means there is no file yet: it starts from
 * the template. Older shapes are upgraded on the way (see migrate.ts). Throws PlanFileError for a
 * file that does not read cleanly, and for an item id that does not exist.
 */
export function applyPlanEdit(text: string | null, edit: PlanEdit): string {
  const source = text ?? PLAN_TEMPLATE;
  const read = readPlan(source);
  if (!read.ok) throw new PlanFileError(read.problems);
  const { doc } = parse(source);
  const before = doc.toString(TO_STRING);
  const contents = doc.contents as YamlNode | null;
  if (!isMap(contents)) doc.contents = doc.createNode({}) as YAMLMap;
  migrateDocument(doc);
  ensureVersion(doc);
  perform(doc, edit);
  const after = doc.toString(TO_STRING);
  return keepFormatting(source, before, after);
}

function ensureVersion(doc: Document): void {
  const root = doc.contents as YAMLMap;
  if (root.has('version')) return;
  const pair = doc.createPair('version', PLAN_VERSION);
  // A comment above the first key heads the file: keep it above the new first key.
  const first = root.items[0]?.key as YamlNode | undefined;
  if (first?.commentBefore) {
    (pair.key as YamlNode).commentBefore = first.commentBefore;
    first.commentBefore = undefined;
  }
  root.items.unshift(pair);
}

function itemPath(id: string): string[] {
  const definition = itemDefinition(id);
  if (!definition) throw new PlanFileError([{ line: null, message: `unknown checklist item ${JSON.stringify(id)}` }]);
  return ['phases', definition.phase, 'items', definition.key];
}

function perform(doc: Document, edit: PlanEdit): void {
  switch (edit.kind) {
    case 'setItemDone':
      setIn(doc, [...itemPath(edit.item), 'done'], edit.done);
      return;
    case 'setItemNote':
      setOrDelete(doc, [...itemPath(edit.item), 'note'], edit.note.trim());
      return;
    case 'setItemDocument':
      setOrDelete(doc, [...itemPath(edit.item), 'document'], edit.document.trim());
      return;
    case 'setDecision':
      setIn(doc, ['decision', 'rung'], edit.rung);
      setOrDelete(doc, ['decision', 'rationale'], edit.rationale.trim());
      setIn(doc, ['decision', 'decidedOn'], edit.decidedOn);
      return;
    case 'clearDecision':
      doc.deleteIn(['decision']);
      return;
    case 'setCurrent':
      setIn(doc, ['current'], edit.phase);
      return;
  }
}

function setOrDelete(doc: Document, path: readonly string[], value: string): void {
  if (value !== '') setIn(doc, path, value);
  else if (doc.hasIn(path)) doc.deleteIn(path);
}

/** `doc.setIn`, first turning empty values on the way (`phases:` with nothing after it) into maps. */
function setIn(doc: Document, path: readonly string[], value: unknown): void {
  for (let depth = 1; depth < path.length; depth++) {
    const prefix = path.slice(0, depth);
    const node = doc.getIn(prefix, true) as YamlNode | undefined;
    if (node === undefined || (isScalar(node) && (node.value === null || node.value === undefined))) {
      const map = new YAMLMap<unknown, unknown>();
      // `phases: # to do`: the library keeps such a comment above the map's first key.
      if (node && isScalar(node) && node.comment) map.commentBefore = node.comment;
      doc.setIn(prefix, map);
    }
  }
  doc.setIn(path, value);
}

/**
 * `after` is the edited document as the yaml library prints it; `before` is the unedited one
 * printed the same way. Lines the edit did not change are taken from `source`, as the user wrote
 * them (spacing before comments, quoting). Only when the printed form lines up with the source
 * line by line, and the result still means the same as `after`.
 */
export function keepFormatting(source: string, before: string, after: string): string {
  const sourceLines = source.split('\n');
  const beforeLines = before.split('\n');
  if (source === before || sourceLines.length !== beforeLines.length) return after;
  const out: string[] = [];
  let at = 0;
  for (const part of diffArrays(beforeLines, after.split('\n'))) {
    if (part.added) out.push(...part.value);
    else if (part.removed) at += part.value.length;
    else {
      out.push(...sourceLines.slice(at, at + part.value.length));
      at += part.value.length;
    }
  }
  const merged = out.join('\n');
  return sameMeaning(merged, after) ? merged : after;
}

function sameMeaning(a: string, b: string): boolean {
  const left = parseDocument(a);
  const right = parseDocument(b);
  return left.errors.length === 0 && JSON.stringify(left.toJS()) === JSON.stringify(right.toJS());
}
