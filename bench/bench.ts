/**
 * `npm run bench`: the engine's speed on real code, in one process, with targets.
 *  1. the scikit-learn gallery (Debian's python-sklearn-doc), start-up included;
 *  2. re-analyzing a 1,000-line file after a one-line edit (the editor's hot path);
 *  3. the CLI end to end on the gallery, as CI runs it;
 *  4. the CLI on a generated 10x gallery with 1 and N worker threads (`benchJobs`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IncrementalAnalyzer, analyzeBytes, initEngine } from '../src/core/engine';
import { graphOfSource } from '../src/core/graph';
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
  const reshaped: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    layoutGraph(graphOfSource(pythonSource('big.py', text.slice(0, target) + `step_${i} = ${i}\n` + text.slice(target))));
    reshaped.push(performance.now() - s);
  }
  reshaped.sort((a, b) => a - b);
  row('edit that reshapes the graph, new layout (p50)', `${percentile(reshaped, 50).toFixed(1)} ms`, '', null);
  // A stress case: the integration monolith repeated to 1,000 lines, a step every four lines.
  const monolith = readFileSync(join(__dirname, '..', 'test', 'integration', 'workspace', 'monolith.py'), 'utf8').split('\n');
  const imports = monolith.filter((line) => line.startsWith('import ') || line.startsWith('from '));
  const body = monolith.filter((line) => !imports.includes(line));
  const repeated = [...imports];
  for (let copy = 0; repeated.length < 1000; copy++) {
    for (const line of body) if (repeated.length < 1000) repeated.push(line.replace(/\b(df|X|y|model|scaler|features)\b/g, `$1_${copy}`));
  }
  const stress: number[] = [];
  let stressSteps = 0;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const graph = graphOfSource(pythonSource('repeated.py', repeated.join('\n')));
    layoutGraph(graph);
    stress.push(performance.now() - s);
    stressSteps = graph.nodes.filter((n) => n.kind === 'step').length;
  }
  stress.sort((a, b) => a - b);
  row(`stress: 1,000 lines in ${stressSteps} steps, graph and new layout (p50)`, `${percentile(stress, 50).toFixed(0)} ms`, '', null);
  row('peak RSS (this process)', `${peakRssMb().toFixed(0)} MB`, '< 250 MB', peakRssMb() < 250);

  // The CLI end to end, a fresh process as CI runs it.
  const cli = join(__dirname, 'cli.js');
  if (existsSync(cli)) {
    const s = performance.now();
    try {
      execFileSync(process.execPath, [cli, 'check', GALLERY, '--format', 'json'], { stdio: ['ignore', 'ignore', 'ignore'] });
    } catch {
      // exit 1 means findings, which the gallery has
    }
    const wall = performance.now() - s;
    row('CLI check of the gallery (wall, fresh process)', `${wall.toFixed(0)} ms`, '< 2000 ms', wall < 2000);
    benchJobs(cli, files);
  }

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`ML Hygiene benchmark (node ${process.version}, ${new Date().toISOString()})`);
  for (const [name, value, target, ok] of rows) {
    const mark = ok === null ? '' : ok ? '  ok' : '  MISSED';
    console.log(`${name.padEnd(width)}  ${value.padStart(14)}  ${target.padEnd(10)}${mark}`);
  }
  if (rows.some((r) => r[3] === false)) process.exitCode = 1;
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
      const run = spawnSync(time, ['-f', '%e %U %S %M', process.execPath, cli, 'check', root, '--format', 'json', '--jobs', String(jobs)], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
      });
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
