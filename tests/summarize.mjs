// Counts test results from the suites' own result files and prints "N passed, N failed[, N skipped]".
// TRX (dotnet test), TAP (node --test), NUnit XML (Pester). Exit 1 when anything failed or nothing ran.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
const perFile = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else count(p);
  }
}

function attr(text, tag, name) {
  const m = new RegExp(`<${tag}\\b[^>]*\\b${name}="(\\d+)"`).exec(text);
  return m ? Number(m[1]) : 0;
}

function add(file, passed, failed, skipped) {
  totals.passed += passed; totals.failed += failed; totals.skipped += skipped;
  perFile.push(`${file}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

function count(file) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.trx')) {
    const executed = attr(text, 'Counters', 'executed');
    const total = attr(text, 'Counters', 'total');
    add(file, attr(text, 'Counters', 'passed'), attr(text, 'Counters', 'failed') + attr(text, 'Counters', 'error') + attr(text, 'Counters', 'timeout') + attr(text, 'Counters', 'aborted'), Math.max(total - executed, attr(text, 'Counters', 'notExecuted')));
  } else if (file.endsWith('.tap')) {
    // node:test prints its summary as "# pass N", "# fail N", "# skipped N", "# todo N", "# cancelled N".
    const n = (k) => { const m = new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text); return m ? Number(m[1]) : 0; };
    if (!/^# tests \d+$/m.test(text)) { add(file, 0, 1, 0); return; } // a suite that never finished counts as a failure
    add(file, n('pass'), n('fail') + n('cancelled'), n('skipped') + n('todo'));
  } else if (file.endsWith('.xml') && text.includes('<test-results')) {
    const total = attr(text, 'test-results', 'total');
    const failures = attr(text, 'test-results', 'failures') + attr(text, 'test-results', 'errors');
    const skipped = attr(text, 'test-results', 'not-run') + attr(text, 'test-results', 'skipped') + attr(text, 'test-results', 'ignored') + attr(text, 'test-results', 'inconclusive');
    add(file, Math.max(0, total - failures - skipped), failures, skipped);
  }
}

walk(root);
for (const line of perFile) console.log(line.replace(root + '/', ''));
const ran = totals.passed + totals.failed;
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || ran === 0 ? 1 : 0);
