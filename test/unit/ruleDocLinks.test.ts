import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RULES, readRuleDoc, ruleDocPath } from '../../src/core/rules/registry';

/** The prose of a page: code blocks and code spans blanked out (a code there is an example, not a mention). */
function prose(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/**
 * The rule pages link to each other with relative links, so that in the editor's markdown preview
 * (which opens the bundled page, dist/docs/<family>/<name>.md) and on GitHub a click on a rule
 * mentioned in the text opens that rule's page.
 */
describe('rule doc pages link to the rules they mention', () => {
  const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

  it('resolves every relative link to an existing page', () => {
    for (const rule of RULES) {
      const page = ruleDocPath(rule);
      for (const match of readRuleDoc(rule).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        assert.ok(existsSync(resolve(dirname(page), target)), `${rule.code}: link ${target} leads nowhere`);
      }
    }
  });

  it('links each other rule mentioned in the prose to its page, at least once', () => {
    let mentions = 0;
    for (const rule of RULES) {
      const doc = readRuleDoc(rule);
      const text = prose(doc.slice(doc.indexOf('\n') + 1));
      for (const code of new Set(text.match(/MLH\d{3}/g) ?? [])) {
        const other = byCode.get(code);
        if (!other || code === rule.code) continue;
        mentions++;
        const expected = ruleDocPath(other);
        const linked = [...doc.matchAll(new RegExp(`\\[${code}\\]\\(([^)]+)\\)`, 'g'))].some(
          (m) => resolve(dirname(ruleDocPath(rule)), m[1]!) === expected,
        );
        assert.ok(linked, `${rule.code} mentions ${code} but never links [${code}](…) to ${other.name}'s page`);
      }
    }
    assert.ok(mentions >= 5, `only ${mentions} mentions of other rules found: is the prose filter right?`);
  });
});
