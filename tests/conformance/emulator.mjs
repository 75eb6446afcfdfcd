// Starts the hub emulator (the modelrelease CLI's `hub` command) on a free loopback port with a fresh
// data folder, and stops it. MODELRELEASE_CLI may point at modelrelease.dll; by default the Debug build.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
export const TOKEN = 'hf_conformance_token_0123456789';
// Opens the emulator's own endpoints (/_emulator/stats).
export const ADMIN_TOKEN = 'hf_conformance_admin_0123456789';

/** modelrelease.dll: MODELRELEASE_CLI, by default the Debug build. */
export const cliPath = () => process.env.MODELRELEASE_CLI ?? join(root, 'src', 'ModelRelease.Cli', 'bin', 'Debug', 'net10.0', 'modelrelease.dll');

export async function startEmulator({ chunkSize = 1 << 20, threshold = 1 << 20 } = {}) {
  const cli = cliPath();
  if (!existsSync(cli)) throw new Error(`${cli} not found: build src/ModelRelease.Cli first (tests/conformance/run.sh does)`);
  const data = mkdtempSync(join(tmpdir(), 'mr-conformance-'));
  const child = spawn('dotnet', [cli, 'hub', '--data', data, '--urls', 'http://127.0.0.1:0', '--token', `${TOKEN}=alice`, '--org', 'conformance', '--admin-token', ADMIN_TOKEN,
    '--chunk-size', String(chunkSize), '--multipart-threshold', String(threshold)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start in 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the emulator exited with ${code}:\n${out}`)); });
  });
  return {
    url,
    /** The emulator's counters (requests per endpoint, uploaded bytes, commits), read with the admin token. */
    async stats() {
      const response = await fetch(`${url}/_emulator/stats`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (!response.ok) throw new Error(`/_emulator/stats answered ${response.status}`);
      return response.json();
    },
    data,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    },
  };
}
