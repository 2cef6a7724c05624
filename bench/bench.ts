/**
 * `npm run bench`: the engine's speed on real code, in one process, with targets.
 *  1. the scikit-learn gallery (Debian's python-sklearn-doc), start-up included;
 *  2. re-analyzing a 1,000-line file after a one-line edit (the editor's hot path);
 *  3. the CLI end to end on the gallery, as CI runs it;
 *  4. the CLI's disk cache: cold and warm runs on the gallery and a generated 10× gallery;
 *  5. the CLI's start-up on one small file: fresh processes, with and without the code cache;
 *  6. the CLI on a generated 10x gallery with 1 and N worker threads (`benchJobs`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IncrementalAnalyzer, analyzeBytes, initEngine } from '../src/core/engine';
import { graphOfSource } from '../src/core/graph';
import { parsePython } from '../src/core/parse/parser';
import { pythonSource } from '../src/core/parse/source';
import { LayoutCache, layoutGraph } from '../src/webview/graph/layout';

const GALLERY = '/usr/share/doc/python-sklearn-doc/examples';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const rows: Array<[string, string, string, boolean | null]> = [];
function row(name: string, value: string, target: string, ok: boolean | null): void {
  rows.push([name, value, target, ok]);
}

/** CPU time of this process so far, in ms (user + system): steadier than wall time on a shared machine. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * CPU time of this process's main thread so far, in ms (Linux: `/proc/self/task/<pid>/schedstat`,
 * nanoseconds); null where the file is missing. Unlike `cpuMs` it leaves out V8's helper threads
 * (optimizing compiler, concurrent and parallel collector).
 */
function mainThreadMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * The engine's single-threaded cost against the bare parse of the same files: web-tree-sitter
 * parsing each gallery script (text already decoded), then `analyzeBytes` on the same bytes
 * (decoding, parse, tree copy, model, rules), measured alternately in this process, best of
 * `rounds` in CPU time (the target row: the whole process, V8's helper threads included) and in
 * the main thread's CPU time. Issue 13's goal is an engine at most 1.6x the parse.
 *
 * `warmUp` rounds run first and are not counted: V8 keeps optimizing the engine's less hot
 * functions (those run once per file or per rule) for many passes, compiling on a helper thread
 * (on the gallery: ~130-270 functions in the first pass, ~50-80 in the second, 11-23 in each of the
 * next five, 2-8 from the eighth on), and the bare parse has no such tail (its WebAssembly is
 * compiled once). Counted after one warm-up pass, that compilation added 70-120 ms of process CPU
 * to the engine, after four still 40-90 ms; after eight, process and main-thread CPU agree within
 * ~20 ms. A CLI run pays it once per process: the rows above (gallery total, per file) and the CLI
 * rows include it.
 */
function parseVersusEngine(files: readonly string[], contents: readonly Buffer[], rounds = 5, warmUp = 8): void {
  const texts = contents.map((bytes) => bytes.toString('utf8'));
  type Cost = { cpu: number; thread: number | null };
  const measure = (work: () => void): Cost => {
    const cpu = cpuMs();
    const thread = mainThreadMs();
    work();
    const threadAfter = mainThreadMs();
    return { cpu: cpuMs() - cpu, thread: thread === null || threadAfter === null ? null : threadAfter - thread };
  };
  const parseAll = (): Cost =>
    measure(() => {
      for (const text of texts) parsePython(text).delete();
    });
  const analyzeAll = (): Cost => measure(() => files.forEach((file, i) => analyzeBytes(file, contents[i]!)));
  const best = (a: Cost, b: Cost): Cost => ({
    cpu: Math.min(a.cpu, b.cpu),
    thread: a.thread === null || b.thread === null ? null : Math.min(a.thread, b.thread),
  });
  for (let i = 0; i < warmUp; i++) {
    parseAll();
    analyzeAll();
  }
  let parse: Cost = { cpu: Infinity, thread: Infinity };
  let engine: Cost = { cpu: Infinity, thread: Infinity };
  for (let i = 0; i < rounds; i++) {
    parse = best(parse, parseAll());
    engine = best(engine, analyzeAll());
  }
  const ratio = engine.cpu / parse.cpu;
  const label = `CPU, best of ${rounds} after ${warmUp} warm-up passes`;
  row(`gallery bare parse (web-tree-sitter, ${label})`, `${parse.cpu.toFixed(0)} ms`, '', null);
  row(`gallery engine, one thread (${label})`, `${engine.cpu.toFixed(0)} ms`, '', null);
  row('  engine / bare parse', `${ratio.toFixed(2)}x`, '<= 1.6x', ratio <= 1.6);
  if (parse.thread !== null && engine.thread !== null)
    row(
      '  the same, main thread CPU only',
      `${engine.thread.toFixed(0)} / ${parse.thread.toFixed(0)} ms = ${(engine.thread / parse.thread).toFixed(2)}x`,
      '',
      null,
    );
}

async function main(): Promise<void> {
  if (!existsSync(GALLERY)) {
    console.error(`bench: ${GALLERY} is missing; install Debian's python-sklearn-doc (apt-get install python-sklearn-doc)`);
    process.exit(2);
  }
  const t0 = performance.now();
  await initEngine();
  const startup = performance.now() - t0;
  const files = walk(GALLERY).sort();
  const contents = files.map((f) => readFileSync(f));
  let lines = 0;
  const perFile: number[] = [];
  const t1 = performance.now();
  files.forEach((file, i) => {
    const bytes = contents[i]!;
    const s = performance.now();
    analyzeBytes(file, bytes);
    perFile.push(performance.now() - s);
    lines += bytes.toString('utf8').split('\n').length;
  });
  const analysis = performance.now() - t1;
  const total = startup + analysis;
  perFile.sort((a, b) => a - b);
  row('gallery files', String(files.length), '', null);
  row('gallery lines', String(lines), '', null);
  row('engine start-up (wasm load)', `${startup.toFixed(0)} ms`, '', null);
  row('gallery total incl. start-up', `${total.toFixed(0)} ms`, '< 2000 ms', total < 2000);
  row('throughput', `${Math.round(lines / (analysis / 1000))} lines/s`, '', null);
  row('per file p50', `${percentile(perFile, 50).toFixed(2)} ms`, '', null);
  row('per file p95', `${percentile(perFile, 95).toFixed(2)} ms`, '< 25 ms', percentile(perFile, 95) < 25);
  row('per file max', `${perFile[perFile.length - 1]!.toFixed(2)} ms`, '', null);
  parseVersusEngineApart();

  // A 1,000-line file made of gallery code; one edit in the middle, re-analyzed incrementally.
  const big: string[] = [];
  for (const bytes of contents) {
    for (const line of bytes.toString('utf8').split('\n')) {
      if (big.length < 1000) big.push(line);
    }
    if (big.length >= 1000) break;
  }
  const text = big.join('\n');
  const analyzer = new IncrementalAnalyzer('big.py');
  const firstStart = performance.now();
  analyzer.update(text);
  const first = performance.now() - firstStart;
  const edits: number[] = [];
  let current = text;
  const target = current.indexOf('\n', Math.floor(current.length / 2)) + 1;
  for (let i = 0; i < 60; i++) {
    const insert = i % 2 === 0 ? 'x = 1\n' : '';
    const removeLength = i % 2 === 0 ? 0 : 'x = 1\n'.length;
    current = current.slice(0, target) + insert + current.slice(target + removeLength);
    const s = performance.now();
    analyzer.update(current, [{ rangeOffset: target, rangeLength: removeLength, text: insert }]);
    edits.push(performance.now() - s);
  }
  analyzer.dispose();
  edits.splice(0, 10); // warm-up
  edits.sort((a, b) => a - b);
  row('1,000-line file, first analysis', `${first.toFixed(1)} ms`, '', null);
  row('re-analysis after a one-line edit (p50)', `${percentile(edits, 50).toFixed(2)} ms`, '< 10 ms', percentile(edits, 50) < 10);
  row('re-analysis after a one-line edit (p95)', `${percentile(edits, 95).toFixed(2)} ms`, '', null);
  // The pipeline graph of the same file after each edit: analysis and graph (the extension host), then
  // the layered layout (the webview; dagre, re-run only when the graph's shape changes).
  const graphTimes: number[] = [];
  const layoutTimes: number[] = [];
  const cache = new LayoutCache();
  let steps = 0;
  let freshLayout = 0;
  for (let i = 0; i < 30; i++) {
    const edited = text.slice(0, target) + (i % 2 === 0 ? 'x = 1\n' : '') + text.slice(target);
    const s = performance.now();
    const graph = graphOfSource(pythonSource('big.py', edited));
    const built = performance.now();
    cache.layout(graph, {});
    const laidOut = performance.now();
    graphTimes.push(laidOut - s);
    layoutTimes.push(laidOut - built);
    steps = graph.nodes.filter((n) => n.kind === 'step').length;
    if (i === 0) {
      const f = performance.now();
      layoutGraph(graph);
      freshLayout = performance.now() - f;
    }
  }
  graphTimes.splice(0, 5);
  graphTimes.sort((a, b) => a - b);
  layoutTimes.splice(0, 5);
  layoutTimes.sort((a, b) => a - b);
  const p50 = percentile(graphTimes, 50);
  row(`edit to laid-out graph, 1,000-line file, ${steps} steps (p50)`, `${p50.toFixed(1)} ms`, '< 100 ms', p50 < 100);
  row('edit to laid-out graph (p95)', `${percentile(graphTimes, 95).toFixed(1)} ms`, '', null);
  row('  of which layout (p50, cached shape)', `${percentile(layoutTimes, 50).toFixed(1)} ms`, '', null);
  row('  layout from scratch (dagre)', `${freshLayout.toFixed(1)} ms`, '', null);
  // An edit that changes the graph's shape (a step more or less): the graph and a new layout.
  // Wall time as the user waits, and CPU time beside it: the README's 112 -> 192 ms for this row
  // came from a busier machine, not the code (c45018d and 14a0fde bundles side by side: the same).
  const reshaped: number[] = [];
  const reshapedCpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    const c = cpuMs();
    layoutGraph(graphOfSource(pythonSource('big.py', text.slice(0, target) + `step_${i} = ${i}\n` + text.slice(target))));
    reshaped.push(performance.now() - s);
    reshapedCpu.push(cpuMs() - c);
  }
  reshaped.sort((a, b) => a - b);
  reshapedCpu.sort((a, b) => a - b);
  row(
    'edit that reshapes the graph, new layout (p50)',
    `${percentile(reshaped, 50).toFixed(1)} ms (${percentile(reshapedCpu, 50).toFixed(0)} CPU)`,
    '',
    null,
  );
  // A stress case: the integration monolith repeated to 1,000 lines, a step every four lines.
  const monolith = readFileSync(join(__dirname, '..', 'test', 'integration', 'workspace', 'monolith.py'), 'utf8').split('\n');
  const imports = monolith.filter((line) => line.startsWith('import ') || line.startsWith('from '));
  const body = monolith.filter((line) => !imports.includes(line));
  const repeated = [...imports];
  for (let copy = 0; repeated.length < 1000; copy++) {
    for (const line of body) if (repeated.length < 1000) repeated.push(line.replace(/\b(df|X|y|model|scaler|features)\b/g, `$1_${copy}`));
  }
  const stress: number[] = [];
  const stressCpu: number[] = [];
  let stressSteps = 0;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const c = cpuMs();
    const graph = graphOfSource(pythonSource('repeated.py', repeated.join('\n')));
    layoutGraph(graph);
    stress.push(performance.now() - s);
    stressCpu.push(cpuMs() - c);
    stressSteps = graph.nodes.filter((n) => n.kind === 'step').length;
  }
  stress.sort((a, b) => a - b);
  stressCpu.sort((a, b) => a - b);
  row(
    `stress: 1,000 lines in ${stressSteps} steps, graph and new layout (p50)`,
    `${percentile(stress, 50).toFixed(0)} ms (${percentile(stressCpu, 50).toFixed(0)} CPU)`,
    '',
    null,
  );
  row('peak RSS (this process)', `${peakRssMb().toFixed(0)} MB`, '< 250 MB', peakRssMb() < 250);

  // The CLI end to end, a fresh process as CI runs it.
  const cli = join(__dirname, 'cli.js');
  if (existsSync(cli)) {
    const s = performance.now();
    try {
      execFileSync(process.execPath, [cli, 'check', GALLERY, '--format', 'json', '--no-cache'], { stdio: ['ignore', 'ignore', 'ignore'] });
    } catch {
      // exit 1 means findings, which the gallery has
    }
    const wall = performance.now() - s;
    row('CLI check of the gallery (wall, fresh process)', `${wall.toFixed(0)} ms`, '< 2000 ms', wall < 2000);
    cacheRows(cli, files.length);
    benchJobs(cli, files);
  }
  if (existsSync(cli)) startupRows(cli);

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`ML Hygiene benchmark (node ${process.version}, ${new Date().toISOString()})`);
  for (const [name, value, target, ok] of rows) {
    const mark = ok === null ? '' : ok ? '  ok' : '  MISSED';
    console.log(`${name.padEnd(width)}  ${value.padStart(14)}  ${target.padEnd(10)}${mark}`);
  }
  if (rows.some((r) => r[3] === false)) process.exitCode = 1;
}

interface CliRun {
  wallMs: number;
  /** User + system CPU of the process, and its peak RSS: from /usr/bin/time when the machine has it. */
  cpuMs: number | null;
  rssMb: number | null;
  stdout: string;
}

/** One `ml-hygiene check` in a fresh process (JSON output), timed. */
function runCheck(cli: string, args: string[], cwd: string): CliRun {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const command = time === null ? [process.execPath, cli] : [time, '-f', '@@time %U %S %M', process.execPath, cli];
  const s = performance.now();
  const run = spawnSync(command[0]!, [...command.slice(1), 'check', ...args, '--format', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - s;
  if (run.status !== 0 && run.status !== 1) throw new Error(`ml-hygiene check ${args.join(' ')} failed: ${run.stderr}`);
  const measured = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr);
  return {
    wallMs,
    cpuMs: measured ? (Number(measured[1]) + Number(measured[2])) * 1000 : null,
    rssMb: measured ? Number(measured[3]) / 1024 : null,
    stdout: run.stdout,
  };
}

/**
 * The disk cache (src/core/project/cache.ts): on the gallery and on a generated 10× gallery (ten
 * copies in a temporary folder), a run without the cache, a cold run (empty cache, written as it
 * goes) and a warm run (nothing changed; the median of three), each in a fresh process. Warm
 * output must equal cold output; the speed-up is cold over warm, in wall time and in CPU time (steadier on a shared
 * machine), against the target of 10×.
 */
function cacheRows(cli: string, galleryFiles: number): void {
  const scratch = mkdtempSync(join(tmpdir(), 'mlh-bench-cache-'));
  try {
    const tenfold = join(scratch, 'gallery10');
    for (let copy = 0; copy < 10; copy++) cpSync(GALLERY, join(tenfold, `copy${copy}`), { recursive: true });
    const corpora: Array<[string, string, number]> = [
      ['gallery', GALLERY, galleryFiles],
      ['10× gallery', tenfold, galleryFiles * 10],
    ];
    for (const [name, path, count] of corpora) {
      const cacheDir = join(scratch, `cache-${count}`);
      const none = runCheck(cli, [path, '--no-cache'], scratch);
      const cold = runCheck(cli, [path, '--cache-dir', cacheDir], scratch);
      // The warm run is short, so a stray load spike moves it most: the median of three.
      const warms = [0, 1, 2].map(() => runCheck(cli, [path, '--cache-dir', cacheDir], scratch));
      const warm = [...warms].sort((x, y) => x.wallMs - y.wallMs)[1]!;
      if (warms.some((run) => run.stdout !== none.stdout)) throw new Error(`bench: the cache changed the output on the ${name}`);
      if (warm.stdout !== none.stdout || cold.stdout !== none.stdout) throw new Error(`bench: the cache changed the output on the ${name}`);
      const rate = (run: CliRun): string => `${((count / run.wallMs) * 1000).toFixed(0)} files/s`;
      const detail = (run: CliRun): string =>
        run.cpuMs === null ? '' : ` (${(run.cpuMs / 1000).toFixed(2)} s CPU, ${run.rssMb!.toFixed(0)} MB)`;
      row(`CLI ${name}, no cache: ${(none.wallMs / 1000).toFixed(2)} s${detail(none)}`, rate(none), '', null);
      row(`CLI ${name}, cold cache: ${(cold.wallMs / 1000).toFixed(2)} s${detail(cold)}`, rate(cold), '', null);
      row(`CLI ${name}, warm cache: ${(warm.wallMs / 1000).toFixed(2)} s${detail(warm)}`, rate(warm), '', null);
      const wallRatio = cold.wallMs / warm.wallMs;
      row(`CLI ${name}, warm speed-up (wall)`, `${wallRatio.toFixed(1)}×`, '≥ 10×', count >= 1000 ? wallRatio >= 10 : null);
      if (cold.cpuMs !== null && warm.cpuMs !== null)
        row(`CLI ${name}, warm speed-up (CPU)`, `${(cold.cpuMs / warm.cpuMs).toFixed(1)}×`, '', null);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const SMALL_PY = `import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data.csv")
X = df.drop(columns=["label"])
y = df["label"]
model = LogisticRegression(C=1.0)
model.fit(X, y)
print(np.mean(model.predict(X) == y))
`;

/**
 * `ml-hygiene check small.py` in fresh processes (median of 11, wall and, with GNU time, CPU), next
 * to a bare `node -e 0`: cold (an empty cache folder: V8 compiles the bundle, the launcher writes the
 * code cache at exit), warm (the cache from an earlier run), and the bundle run without the launcher.
 */
function startupRows(cli: string): void {
  const runs = 11;
  const dir = mkdtempSync(join(tmpdir(), 'mlh-bench-start-'));
  try {
    writeFileSync(join(dir, 'small.py'), SMALL_PY);
    const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
    const measure = (args: string[], cacheHome: () => string): { wall: number; cpu: number | null } => {
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < runs; i++) {
        const env = { ...process.env, XDG_CACHE_HOME: cacheHome(), NO_COLOR: '1' };
        const command = time ? [time, '-f', 'mlh-cpu %U %S', process.execPath, ...args] : [process.execPath, ...args];
        const s = performance.now();
        const result = spawnSync(command[0]!, command.slice(1), { cwd: dir, env, encoding: 'utf8' });
        walls.push(performance.now() - s);
        const cpu = /mlh-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
        if (cpu) cpus.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
      }
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      return { wall: median(walls), cpu: cpus.length === runs ? median(cpus) : null };
    };
    const show = (m: { wall: number; cpu: number | null }): string =>
      `${m.wall.toFixed(0)} ms` + (m.cpu === null ? '' : ` (${m.cpu.toFixed(0)} cpu)`);
    const fresh = (): string => mkdtempSync(join(dir, 'cold-'));
    const warmHome = join(dir, 'warm');
    const check = [cli, 'check', 'small.py'];
    const bare = measure(['-e', '0'], () => warmHome);
    const bundle = join(__dirname, 'cli-main.js');
    const noLauncher = existsSync(bundle) ? measure([bundle, 'check', 'small.py'], () => warmHome) : null;
    const cold = measure(check, fresh);
    spawnSync(process.execPath, check, { cwd: dir, env: { ...process.env, XDG_CACHE_HOME: warmHome } });
    const warm = measure(check, () => warmHome);
    row(`start-up: bare node -e 0 (median of ${runs})`, show(bare), '', null);
    if (noLauncher) row('start-up: check small.py, bundle alone (no launcher)', show(noLauncher), '', null);
    row('start-up: check small.py, cold (no code cache)', show(cold), '', null);
    row('start-up: check small.py, warm (code cache)', show(warm), '< 250 ms', warm.wall < 250);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The CLI on ten copies of the gallery (a folder each, under a temporary directory), a fresh
 * process per run as CI runs it, with `--jobs 1` (no worker thread) and one worker per core:
 * files per second (wall), CPU time and peak RSS of the whole process (worker threads included),
 * read from GNU time (`/usr/bin/time`). Both runs must print the same report.
 */
function benchJobs(cli: string, gallery: readonly string[]): void {
  const time = '/usr/bin/time';
  if (!existsSync(time)) {
    row('10x gallery rows', 'skipped', 'needs /usr/bin/time', null);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'mlh-bench-10x-'));
  try {
    for (let copy = 0; copy < 10; copy++) {
      for (const file of gallery) {
        const target = join(root, `copy${copy}`, relative(GALLERY, file));
        mkdirSync(join(target, '..'), { recursive: true });
        cpSync(file, target);
      }
    }
    const count = gallery.length * 10;
    const cores = availableParallelism();
    const reports: string[] = [];
    for (const jobs of [...new Set([1, Math.max(2, cores)])]) {
      const run = spawnSync(
        time,
        ['-f', '%e %U %S %M', process.execPath, cli, 'check', root, '--format', 'json', '--no-cache', '--jobs', String(jobs)],
        {
          encoding: 'utf8',
          maxBuffer: 1024 * 1024 * 1024,
        },
      );
      const [wall, user, system, rssKb] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
      if (run.status !== 1 || wall === undefined || rssKb === undefined || Number.isNaN(rssKb)) {
        row(`10x gallery, --jobs ${jobs}`, 'failed', run.stderr.slice(-200), false);
        continue;
      }
      reports.push(run.stdout);
      const rssMb = rssKb / 1024;
      row(`10x gallery (${count} files), CLI --jobs ${jobs}: files/s (wall)`, `${(count / wall).toFixed(0)}`, '', null);
      row(`  CPU time (user + system)`, `${(user! + system!).toFixed(1)} s`, '', null);
      row(`  peak RSS (process, workers included)`, `${rssMb.toFixed(0)} MB`, '< 300 MB', rssMb < 300);
    }
    if (reports.length === 2) row('  same report with 1 and N jobs', String(reports[0] === reports[1]), 'true', reports[0] === reports[1]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The flag that makes this script a child that prints the parse-versus-engine rows (as JSON) and exits. */
const PARSE_VERSUS_ENGINE = '--parse-versus-engine';

/**
 * `parseVersusEngine` in a child process of its own: its twelve passes over the gallery leave V8's
 * heap grown with their garbage, and the peak RSS row after them read 186-258 MB (by when the
 * collector ran) against 188-202 MB without them (14a0fde, runs alternated).
 */
function parseVersusEngineApart(): void {
  const child = spawnSync(process.execPath, [__filename, PARSE_VERSUS_ENGINE], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) {
    row('gallery bare parse against the engine', 'failed', (child.stderr ?? '').slice(-200), false);
    return;
  }
  for (const line of child.stdout.trim().split('\n')) rows.push(JSON.parse(line) as [string, string, string, boolean | null]);
}

async function parseVersusEngineChild(): Promise<void> {
  await initEngine();
  const files = walk(GALLERY).sort();
  parseVersusEngine(
    files,
    files.map((f) => readFileSync(f)),
  );
  for (const item of rows) console.log(JSON.stringify(item));
}

(process.argv[2] === PARSE_VERSUS_ENGINE ? parseVersusEngineChild() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
