import * as vscode from 'vscode';

/** Schemes of the documents the live analysis covers (notebook cells are handled per notebook). */
const PYTHON_SCHEMES = new Set(['file', 'untitled']);

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
export const JUPYTER_NOTEBOOK = 'jupyter-notebook';

/** A Python file or an untitled Python document (not a notebook cell). */
export function isLivePythonDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && PYTHON_SCHEMES.has(document.uri.scheme);
}

export function isJupyterNotebook(notebook: vscode.NotebookDocument): boolean {
  return notebook.notebookType === JUPYTER_NOTEBOOK;
}

/** The path the engine is given: the file's path, or the untitled document's name. */
export function analysisPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** The open notebook a cell document belongs to. */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.getCells().some((cell) => cell.document === document));
}
