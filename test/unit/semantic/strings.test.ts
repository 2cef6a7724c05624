import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { UnsupportedValue, pythonStringValue } from '../../../src/core/params/values';
import { pythonSource } from '../../../src/core/parse/source';
import { extractConfig } from '../../../src/core/refactors/extractConfig';
import { decodeEscapes, readString, stringValue } from '../../../src/core/semantic/strings';
import { Project, py } from '../refactors/helpers';

/** The right-hand side of `x = <literal>`. */
function literal<T>(code: string, fn: (node: Parameters<typeof readString>[0]) => T): T {
  return withModel(pythonSource('s.py', `x = ${code}\n`), (model) =>
    fn(model.statements[0]!.node.namedChild(0)!.childForFieldName('right')!),
  );
}

const valueOf = (code: string): string | null => literal(code, (node) => readString(node)?.value ?? null);

describe('the Python string-literal decoder (semantic/strings.ts)', () => {
  before(() => initEngine());

  it('decodes the simple escapes', () => {
    assert.equal(decodeEscapes(String.raw`\\ \' \" \a \b \f \n \r \t \v`).value, '\\ \' " \x07 \b \f \n \r \t \v');
  });

  it('decodes octal escapes of one to three digits, and no more', () => {
    assert.equal(valueOf(String.raw`"data\057raw.csv"`), 'data/raw.csv');
    assert.equal(valueOf(String.raw`"\0\7\101\1012"`), '\0\x07AA2');
  });

  it('decodes \\x, \\u and \\U escapes', () => {
    assert.equal(valueOf(String.raw`"\x41\u00e9\U0001F600"`), 'Aé😀');
  });

  it('keeps \\N{...} and malformed escapes as written, and says so', () => {
    assert.deepEqual(decodeEscapes(String.raw`a\N{EM DASH}b`), { value: String.raw`a\N{EM DASH}b`, inexact: String.raw`\N{EM DASH}` });
    assert.deepEqual(decodeEscapes(String.raw`\x4g`), { value: String.raw`\x4g`, inexact: String.raw`\x4g` });
    assert.deepEqual(decodeEscapes(String.raw`\U00110000`), { value: String.raw`\U00110000`, inexact: String.raw`\U00110000` });
  });

  it('keeps the backslash of an unknown escape, as Python does', () => {
    assert.equal(valueOf(String.raw`"C:\data\new\q"`), 'C:\\data\n' + 'ew\\q');
    assert.equal(decodeEscapes(String.raw`\d\w+`).value, String.raw`\d\w+`);
  });

  it('joins lines continued with a backslash inside the literal', () => {
    assert.equal(valueOf('"a\\\nb"'), 'ab');
    assert.equal(decodeEscapes('a\\\r\nb'.replace(/\r\n/g, '\n')).value, 'ab');
  });

  it('does not decode raw strings', () => {
    assert.equal(valueOf(String.raw`r"C:\data\057"`), String.raw`C:\data\057`);
    assert.equal(valueOf(String.raw`R'\n'`), String.raw`\n`);
    assert.equal(valueOf('r"a\\\nb"'), 'a\\\nb');
  });

  it('reads byte strings, where \\u and \\N are not escapes', () => {
    assert.deepEqual(literal(String.raw`b"\x41\u1234\N{X}"`, readString), { value: String.raw`A\u1234\N{X}`, bytes: true, inexact: null });
  });

  it('reads triple-quoted strings with their newlines', () => {
    assert.equal(valueOf('"""a\n"b"\\tc"""'), 'a\n"b"\tc');
    assert.equal(valueOf("'''x\\\ny'''"), 'xy');
  });

  it('reads an f-string without fields as its text, braces undoubled; one with fields is not a constant', () => {
    assert.equal(valueOf('f"static.csv"'), 'static.csv');
    assert.equal(valueOf('f"{{a}}\\057"'), '{a}/');
    assert.equal(valueOf('f"{root}/x.csv"'), null);
  });

  it('joins an implicit concatenation; stringValue alone reads single literals only', () => {
    assert.equal(valueOf(String.raw`"data" '\057' r"raw\n"`), 'data/raw\\n');
    assert.equal(valueOf('"a" f"{b}"'), null);
    assert.equal(valueOf('"a" b"b"'), null);
    assert.equal(literal('"a" "b"', stringValue), null);
    assert.equal(literal('1', readString), null);
  });

  it('is the decoder of the params file: what it cannot keep exactly is refused', () => {
    assert.equal(literal(String.raw`"data\057raw.csv"`, pythonStringValue), 'data/raw.csv');
    assert.throws(() => literal(String.raw`"\N{DASH}"`, pythonStringValue), UnsupportedValue);
    assert.throws(() => literal('b"x"', pythonStringValue), UnsupportedValue);
    assert.throws(() => literal('f"{x}"', pythonStringValue), UnsupportedValue);
  });
});

describe('an octal escape in a hard-coded path (MLH102, extract-config)', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());
  const SCRIPT = py('import pandas as pd', '', String.raw`df = pd.read_csv("data\057raw.csv")`);

  it('shows the path Python reads in the MLH102 message', () => {
    project = new Project({ 'train.py': SCRIPT });
    const [finding] = project.findings('train.py', ['MLH102']);
    assert.ok(finding, 'one MLH102');
    assert.match(finding.message, /data\/raw\.csv/);
  });

  it('keys it by the file name Python reads (data\\057raw.csv is data/raw.csv: raw_csv) in the params file', () => {
    project = new Project({ 'train.py': SCRIPT });
    const result = project.run('train.py', (m) => extractConfig(m, project.env('train.py'), project.findings('train.py', ['MLH102'])));
    const files = project.contents(result);
    assert.ok(files.get('train.py')!.includes('pd.read_csv(params["data"]["raw_csv"])'), files.get('train.py'));
    assert.match(files.get('params.yaml')!, /^data:\n {2}raw_csv: data\/raw\.csv\n/m);
  });
});
