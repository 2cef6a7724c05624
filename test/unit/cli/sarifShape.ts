/**
 * Checks a SARIF log against what SARIF 2.1.0 requires (the schema's required properties,
 * ranges and enums) and what GitHub code scanning needs to accept an upload (a ruleId, a message
 * text and a physical location with a file URI and a startLine per result; rules with short
 * descriptions and help; %SRCROOT% resolvable). No network: the checks are written out here.
 * Returns the problems found, empty when the log is acceptable.
 */
export function sarifShapeProblems(log: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, message: string): void => {
    problems.push(`${where}: ${message}`);
  };
  if (!isObject(log)) return ['log: not an object'];
  if (log['version'] !== '2.1.0') fail('version', 'must be "2.1.0"');
  if (log['$schema'] !== undefined && typeof log['$schema'] !== 'string') fail('$schema', 'must be a string');
  const runs = log['runs'];
  if (!Array.isArray(runs) || runs.length === 0) return [...problems, 'runs: must be a non-empty array'];
  runs.forEach((run: unknown, r) => checkRun(run, `runs[${r}]`, fail));
  return problems;
}

type Fail = (where: string, message: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1;
}

const LEVELS = ['none', 'note', 'warning', 'error'];

function checkRun(run: unknown, where: string, fail: Fail): void {
  if (!isObject(run)) return fail(where, 'not an object');
  const driver = isObject(run['tool']) ? run['tool']['driver'] : undefined;
  if (!isObject(driver)) return fail(`${where}.tool.driver`, 'missing');
  if (typeof driver['name'] !== 'string' || driver['name'] === '') fail(`${where}.tool.driver.name`, 'must be a non-empty string');
  const rules = driver['rules'] ?? [];
  if (!Array.isArray(rules)) return fail(`${where}.tool.driver.rules`, 'must be an array');
  const ids = new Set<string>();
  rules.forEach((rule: unknown, i) => {
    const at = `${where}.tool.driver.rules[${i}]`;
    if (!isObject(rule) || typeof rule['id'] !== 'string') return fail(at, 'needs a string id');
    if (ids.has(rule['id'])) fail(at, `duplicate id ${rule['id']}`);
    ids.add(rule['id']);
    for (const key of ['shortDescription', 'fullDescription', 'help']) {
      const text = isObject(rule[key]) ? rule[key]['text'] : undefined;
      if (rule[key] !== undefined && typeof text !== 'string') fail(`${at}.${key}`, 'needs a text');
    }
    const level = isObject(rule['defaultConfiguration']) ? rule['defaultConfiguration']['level'] : undefined;
    if (level !== undefined && !LEVELS.includes(level as string))
      fail(`${at}.defaultConfiguration.level`, `invalid level ${String(level)}`);
    if (rule['helpUri'] !== undefined && !/^https?:\/\//.test(String(rule['helpUri']))) fail(`${at}.helpUri`, 'must be an absolute URI');
    const tags = isObject(rule['properties']) ? rule['properties']['tags'] : undefined;
    if (
      tags !== undefined &&
      (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string') || new Set(tags).size !== tags.length || tags.length > 20)
    ) {
      fail(`${at}.properties.tags`, 'must be up to 20 unique strings');
    }
  });
  const bases = run['originalUriBaseIds'];
  if (bases !== undefined) {
    if (!isObject(bases)) fail(`${where}.originalUriBaseIds`, 'must be an object');
    else {
      for (const [id, base] of Object.entries(bases)) {
        const uri = isObject(base) ? base['uri'] : undefined;
        if (typeof uri !== 'string' || !/^[a-z][a-z0-9+.-]*:/.test(uri) || !uri.endsWith('/'))
          fail(`${where}.originalUriBaseIds.${id}`, 'uri must be absolute and end with /');
      }
    }
  }
  const results = run['results'];
  if (!Array.isArray(results)) return fail(`${where}.results`, 'must be an array');
  results.forEach((result: unknown, i) =>
    checkResult(result, `${where}.results[${i}]`, rules as Array<Record<string, unknown>>, isObject(bases) ? bases : {}, fail),
  );
}

function checkResult(
  result: unknown,
  where: string,
  rules: Array<Record<string, unknown>>,
  bases: Record<string, unknown>,
  fail: Fail,
): void {
  if (!isObject(result)) return fail(where, 'not an object');
  if (typeof result['ruleId'] !== 'string') fail(`${where}.ruleId`, 'required by code scanning');
  if (result['ruleIndex'] !== undefined) {
    const index = result['ruleIndex'];
    if (!Number.isInteger(index) || rules[index as number]?.['id'] !== result['ruleId'])
      fail(`${where}.ruleIndex`, 'must point at the rule with the same id');
  }
  if (result['level'] !== undefined && !LEVELS.includes(result['level'] as string)) fail(`${where}.level`, 'invalid level');
  const message = result['message'];
  if (!isObject(message) || typeof message['text'] !== 'string' || message['text'] === '') fail(`${where}.message.text`, 'required');
  const locations = result['locations'];
  if (!Array.isArray(locations) || locations.length === 0) fail(`${where}.locations`, 'code scanning needs at least one location');
  else locations.forEach((location: unknown, i) => checkLocation(location, `${where}.locations[${i}]`, bases, fail));
  const related = result['relatedLocations'];
  if (related !== undefined) {
    if (!Array.isArray(related)) fail(`${where}.relatedLocations`, 'must be an array');
    else {
      const ids = related.map((location: unknown) => (isObject(location) ? location['id'] : undefined));
      if (ids.some((id) => !Number.isInteger(id) || (id as number) < 0) || new Set(ids).size !== ids.length)
        fail(`${where}.relatedLocations`, 'need unique non-negative integer ids');
      related.forEach((location: unknown, i) => checkLocation(location, `${where}.relatedLocations[${i}]`, bases, fail));
    }
  }
  const fingerprints = result['partialFingerprints'];
  if (fingerprints !== undefined && (!isObject(fingerprints) || Object.values(fingerprints).some((value) => typeof value !== 'string'))) {
    fail(`${where}.partialFingerprints`, 'must map names to strings');
  }
}

function checkLocation(location: unknown, where: string, bases: Record<string, unknown>, fail: Fail): void {
  const physical = isObject(location) ? location['physicalLocation'] : undefined;
  if (!isObject(physical)) return fail(`${where}.physicalLocation`, 'required');
  const artifact = physical['artifactLocation'];
  if (!isObject(artifact) || typeof artifact['uri'] !== 'string' || artifact['uri'] === '')
    return fail(`${where}.physicalLocation.artifactLocation.uri`, 'required');
  const uri = artifact['uri'];
  if (/\s|\\/.test(uri)) fail(`${where}.physicalLocation.artifactLocation.uri`, `not a URI: ${uri}`);
  const baseId = artifact['uriBaseId'];
  if (baseId !== undefined && !Object.hasOwn(bases, baseId as string))
    fail(`${where}.physicalLocation.artifactLocation.uriBaseId`, `undefined base ${String(baseId)}`);
  if (baseId === undefined && !uri.startsWith('file:') && (uri.startsWith('/') || /^[a-z]+:/.test(uri)))
    fail(`${where}.physicalLocation.artifactLocation.uri`, 'must be relative or a file URI');
  if (baseId !== undefined && (uri.startsWith('/') || uri.startsWith('../') || /^[a-z][a-z0-9+.-]*:/.test(uri)))
    fail(`${where}.physicalLocation.artifactLocation.uri`, 'must be relative to its base');
  const region = physical['region'];
  if (!isObject(region)) return fail(`${where}.physicalLocation.region`, 'code scanning needs a region');
  if (!isPositiveInteger(region['startLine'])) fail(`${where}.physicalLocation.region.startLine`, 'must be an integer >= 1');
  for (const key of ['startColumn', 'endLine', 'endColumn']) {
    if (region[key] !== undefined && !isPositiveInteger(region[key]))
      fail(`${where}.physicalLocation.region.${key}`, 'must be an integer >= 1');
  }
  const startLine = region['startLine'] as number;
  const endLine = (region['endLine'] as number | undefined) ?? startLine;
  if (endLine < startLine) fail(`${where}.physicalLocation.region`, 'endLine before startLine');
  if (
    endLine === startLine &&
    region['endColumn'] !== undefined &&
    (region['endColumn'] as number) < ((region['startColumn'] as number | undefined) ?? 1)
  ) {
    fail(`${where}.physicalLocation.region`, 'endColumn before startColumn');
  }
}
