import assert from 'node:assert/strict';
import { parseArgs } from '../../../src/cli/args';

describe('cli arguments', () => {
  it('defaults check to the current folder, text format and colour', () => {
    assert.deepEqual(parseArgs(['check'], '1.0.0'), {
      command: 'check',
      paths: ['.'],
      format: 'text',
      select: null,
      extendSelect: [],
      ignore: [],
      config: null,
      output: null,
      color: true,
      cache: true,
      cacheDir: null,
      jobs: null,
    });
  });

  it('splits comma-separated selectors and collects repeated flags', () => {
    const parsed = parseArgs(
      [
        'check',
        'src',
        'nb',
        '--format',
        'sarif',
        '--select',
        'MLH1, MLH002,',
        '--select',
        'hard-coded-path',
        '--ignore',
        'MLH101',
        '--extend-select',
        'MLH4',
        '--config',
        'ci.toml',
        '-o',
        'out.sarif',
        '--no-color',
        '--no-cache',
        '--cache-dir',
        'tmp/c',
        '-j',
        '3',
      ],
      '1.0.0',
    );
    assert.deepEqual(parsed, {
      command: 'check',
      paths: ['src', 'nb'],
      format: 'sarif',
      select: ['MLH1', 'MLH002', 'hard-coded-path'],
      extendSelect: ['MLH4'],
      ignore: ['MLH101'],
      config: 'ci.toml',
      output: 'out.sarif',
      color: false,
      cache: false,
      cacheDir: 'tmp/c',
      jobs: 3,
    });
  });

  it('parses rules and docs', () => {
    assert.deepEqual(parseArgs(['rules'], '1.0.0'), { command: 'rules', format: 'text' });
    assert.deepEqual(parseArgs(['rules', '--format', 'json'], '1.0.0'), { command: 'rules', format: 'json' });
    assert.deepEqual(parseArgs(['docs', 'MLH101'], '1.0.0'), { command: 'docs', rule: 'MLH101' });
    assert.deepEqual(parseArgs(['clean'], '1.0.0'), { command: 'clean', cacheDir: null });
    assert.deepEqual(parseArgs(['clean', '--cache-dir', 'c'], '1.0.0'), { command: 'clean', cacheDir: 'c' });
  });

  it('answers --version and --help itself with exit code 0', () => {
    assert.deepEqual(parseArgs(['--version'], '1.2.3'), { command: 'done', exitCode: 0, stdout: '1.2.3\n', stderr: '' });
    const help = parseArgs(['--help'], '1.2.3');
    assert.equal(help.command, 'done');
    assert.ok(help.command === 'done' && help.exitCode === 0 && /Usage: ml-hygiene/.test(help.stdout));
  });

  it('turns usage mistakes into exit code 2 with a message on stderr', () => {
    const cases: Array<[string[], RegExp]> = [
      [['check', '--format', 'xml'], /^ml-hygiene: error: option '-f, --format <format>' argument 'xml' is invalid/],
      [['check', '--nope'], /^ml-hygiene: error: unknown option '--nope'/],
      [['docs'], /^ml-hygiene: error: missing required argument 'rule'/],
      [['lint'], /^ml-hygiene: error: unknown command 'lint'/],
      [[], /^Usage: ml-hygiene/],
    ];
    for (const [argv, message] of cases) {
      const parsed = parseArgs(argv, '1.0.0');
      assert.ok(parsed.command === 'done', argv.join(' '));
      assert.equal(parsed.exitCode, 2, argv.join(' '));
      assert.equal(parsed.stdout, '');
      assert.match(parsed.stderr, message);
    }
  });
});
