// The PowerShell script checks of the suite (run by tests/pslint/run.sh, which prints the module metadata first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkScript, indexMetadata, powershellBlocks, helpExamples } from './lib/checker.mjs';

const root = join(import.meta.dirname, '..', '..');
const metadataPath = process.env.MODELRELEASE_MODULE_METADATA ?? join(root, 'out', 'pslint', 'module-metadata.json');
const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
const index = indexMetadata(metadata);

function filesUnder(dir, predicate, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'out', 'bin', 'obj', '.git', 'TestResults'].includes(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, predicate, found);
    else if (predicate(name)) found.push(p);
  }
  return found;
}

const scripts = filesUnder(root, (n) => /\.(ps1|psm1|psd1)$/i.test(n)).sort();
// Functions defined by the repository's own scripts (helper modules of the tests, for example).
index.scriptFunctions = new Set(scripts.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^\s*function\s+([\w-]+)/gim)].map((m) => m[1].toLowerCase())));
const format = (problems) => problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n');

test('the repository has PowerShell scripts to check', () => {
  assert.ok(scripts.some((s) => s.endsWith('ModelRelease.psd1')), 'ModelRelease.psd1 not found');
});

for (const file of scripts) {
  test(`${relative(root, file)} parses and uses only real cmdlets and parameters`, async () => {
    const problems = await checkScript(readFileSync(file, 'utf8'), index);
    assert.equal(problems.length, 0, `\n${format(problems)}`);
  });
}

for (const doc of ['README.md', ...filesUnder(join(root, 'docs'), (n) => n.endsWith('.md')).map((p) => relative(root, p))].filter((d) => existsSync(join(root, d)))) {
  test(`${doc}: every powershell block parses and uses only real cmdlets and parameters`, async () => {
    const blocks = powershellBlocks(readFileSync(join(root, doc), 'utf8'));
    for (const block of blocks) {
      const problems = (await checkScript(block.text, index)).map((p) => ({ ...p, line: p.line + block.line - 1 }));
      assert.equal(problems.length, 0, `\n${format(problems)}`);
    }
  });
}

for (const topic of filesUnder(join(root, 'en-US'), (n) => n.endsWith('.help.txt'))) {
  test(`${relative(root, topic)}: every PS> example uses only real cmdlets and parameters`, async () => {
    const examples = helpExamples(readFileSync(topic, 'utf8'));
    assert.ok(examples.length > 0, 'an about topic should show examples (lines starting with PS>)');
    for (const ex of examples) {
      const problems = await checkScript(ex.text, index);
      assert.equal(problems.length, 0, `line ${ex.line}: ${ex.text}\n${format(problems)}`);
    }
  });
}

for (const maml of filesUnder(join(root, 'en-US'), (n) => n.endsWith('-Help.xml'))) {
  test(`${relative(root, maml)}: every example uses only real cmdlets and parameters`, async () => {
    const text = readFileSync(maml, 'utf8');
    const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const examples = [...text.matchAll(/<dev:code>([\s\S]*?)<\/dev:code>/g)].map((m) => unescape(m[1]));
    assert.ok(examples.length > 0, 'the help has no examples');
    for (const ex of examples) {
      const problems = await checkScript(ex, index);
      assert.equal(problems.length, 0, `${ex}\n${format(problems)}`);
    }
  });
}

test('the manifest exports exactly the compiled cmdlets and aliases', () => {
  const text = readFileSync(join(root, 'ModelRelease.psd1'), 'utf8');
  const list = (key) => [...(new RegExp(`${key}\\s*=\\s*@\\(([^)]*)\\)`, 's').exec(text)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(list('CmdletsToExport'), metadata.cmdlets.map((c) => c.name).sort());
  assert.deepEqual(list('AliasesToExport'), metadata.cmdlets.flatMap((c) => c.aliases).sort());
});

// The checker must be able to fail: each of these is a mistake pwsh would make a script pay for.
const selfTests = [
  ['a syntax error', 'Get-Checkpoint ./x.safetensors | ForEach-Object { $_.Name ', /syntax error|missing/],
  ['a parameter the cmdlet does not have', 'Get-Checkpoint -Recurse ./models', /has no parameter -recurse/i],
  ['a module command that does not exist', 'Get-Checkpoints ./models', /not a command of this module/],
  ['a value parameter without its value', 'Measure-ModelParameter ./m.safetensors -Expected', /needs a value/],
  ['an ambiguous prefix', 'Test-Checkpoint ./m.safetensors -E 1', /ambiguous/],
  ['a prefix that is ambiguous with a common parameter', 'Test-Checkpoint ./m.safetensors -De', /ambiguous/],
  ['a digit-bearing parameter that does not exist', 'Test-Checkpoint ./m.safetensors -Sha512', /no parameter -sha512/i],
];
for (const [what, script, expected] of selfTests) {
  test(`the checker reports ${what}`, async () => {
    const problems = await checkScript(script, index);
    assert.ok(problems.some((p) => expected.test(p.message)), `expected a problem matching ${expected}, got: ${JSON.stringify(problems)}`);
  });
}

test('the checker accepts prefixes, aliases, common parameters and -Name:value', async () => {
  const script = [
    'Get-Checkpoint ./m.gguf | Select-Object Name, Format, ParameterCount',
    'Get-Checkpoint -LP ./m.safetensors -ErrorAction Stop -OutVariable cp',
    'Get-ChildItem ./models -Filter *.gguf | Test-Checkpoint -Deep -Sha256 -ExpectedParameterCount:15.8M -Tolerance 1%',
    'Measure-ModelParameters -Path ./m.safetensors -Expected 1.2B',
  ].join('\n');
  assert.deepEqual(await checkScript(script, index), []);
});
