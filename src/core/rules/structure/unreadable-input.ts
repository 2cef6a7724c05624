import type { Rule } from '../rule';

/**
 * MLH000 is raised by the engine's reader, not by looking at a syntax tree: a file that cannot be
 * decoded, is binary, is too large, or is not a valid nbformat 4 notebook never gets a tree. The
 * unit is here so that the code has metadata, a doc page, a SARIF rule entry and a severity
 * setting like every other rule. Its `check` has nothing to look at once a file has parsed.
 */
export const unreadableInput: Rule = {
  code: 'MLH000',
  name: 'unreadable-input',
  family: 'structure',
  defaultSeverity: 'error',
  status: 'stable',
  summary: 'The file could not be analysed: not UTF-8, binary, too large, or a malformed notebook.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check() {
    // Raised by the reader (engine.analyzeBytes / analyzeText) before any tree exists.
  },
};
