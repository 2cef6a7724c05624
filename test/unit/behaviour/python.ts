/**
 * Runs Python programs for the behaviour tests with Debian's ML stack (/usr/bin/python3 with
 * python3-sklearn, python3-pandas, python3-yaml, python3-matplotlib), each in its own folder as the
 * working directory, and records what they print and every file they write (open matplotlib
 * figures are saved as PNG at exit, so that plots are compared too).
 */
import { execFile, execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** Runs the script as `__main__` (as `python script.py` does) and saves the figures left open. */
const HARNESS = `import os, runpy, sys
script = sys.argv[1]
sys.argv = [script]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
try:
    runpy.run_path(script, run_name="__main__")
finally:
    sys.stdout.flush()
    if "matplotlib.pyplot" in sys.modules:
        plt = sys.modules["matplotlib.pyplot"]
        os.makedirs("_figures", exist_ok=True)
        for number in plt.get_fignums():
            plt.figure(number).savefig(os.path.join("_figures", "figure_%d.png" % number), dpi=40, metadata={"Software": None})
`;

export const HARNESS_NAME = '_mlh_harness.py';

export interface RunResult {
  code: number | null;
  /** Killed at the time limit. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Every file under the folder after the run, except the program's own files: path -> sha256. */
  written: Map<string, string>;
  seconds: number;
}

let pythonChecked: boolean | null = null;

/** Whether /usr/bin/python3 has the stack these tests need (CI installs it; locally it may be absent). */
export function hasPythonStack(): boolean {
  if (pythonChecked === null) {
    try {
      execSync(`${PYTHON} -c "import sklearn, pandas, yaml, matplotlib"`, { stdio: 'ignore', timeout: 60_000 });
      pythonChecked = true;
    } catch {
      pythonChecked = false;
    }
  }
  return pythonChecked;
}

export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mlh-${prefix}-`));
}

/** Writes files (relative path -> content) into a fresh folder and returns it. */
export function folderWith(prefix: string, files: ReadonlyMap<string, string>): string {
  const dir = tempFolder(prefix);
  for (const [path, text] of files) writeFileSync(join(dir, path), text);
  return dir;
}

/**
 * Runs a program and its fixed version side by side (`before.py`, `after.py` in one fresh folder,
 * removed afterwards): what a fix changes when the code runs.
 */
export async function runBeforeAndAfter(
  prefix: string,
  before: string,
  after: string,
  timeoutMs = 60_000,
): Promise<{ before: RunResult; after: RunResult }> {
  const own = new Set(['before.py', 'after.py']);
  const dir = folderWith(
    prefix,
    new Map([
      ['before.py', before],
      ['after.py', after],
    ]),
  );
  try {
    return { before: await runPython(dir, 'before.py', own, timeoutMs), after: await runPython(dir, 'after.py', own, timeoutMs) };
  } finally {
    removeFolder(dir);
  }
}

function listFiles(dir: string, root = dir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (entry === '__pycache__') continue;
    if (statSync(full).isDirectory()) listFiles(full, root, out);
    else out.push(relative(root, full));
  }
  return out;
}

/**
 * Runs `script` (a file in `dir`) with `dir` as working directory; `own` files are not counted as
 * written. `outputs`: other folders the program writes to (their files count as written, by name).
 */
export function runPython(
  dir: string,
  script: string,
  own: ReadonlySet<string>,
  timeoutMs: number,
  outputs: readonly string[] = [],
): Promise<RunResult> {
  writeFileSync(join(dir, HARNESS_NAME), HARNESS);
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      [HARNESS_NAME, script],
      {
        cwd: dir,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: '/usr/bin:/bin',
          HOME: dir,
          MPLBACKEND: 'Agg',
          MPLCONFIGDIR: join(dir, '.mpl'),
          PYTHONHASHSEED: '0',
          PYTHONDONTWRITEBYTECODE: '1',
          OMP_NUM_THREADS: '1',
          OPENBLAS_NUM_THREADS: '1',
          SCIKIT_LEARN_DATA: join(dir, '.sklearn-data'),
        },
      },
      (error, stdout, stderr) => {
        const written = new Map<string, string>();
        if (existsSync(dir)) {
          for (const file of listFiles(dir)) {
            if (own.has(file) || file === HARNESS_NAME || file.startsWith('.mpl/')) continue;
            written.set(
              file,
              createHash('sha256')
                .update(readFileSync(join(dir, file)))
                .digest('hex'),
            );
          }
        }
        for (const [i, folder] of outputs.entries()) {
          if (!existsSync(folder)) continue;
          for (const file of listFiles(folder))
            written.set(
              `<output ${i}>/${file}`,
              createHash('sha256')
                .update(readFileSync(join(folder, file)))
                .digest('hex'),
            );
        }
        const killed = error !== null && (error as { killed?: boolean }).killed === true;
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null;
        resolve({ code, timedOut: killed, stdout, stderr, written, seconds: (performance.now() - started) / 1000 });
      },
    );
  });
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `tasks` with at most `limit` at a time, in order of the list. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What differs between two runs, in words (empty when they are identical). */
export function differences(before: RunResult, after: RunResult): string[] {
  const out: string[] = [];
  if (before.code !== after.code)
    out.push(`exit code ${before.code} -> ${after.code}${after.stderr ? `\n${after.stderr.slice(-2000)}` : ''}`);
  if (before.stdout !== after.stdout)
    out.push(`stdout differs:\n--- before\n${before.stdout.slice(0, 1500)}\n--- after\n${after.stdout.slice(0, 1500)}`);
  const files = new Set([...before.written.keys(), ...after.written.keys()]);
  for (const file of [...files].sort()) {
    if (before.written.get(file) !== after.written.get(file))
      out.push(
        `${file}: ${before.written.has(file) ? (after.written.has(file) ? 'content differs' : 'no longer written') : 'newly written'}`,
      );
  }
  return out;
}
