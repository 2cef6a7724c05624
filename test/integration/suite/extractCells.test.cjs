// Extract Cells to Function in the notebook editor: several selected cells become one function
// defined and called in the first code cell, the later code cells stay (emptied), markdown cells
// stay as they are, the rename starts on the new name, and one undo takes it all back. A refusal
// says why, with the line and the cell, and changes nothing.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const code = (source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
const markdown = (source) => ({ cell_type: 'markdown', metadata: {}, source });
const ipynb = (cells) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells,
  });

const CELLS = [
  code('import pandas as pd\nlimit = 3'),
  markdown('## Load the frame'),
  code('df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 2, 2]})'),
  markdown('Keep the small ratios.'),
  code('df["ratio"] = df["a"] / df["b"]\nsmall = df[df["ratio"] < limit]'),
  code('print(small.shape)'),
];
const TEXTS = CELLS.map((c) => c.source);

const { project, removeProjects } = h.scratchProjects('extract-cells');

async function openNotebook(cells) {
  const root = project({ 'explore.ipynb': ipynb(cells) });
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(root, 'explore.ipynb'));
  const editor = await vscode.window.showNotebookDocument(notebook);
  return { notebook, editor };
}

const texts = (notebook) => notebook.getCells().map((c) => c.document.getText());
const kinds = (notebook) => notebook.getCells().map((c) => c.kind);

suite('Extract Cells to Function in the notebook editor', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });
  teardown(() => h.closeAllEditors());
  suiteTeardown(() => removeProjects());

  test('the selected cells become one function in the first code cell; markdown stays; the name is selected at its def and call for renaming; one undo restores every cell', async () => {
    const { notebook, editor } = await openNotebook(CELLS);
    const kindsBefore = kinds(notebook);
    editor.selections = [new vscode.NotebookRange(1, 5)];
    const result = await vscode.commands.executeCommand('mlHygiene.extractFunction');
    assert.equal(result.applied, true, JSON.stringify(result));
    assert.deepEqual(kinds(notebook), kindsBefore, 'the cells keep their number, order and kind');
    assert.equal(
      notebook.cellAt(2).document.getText(),
      [
        'def load_the_frame(limit):',
        '    df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 2, 2]})',
        '',
        '    df["ratio"] = df["a"] / df["b"]',
        '    small = df[df["ratio"] < limit]',
        '    return small',
        '',
        '',
        'small = load_the_frame(limit)',
      ].join('\n'),
    );
    assert.equal(notebook.cellAt(4).document.getText(), '', 'the later code cell is left empty');
    for (const i of [0, 1, 3, 5]) assert.equal(notebook.cellAt(i).document.getText(), TEXTS[i], `cell ${i + 1} unchanged`);
    // No Python rename provider here: the def's name and the call's are both selected, in the first code cell.
    const active = vscode.window.activeTextEditor;
    assert.equal(active.document, notebook.cellAt(2).document);
    assert.deepEqual(
      active.selections.map((s) => [s.start.line, active.document.getText(s)]),
      [
        [0, 'load_the_frame'],
        [8, 'load_the_frame'],
      ],
    );
    // Not typing a name: the first undo takes the extraction back, in every cell at once.
    await vscode.commands.executeCommand('undo');
    await h.waitFor('one undo to restore every cell', () => JSON.stringify(texts(notebook)) === JSON.stringify(TEXTS), {
      describeState: () => JSON.stringify(texts(notebook)),
    });
  });

  test('what the author types names the function at its def and its call', async () => {
    const { notebook, editor } = await openNotebook(CELLS);
    editor.selections = [new vscode.NotebookRange(2, 5)];
    const result = await vscode.commands.executeCommand('mlHygiene.extractFunction');
    assert.equal(result.applied, true, JSON.stringify(result));
    await vscode.commands.executeCommand('type', { text: 'small_ratios' });
    const text = notebook.cellAt(2).document.getText();
    assert.ok(text.startsWith('def small_ratios(limit):\n'), text);
    assert.ok(text.endsWith('\nsmall = small_ratios(limit)'), text);
  });

  test("from a cell's toolbar menu: the selected cells when the cell is among them, else that cell alone", async () => {
    const { notebook, editor } = await openNotebook(CELLS);
    editor.selections = [new vscode.NotebookRange(1, 5)];
    const selected = await vscode.commands.executeCommand('mlHygiene.extractFunction', notebook.cellAt(4));
    assert.equal(selected.applied, true, JSON.stringify(selected));
    assert.match(notebook.cellAt(2).document.getText(), /^def load_the_frame\(limit\):\n[^]*\nsmall = load_the_frame\(limit\)$/);
    assert.equal(notebook.cellAt(4).document.getText(), '');
    await vscode.commands.executeCommand('undo');
    await h.waitFor('the undo', () => JSON.stringify(texts(notebook)) === JSON.stringify(TEXTS), {
      describeState: () => JSON.stringify(texts(notebook)),
    });

    editor.selections = [new vscode.NotebookRange(0, 1)];
    const alone = await vscode.commands.executeCommand('mlHygiene.extractFunction', notebook.cellAt(4));
    assert.equal(alone.applied, true, JSON.stringify(alone));
    assert.equal(notebook.cellAt(2).document.getText(), TEXTS[2], 'the cell above is not part of it');
    assert.match(notebook.cellAt(4).document.getText(), /^def \w+\(df, limit\):\n/);
  });

  test('run on a range of cells given with the notebook: a magic in a cell is refused with its line and cell, nothing changes', async () => {
    const cells = [code('x = 1'), code('y = x + 1'), markdown('# Timing'), code('z = y * 2\n%time w = z + 1'), code('print(w)')];
    const { notebook } = await openNotebook(cells);
    const before = texts(notebook);
    const result = await vscode.commands.executeCommand('mlHygiene.extractFunction', notebook.uri, { start: 1, end: 4 });
    assert.equal(result.applied, false);
    assert.deepEqual(
      result.refused.map((r) => [r.cell, r.line]),
      [[4, 2]],
    );
    assert.match(result.refused[0].reason, /^line 2 of cell 4 is an IPython magic or shell line/);
    assert.deepEqual(texts(notebook), before);
  });

  test('a code cell left out between the selected cells: nothing changes', async () => {
    const { notebook, editor } = await openNotebook(CELLS);
    editor.selections = [new vscode.NotebookRange(0, 1), new vscode.NotebookRange(4, 5)];
    const result = await vscode.commands.executeCommand('mlHygiene.extractFunction');
    assert.equal(result, undefined, 'the command reports the error instead');
    assert.deepEqual(texts(notebook), TEXTS);
  });
});
