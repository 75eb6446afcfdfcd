// Parsing PowerShell with the tree-sitter grammar (wasm, no native build) and finding command calls.
import { Parser, Language } from 'web-tree-sitter';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let parserPromise;

/** One parser for the process. */
export function parser() {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = join(dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parserPromise;
}

/**
 * The grammar (tree-sitter-powershell 0.26) reads a digit inside a parameter name (`-Sha256`) as the start of
 * a redirection (`2>`) and reports a missing '>'; PowerShell itself accepts such names. Digits inside
 * parameter tokens are replaced by letters before parsing — same length, so positions still index the
 * original text, from which the real spelling is taken back.
 */
export function maskDigitParameters(text) {
  return text.replace(/(^|[\s(|;{])-([A-Za-z_][A-Za-z0-9_]*\d[A-Za-z0-9_]*)/gm, (_, lead, name) => lead + '-' + name.replace(/\d/g, 'q'));
}

/**
 * The grammar also rejects bare-word lists as command arguments (`Select-Object Name, Length`,
 * `Export-ModuleMember -Function A, B`), which PowerShell reads as arrays of strings. When a script does
 * not parse as written, it is parsed again with such lists quoted; only if that parses is it accepted.
 */
export function quoteBarewordLists(text) {
  return text.replace(/(^|[\s(])([A-Za-z_][\w.*\-]*)((?:[ \t]*,[ \t]*[A-Za-z_][\w.*\-]*)+)/gm, (_, lead, first, rest) =>
    lead + [first, ...rest.split(',').slice(1).map((x) => x.trim())].map((w) => `'${w}'`).join(', '));
}

/** Syntax errors: ERROR and MISSING nodes with their 1-based line and column. */
export function syntaxErrors(tree) {
  const errors = [];
  const walk = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: node.text.slice(0, 60), kind: node.isMissing ? `missing ${node.type}` : 'syntax error' });
      return;
    }
    if (node.hasError) for (const child of node.children) walk(child);
  };
  walk(tree.rootNode);
  return errors;
}

/**
 * Every command invocation: its name, its elements in order (parameters and arguments), where it is.
 * Parameters keep the spelling used (`-Path`, `-Path:`); arguments keep their node type and text.
 */
export function commands(tree) {
  const found = [];
  const walk = (node) => {
    if (node.type === 'command') {
      const nameNode = node.childForFieldName?.('command_name') ?? node.namedChildren.find((c) => c.type === 'command_name');
      const elementsNode = node.namedChildren.find((c) => c.type === 'command_elements');
      if (nameNode) {
        const elements = [];
        for (const e of elementsNode?.namedChildren ?? []) {
          if (e.type === 'command_argument_sep') continue;
          elements.push({ type: e.type, text: e.text, start: e.startIndex, end: e.endIndex, line: e.startPosition.row + 1 });
        }
        found.push({ name: nameNode.text, elements, line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
      }
    }
    for (const child of node.namedChildren) walk(child);
  };
  walk(tree.rootNode);
  return found;
}
