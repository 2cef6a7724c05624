import * as vscode from 'vscode';
import type { ConfigService } from '../../vscode/config';
import type { ViewMessage, ViewState } from '../protocol';
import { DecisionPathActions, OPEN_DECISION_PATH_COMMAND } from './decisionActions';
import { parseViewMessage } from './messages';
import { PlanHost } from './planHost';
import { PLAN_VIEW_ID, PlanViewProvider } from './planView';

export const OPEN_PLAN_FILE_COMMAND = 'mlHygiene.openPlanFile';
export const REFRESH_PLAN_COMMAND = 'mlHygiene.refreshPlan';

/**
 * What the extension's API exposes of the sidebar, for the extension-host tests: the snapshot the
 * view would get, and the view's messages handled as if the view had sent them.
 */
export interface PlanApi {
  snapshot(): Promise<ViewState>;
  /** Handles a message as if the view sent it; resolves when its effect is done. */
  dispatch(message: ViewMessage): Promise<void>;
}

export interface PlanViewDeps {
  extensionUri: vscode.Uri;
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

/** The sidebar: its view, commands and the MLH501 code action. */
export function registerPlanView(deps: PlanViewDeps): { disposables: vscode.Disposable[]; api: PlanApi } {
  const host = new PlanHost({ config: deps.config, log: deps.log });
  const provider = new PlanViewProvider(deps.extensionUri, host, deps.log);
  const disposables = [
    host,
    provider,
    vscode.window.registerWebviewViewProvider(PLAN_VIEW_ID, provider),
    vscode.languages.registerCodeActionsProvider([{ language: 'python' }], new DecisionPathActions(), {
      providedCodeActionKinds: DecisionPathActions.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand(OPEN_DECISION_PATH_COMMAND, async (target?: unknown) => {
      host.selectFor(target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri);
      await provider.reveal('decision');
    }),
    vscode.commands.registerCommand(OPEN_PLAN_FILE_COMMAND, () => host.openPlanFile(null, null)),
    vscode.commands.registerCommand(REFRESH_PLAN_COMMAND, () => host.refresh()),
  ];
  const api: PlanApi = {
    snapshot: async () => {
      host.start();
      await host.idle();
      return host.snapshot();
    },
    dispatch: async (raw) => {
      host.start();
      const message = parseViewMessage(raw, host.folderIds());
      if (!message) throw new Error(`not a valid view message: ${JSON.stringify(raw)}`);
      await host.handle(message);
      await host.idle();
    },
  };
  return { disposables, api };
}
