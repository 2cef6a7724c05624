// Runs the extension-host tests in a real VS Code (@vscode/test-electron): downloads VS Code
// (VSCODE_TEST_VERSION, default "stable") unless VSCODE_EXECUTABLE names one, and opens a
// temporary copy of test/integration/workspace (the tests change settings and write files).
// Needs `npm run build` first (package.json "main" is dist/extension.js); `npm run test:integration` does both.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

function copyWorkspace() {
  const workspace = mkdtempSync(join(tmpdir(), 'ml-hygiene-it-'));
  cpSync(join(here, 'workspace'), workspace, { recursive: true });
  // Kept as _gitignore in the repository: a real .gitignore would hide build/ from git.
  renameSync(join(workspace, '_gitignore'), join(workspace, '.gitignore'));
  return workspace;
}

const workspace = copyWorkspace();
const options = {
  extensionDevelopmentPath: root,
  extensionTestsPath: join(here, 'index.cjs'),
  version: process.env.VSCODE_TEST_VERSION || 'stable',
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  extensionTestsEnv: { ML_HYGIENE_TEST_WORKSPACE: workspace },
};
if (process.env.VSCODE_EXECUTABLE) options.vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;

try {
  await runTests(options);
} catch (error) {
  console.error(`integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
