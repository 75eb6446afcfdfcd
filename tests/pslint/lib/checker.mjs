// Checks scripts against the compiled module's metadata (printed by tests/ModelRelease.ModuleMetadata).
import { parser, syntaxErrors, commands, maskDigitParameters, quoteBarewordLists } from './powershell.mjs';

/** Indexes the metadata: command and alias names → cmdlet, with parameter names and aliases. */
export function indexMetadata(metadata) {
  const byName = new Map();
  for (const c of metadata.cmdlets) {
    const entry = { ...c, names: new Map() };
    for (const p of c.parameters) {
      entry.names.set(p.name.toLowerCase(), p);
      for (const a of p.aliases) entry.names.set(a.toLowerCase(), p);
    }
    byName.set(c.name.toLowerCase(), entry);
    for (const alias of c.aliases) byName.set(alias.toLowerCase(), entry);
  }
  const nouns = new Set(metadata.cmdlets.map((c) => c.noun.toLowerCase()));
  return { byName, nouns, common: metadata.commonParameters.map((p) => p.toLowerCase()), verbs: new Set(metadata.approvedVerbs.map((v) => v.toLowerCase())) };
}

/** Noun stems of this module: a command whose noun starts with one of these but that does not exist is a typo. */
const MODULE_NOUN_STEMS = ['checkpoint', 'modelparameter', 'modelcard', 'releasetag', 'hf', 'weights', 'modelversion', 'modelrelease'];

function resolveParameter(cmdlet, index, spelled) {
  const name = spelled.replace(/^-+/, '').replace(/:$/, '').toLowerCase();
  if (cmdlet.names.has(name)) return { parameter: cmdlet.names.get(name) };
  if (index.common.includes(name)) return { common: true };
  // PowerShell accepts any unambiguous prefix of a parameter name or alias.
  const candidates = new Set();
  for (const [n, p] of cmdlet.names) if (n.startsWith(name)) candidates.add(p.name);
  for (const c of index.common) if (c.startsWith(name)) candidates.add(c);
  if (candidates.size === 1) {
    const only = [...candidates][0];
    const p = cmdlet.parameters.find((x) => x.name === only);
    return p ? { parameter: p } : { common: true };
  }
  if (candidates.size > 1) return { error: `-${name} is ambiguous on ${cmdlet.name}: it could be ${[...candidates].map((c) => '-' + c).join(', ')}` };
  return { error: `${cmdlet.name} has no parameter -${name} (it has ${cmdlet.parameters.map((p) => '-' + p.name).join(', ')})` };
}

/** Problems in one script's text: syntax errors, unknown module commands, unknown or misused parameters. */
export async function checkScript(original, index) {
  const p = await parser();
  let text = original;
  let tree = p.parse(maskDigitParameters(text));
  if (syntaxErrors(tree).length > 0) {
    const quoted = quoteBarewordLists(original);
    const retry = p.parse(maskDigitParameters(quoted));
    if (syntaxErrors(retry).length === 0) { text = quoted; tree = retry; }
  }
  const problems = syntaxErrors(tree).map((e) => ({ line: e.line, message: `${e.kind} at column ${e.column} near '${e.text}'` }));
  // Functions the script defines itself are not module commands.
  const defined = new Set([...text.matchAll(/^\s*function\s+([\w-]+)/gim)].map((m) => m[1].toLowerCase()));
  for (const cmd of commands(tree)) {
    if (defined.has(cmd.name.toLowerCase()) || index.scriptFunctions?.has(cmd.name.toLowerCase())) continue;
    const lower = cmd.name.toLowerCase();
    const cmdlet = index.byName.get(lower);
    if (!cmdlet) {
      const m = /^([a-z]+)-([a-z0-9]+)$/.exec(lower);
      if (m && index.verbs.has(m[1]) && MODULE_NOUN_STEMS.some((s) => m[2].startsWith(s))) {
        problems.push({ line: cmd.line, message: `${cmd.name} is not a command of this module` });
      }
      continue;
    }
    if (cmd.elements.some((e) => e.text.startsWith('@') && !e.text.startsWith('@('))) continue; // splatting: cannot be checked statically
    for (const e of cmd.elements) e.text = text.slice(e.start, e.end);
    for (let i = 0; i < cmd.elements.length; i++) {
      const e = cmd.elements[i];
      if (e.type !== 'command_parameter') continue;
      const resolved = resolveParameter(cmdlet, index, e.text);
      if (resolved.error) {
        problems.push({ line: e.line, message: resolved.error });
        continue;
      }
      if (!resolved.parameter) continue;
      const takesValue = !resolved.parameter.isSwitch;
      const inlineValue = e.text.endsWith(':');
      const next = cmd.elements[i + 1];
      if (takesValue && !inlineValue && (!next || next.type === 'command_parameter')) {
        problems.push({ line: e.line, message: `${cmd.name} -${resolved.parameter.name} needs a value` });
      }
    }
  }
  return problems;
}

/** The fenced ```powershell blocks of a Markdown text, with the line each starts on. */
export function powershellBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  let inside = false;
  let start = 0;
  let buffer = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```\s*([A-Za-z0-9_-]*)/.exec(lines[i]);
    if (fence && !inside && /^(powershell|pwsh|ps1|ps)$/i.test(fence[1])) { inside = true; start = i + 2; buffer = []; continue; }
    if (fence && inside) { inside = false; blocks.push({ line: start, text: buffer.join('\n') }); continue; }
    if (inside) buffer.push(lines[i]);
  }
  return blocks;
}

/** Example lines of an about_*.help.txt topic: lines starting with "PS>" (the prompt removed). */
export function helpExamples(text) {
  return text.split('\n').map((l, i) => ({ line: i + 1, m: /^\s*PS>\s?(.*)$/.exec(l) })).filter((x) => x.m).map((x) => ({ line: x.line, text: x.m[1] }));
}
