import * as vscode from 'vscode';
import { withAnalysis, withModel } from '../core/engine';
import type { ParamsFormat } from '../core/params';
import { locateParamsEnv, PARAMS_FILE_NAMES, PARAMS_FORMATS } from '../core/params';
import type { ParamsEnv } from '../core/params';
import type { ScriptModel } from '../core/semantic';
import type { ProgramSource } from '../core/parse/source';
import { notebookSource, pythonSource } from '../core/parse/source';
import type { RefactorResult } from '../core/refactors/change';
import { cellRange, extractFunction } from '../core/refactors/extractFunction';
import { EXTRACT_CONFIG, quickFixesFor, resolvedBy, runFindingRefactor } from '../core/refactors/registry';
import { suppressionEdit } from '../core/refactors/suppress';
import { FIX_ALL_TITLE, fixAll } from '../core/refactors/fixAll';
import { findRule } from '../core/rules/registry';
import type { Finding, Range } from '../core/types';
import type { ConfigService } from './config';
import { DIAGNOSTIC_SOURCE } from './convert';
import { analysisPath, isJupyterNotebook, isLivePythonDocument, notebookOfCell } from './documents';
import type { FindingStore } from './findings';
import { diagnosticCode } from './findings';
import { cellInput } from './notebooks';
import type { ScriptTarget } from './refactorEdit';
import { SAVE_WRITTEN_FILES_COMMAND, currentText, scriptEdit, toWorkspaceEdit, writtenFiles } from './refactorEdit';
import { PREVIEW_REFACTOR_COMMAND, wantsPreview } from './refactorPreview';
import { focusLocation, RENAME_AT_COMMAND } from './renameAfter';
import { QUICK_FIX_APPLIED_COMMAND } from './walkthrough';

/** `source.mlHygiene.extractConfig`: every parameter, path and feature list of the file to the params file. */
export const EXTRACT_CONFIG_KIND = vscode.CodeActionKind.Source.append('mlHygiene').append('extractConfig');

/** `source.fixAll.mlHygiene`: every safe fix of the file as one edit (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mlHygiene');
/** `notebook.source.fixAll.mlHygiene`: the same for a whole notebook (`notebook.codeActionsOnSave`). */
export const NOTEBOOK_FIX_ALL_KIND = vscode.CodeActionKind.Notebook.append(FIX_ALL_KIND.value);

/** Where a document's code sits in the program the engine analyzes. */
export interface ScriptContext {
  target: ScriptTarget;
  source: ProgramSource;
  /** The URI whose analysis result the store holds (the file, or the notebook). */
  analyzedUri: vscode.Uri;
  /** Program line of the document's first line (a cell's start line; 0 for a file). */
  lineOffset: number;
  /** Whether files can be written beside it (a file on disk, not an untitled document). */
  onDisk: boolean;
}

export function scriptContext(document: vscode.TextDocument): ScriptContext | null {
  const notebook = notebookOfCell(document);
  if (notebook) {
    if (!isJupyterNotebook(notebook)) return null;
    const cells = notebook.getCells();
    const cellIndex = cells.findIndex((cell) => cell.document === document);
    const source = notebookSource(analysisPath(notebook.uri), cells.map(cellInput));
    const placed = source.codeCells.find((c) => c.cellIndex === cellIndex);
    if (!placed) return null;
    return {
      target: { kind: 'notebook', notebook },
      source,
      analyzedUri: notebook.uri,
      lineOffset: placed.startLine,
      onDisk: notebook.uri.scheme === 'file',
    };
  }
  if (!isLivePythonDocument(document)) return null;
  return {
    target: { kind: 'text', document },
    source: pythonSource(analysisPath(document.uri), document.getText()),
    analyzedUri: document.uri,
    lineOffset: 0,
    onDisk: document.uri.scheme === 'file',
  };
}

function toProgram(range: vscode.Range, offset: number): Range {
  return {
    start: { line: range.start.line + offset, character: range.start.character },
    end: { line: range.end.line + offset, character: range.end.character },
  };
}

function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.code === b.code &&
    a.message === b.message &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character
  );
}

/** A code action whose edit is computed when it is chosen (resolveCodeAction). */
class RefactorAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly context: ScriptContext,
    readonly compute: (context: ScriptContext) => Promise<RefactorResult>,
  ) {
    super(title, kind);
  }
}

/** "Fix all safe problems": computed when chosen (or at once on save, `onSave`). */
class FixAllAction extends vscode.CodeAction {
  constructor(
    readonly context: ScriptContext,
    kind: vscode.CodeActionKind,
    readonly onSave: boolean,
  ) {
    super(`${FIX_ALL_TITLE} (ML Hygiene)`, kind);
  }
}

export interface CodeActionDeps {
  store: FindingStore;
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

/**
 * Code actions: the refactors on their diagnostics (`quickfix`), the file-wide move to the params
 * file (`source.mlHygiene.extractConfig`), extract-to-function on a selection or a notebook cell
 * (`refactor.extract`), every safe fix at once (`source.fixAll.mlHygiene`, and
 * `notebook.source.fixAll.mlHygiene` for a notebook), and for every finding "Disable for this line"
 * and "Show documentation".
 */
export class RefactorCodeActions implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [
      vscode.CodeActionKind.QuickFix,
      EXTRACT_CONFIG_KIND,
      vscode.CodeActionKind.RefactorExtract,
      FIX_ALL_KIND,
      NOTEBOOK_FIX_ALL_KIND,
    ],
  };

  constructor(private readonly deps: CodeActionDeps) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] | Promise<vscode.CodeAction[]> {
    const script = scriptContext(document);
    if (!script) return [];
    // Fix all only when asked for by kind (on save, the Source Action menu), never on a cursor move.
    // In a notebook on save, `source.fixAll` would run once per cell: `notebook.source.fixAll` runs
    // it once for the notebook.
    const onSave = context.triggerKind === vscode.CodeActionTriggerKind.Automatic;
    const inNotebook = script.target.kind === 'notebook';
    let fixAllKind: vscode.CodeActionKind | undefined;
    if (context.only && inNotebook && context.only.contains(NOTEBOOK_FIX_ALL_KIND)) fixAllKind = NOTEBOOK_FIX_ALL_KIND;
    else if (context.only?.contains(FIX_ALL_KIND) && !(inNotebook && onSave)) fixAllKind = FIX_ALL_KIND;
    const actions: vscode.CodeAction[] = [];
    // One parse for every action offered here, and only if one needs the model.
    let parsed: ScriptModel | undefined;
    const model = (): ScriptModel => (parsed ??= withModel(script.source, (m) => m));
    const wants = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const finding = this.deps.store.findingFor(document.uri, diagnostic);
        const code = diagnosticCode(diagnostic);
        if (!finding || !code) continue;
        actions.push(...this.quickFixes(script, model, finding, diagnostic));
      }
    }
    if (wants(EXTRACT_CONFIG_KIND) && script.onDisk) {
      const findings = this.deps.store.result(script.analyzedUri)?.findings ?? [];
      if (resolvedBy(EXTRACT_CONFIG, findings).length > 0) {
        const action = new RefactorAction(EXTRACT_CONFIG.title(paramsFileName(script)), EXTRACT_CONFIG_KIND, script, (s) =>
          this.withFresh(s, true, (model, fresh, env) => EXTRACT_CONFIG.run(model, resolvedBy(EXTRACT_CONFIG, fresh), env!)),
        );
        actions.push(action);
      }
    }
    if (wants(vscode.CodeActionKind.RefactorExtract)) {
      // A whole cell is offered when asked for (Ctrl+. or the Refactor menu), not on every cursor move.
      const extract =
        range.isEmpty && context.triggerKind !== vscode.CodeActionTriggerKind.Invoke ? null : this.extractAction(script, model, range);
      if (extract) actions.push(extract);
    }
    if (!fixAllKind) return actions;
    // The notebook kind is asked for by notebook.codeActionsOnSave alone, with an "invoke" trigger.
    if (!onSave && fixAllKind !== NOTEBOOK_FIX_ALL_KIND) return [...actions, new FixAllAction(script, fixAllKind, false)];
    // On save: computed now, so the save waits for it and writes the fixed text.
    const onSaveAction = new FixAllAction(script, fixAllKind, true);
    return this.resolveFixAll(onSaveAction).then((resolved) => (resolved.edit ? [...actions, resolved] : actions));
  }

  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    if (action instanceof FixAllAction) return action.edit || action.command ? action : this.resolveFixAll(action);
    if (!(action instanceof RefactorAction) || action.edit) return action;
    try {
      const result = await action.compute(action.context);
      if (!result.change) {
        const reason = result.refused[0];
        const where = reason ? ` (line ${reason.range.start.line - action.context.lineOffset + 1})` : '';
        void vscode.window.showWarningMessage(
          `ML Hygiene: ${action.title}: nothing to change${reason ? `: ${reason.reason}${where}` : ''}.`,
        );
        return action;
      }
      if (wantsPreview(result.change, action.context.analyzedUri)) {
        // Shown first (it creates files, or mlHygiene.refactor.preview says always), applied when the user says so.
        action.command = {
          command: PREVIEW_REFACTOR_COMMAND,
          title: 'Preview the refactor',
          arguments: [result.change, action.context.target],
        };
      } else {
        action.edit = await toWorkspaceEdit(result.change, action.context.target);
        const written = writtenFiles(result.change);
        const focus = result.change.focus ? focusLocation(action.context.target, action.context.source, result.change.focus) : null;
        if (written.length > 0)
          action.command = { command: SAVE_WRITTEN_FILES_COMMAND, title: 'Save the params files', arguments: [written] };
        // Extract to Function: name the new function at once.
        else if (focus)
          action.command = { command: RENAME_AT_COMMAND, title: 'Rename the new function', arguments: [focus.uri, focus.position] };
        else if (action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind)) action.command = appliedCommand(action);
      }
      for (const refused of result.refused)
        this.deps.log.info(`${action.title}: line ${refused.range.start.line + 1} not changed: ${refused.reason}`);
    } catch (error) {
      this.deps.log.error(`${action.title} failed`, error);
      void vscode.window.showErrorMessage(`ML Hygiene: ${action.title}: ${(error as Error).message}`);
    }
    return action;
  }

  /**
   * Every safe fix of the file (core/refactors/fixAll.ts) on the document as it is now. On save the
   * edit is applied as it is (the user asked for it in `codeActionsOnSave`); from the Source Action
   * menu a change that creates files is previewed first, as every refactor.
   */
  private async resolveFixAll(action: FixAllAction): Promise<FixAllAction> {
    try {
      const result = await this.withFresh(action.context, action.context.onDisk, (model, findings, env) => fixAll(model, findings, env));
      for (const refused of result.refused)
        this.deps.log.info(
          `${FIX_ALL_TITLE}: line ${refused.range.start.line - action.context.lineOffset + 1} not changed: ${refused.reason}`,
        );
      if (!result.change) {
        this.deps.log.info(`${FIX_ALL_TITLE}: nothing to fix${action.onSave ? ' on save' : ''}`);
        if (!action.onSave) void vscode.window.showInformationMessage(`ML Hygiene: no safe fix to apply in this file.`);
        return action;
      }
      if (!action.onSave && wantsPreview(result.change, action.context.analyzedUri)) {
        action.command = {
          command: PREVIEW_REFACTOR_COMMAND,
          title: 'Preview the fixes',
          arguments: [result.change, action.context.target],
        };
        return action;
      }
      action.edit = await toWorkspaceEdit(result.change, action.context.target);
      const written = writtenFiles(result.change);
      if (written.length > 0)
        action.command = { command: SAVE_WRITTEN_FILES_COMMAND, title: 'Save the params files', arguments: [written] };
      this.deps.log.info(`${FIX_ALL_TITLE}: ${result.fixed.length} finding(s) fixed${action.onSave ? ' on save' : ''}`);
    } catch (error) {
      this.deps.log.error(`${FIX_ALL_TITLE} failed`, error);
      if (!action.onSave) void vscode.window.showErrorMessage(`ML Hygiene: ${FIX_ALL_TITLE}: ${(error as Error).message}`);
    }
    return action;
  }

  private quickFixes(
    script: ScriptContext,
    model: () => ScriptModel,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const file = paramsFileName(script);
    for (const refactor of quickFixesFor(finding.code)) {
      if (refactor.createsFiles && !script.onDisk) continue;
      const action = new RefactorAction(refactor.title(finding, file), vscode.CodeActionKind.QuickFix, script, (s) =>
        this.withFresh(s, refactor.createsFiles, (model, findings, env) => {
          const fresh = findings.find((f) => sameFinding(f, finding));
          if (!fresh) throw new Error('the file changed since it was analysed; try again');
          return runFindingRefactor(refactor, model, fresh, env);
        }),
      );
      action.diagnostics = [diagnostic];
      action.isPreferred = refactor.applicability === 'safe';
      actions.push(action);
    }
    const own = finding.fix;
    if (own && own.edits.length > 0) {
      const edit = scriptEdit(script.target, script.source, own.edits);
      if (edit) {
        const action = new vscode.CodeAction(own.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = own.applicability === 'safe';
        action.edit = edit;
        action.command = appliedCommand(action);
        actions.push(action);
      }
    }
    const disable = this.disableAction(script, model(), finding, diagnostic);
    if (disable) actions.push(disable);
    const rule = findRule(finding.code);
    if (rule) {
      const docs = new vscode.CodeAction(`Show documentation for ${rule.code} (${rule.name})`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: 'mlHygiene.showRuleDocumentation', arguments: [rule.code] };
      docs.diagnostics = [diagnostic];
      actions.push(docs);
    }
    return actions;
  }

  private disableAction(
    script: ScriptContext,
    model: ScriptModel,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction | null {
    const pragma = suppressionEdit(model, finding.range.start.line, finding.code);
    const edit = pragma ? scriptEdit(script.target, script.source, [pragma]) : null;
    if (!edit) return null;
    const action = new vscode.CodeAction(`Disable ${finding.code} for this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.edit = edit;
    return action;
  }

  private extractAction(script: ScriptContext, model: () => ScriptModel, range: vscode.Range): vscode.CodeAction | null {
    const inCell = script.target.kind === 'notebook';
    if (range.isEmpty && !inCell) return null;
    const program = (source: ProgramSource, modelOf: () => ScriptModel): Range | null => {
      if (!range.isEmpty) return toProgram(range, script.lineOffset);
      const cellIndex =
        script.target.kind === 'notebook' ? source.codeCells.find((c) => c.startLine === script.lineOffset)?.cellIndex : undefined;
      return cellIndex === undefined ? null : cellRange(modelOf(), cellIndex);
    };
    const selection = program(script.source, model);
    if (!selection) return null;
    const title = range.isEmpty ? 'Extract cell to function' : 'Extract to function';
    // Cheap enough to run now: the action shows why it cannot apply instead of failing later.
    const probe = extractFunction(model(), selection);
    const action = new RefactorAction(title, vscode.CodeActionKind.RefactorExtract, script, async (s) => {
      // The document as it is now: one parse for the selection and the extraction.
      const fresh = withModel(s.source, (m) => m);
      const again = program(s.source, () => fresh);
      return again ? extractFunction(fresh, again) : { change: null, refused: [], moved: [] };
    });
    if (!probe.change) action.disabled = { reason: probe.refused[0]?.reason ?? 'nothing to extract' };
    return action;
  }

  /** Runs a refactor on freshly analyzed findings of the document as it is now (one parse for both); `env` when it needs files. */
  private async withFresh<R extends RefactorResult>(
    script: ScriptContext,
    needsFiles: boolean,
    run: (model: ScriptModel, findings: Finding[], env: ParamsEnv | null) => R,
  ): Promise<R> {
    const now = refreshed(script);
    const { config } = this.deps.config.forUri(script.analyzedUri);
    const env = needsFiles ? await paramsEnv(now) : null;
    return withAnalysis(now.source, { config }, (findings, model) => run(model, findings, env));
  }
}

/** Run after a quick fix's edit (the walkthrough's "apply a quick fix" step completes on it). */
function appliedCommand(action: vscode.CodeAction): vscode.Command {
  const code = action.diagnostics?.[0] ? diagnosticCode(action.diagnostics[0]) : undefined;
  return { command: QUICK_FIX_APPLIED_COMMAND, title: action.title, arguments: [code ?? null, action.title] };
}

/** The context again, from the documents as they are now. */
function refreshed(script: ScriptContext): ScriptContext {
  if (script.target.kind === 'text') return scriptContext(script.target.document) ?? script;
  const notebook = script.target.notebook;
  return { ...script, source: notebookSource(analysisPath(notebook.uri), notebook.getCells().map(cellInput)) };
}

/** The params file's name for titles (`params.yaml`), from the setting: no file system access. */
function paramsFileName(script: ScriptContext): string {
  return PARAMS_FILE_NAMES[paramsFormat(script.analyzedUri)];
}

export function paramsFormat(uri: vscode.Uri): ParamsFormat {
  const value = vscode.workspace.getConfiguration('mlHygiene', uri).get<string>('params.format');
  return (PARAMS_FORMATS as readonly string[]).includes(value ?? '') ? (value as ParamsFormat) : 'yaml';
}

/** Where the params file and the loader go for this script; an open (unsaved) params file is read from the editor. */
export async function paramsEnv(script: ScriptContext): Promise<ParamsEnv> {
  // Never above the workspace folder: a repository around the workspace is not this project.
  const folder = vscode.workspace.getWorkspaceFolder(script.analyzedUri);
  const env = locateParamsEnv(script.source.path, {
    format: paramsFormat(script.analyzedUri),
    ...(folder ? { boundary: folder.uri.fsPath } : {}),
  });
  const text = await currentText(vscode.Uri.file(env.params.path));
  return { ...env, params: { ...env.params, text } };
}
