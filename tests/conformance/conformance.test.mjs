// The official @huggingface/hub client against the hub emulator: if it works here, the emulator speaks
// the protocol the real Hub speaks (as far as this client exercises it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  whoAmI, createRepo, uploadFiles, listFiles, downloadFile, fileExists, pathsInfo, createBranch,
  listCommits, deleteFile, repoExists, fileDownloadInfo, snapshotDownload, downloadFileToCacheDir, scanCacheDir,
  deleteFiles, deleteBranch, deleteRepo,
} from '@huggingface/hub';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, TOKEN, cliPath } from './emulator.mjs';

let hub;
const credentials = { accessToken: TOKEN };
const repo = { type: 'model', name: 'conformance/tiny-model' };
const small = new TextEncoder().encode('{"architectures": ["Tiny"], "hidden_size": 8}\n');
const large = randomBytes(3 * (1 << 20) + 12345); // 3.01 MiB: multipart with 1 MiB parts
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

before(async () => { hub = await startEmulator(); });
after(async () => { await hub?.stop(); });

test('whoAmI returns the token owner with auth details', async () => {
  const me = await whoAmI({ hubUrl: hub.url, credentials });
  assert.equal(me.name, 'alice');
  assert.equal(me.type, 'user');
});

test('createRepo creates the repository and a second call is a conflict', async () => {
  const created = await createRepo({ hubUrl: hub.url, credentials, repo });
  assert.match(created.repoUrl, /conformance\/tiny-model$/);
  await assert.rejects(createRepo({ hubUrl: hub.url, credentials, repo }), (e) => e.statusCode === 409);
  assert.equal(await repoExists({ hubUrl: hub.url, credentials, repo }), true);
});

test('uploadFiles commits a small and a multipart LFS file in one commit', async () => {
  const result = await uploadFiles({
    hubUrl: hub.url, credentials, repo, commitTitle: 'Add model files',
    files: [
      { path: 'config.json', content: new Blob([small]) },
      { path: 'model.safetensors', content: new Blob([large]) },
    ],
  });
  assert.match(result.commit.oid, /^[0-9a-f]{40}$/);
  const stats = await hub.stats();
  assert.ok(stats.requests.part >= 4, `expected the large file to go multipart, saw ${JSON.stringify(stats.requests)}`);
});

test('listFiles shows sizes, blob ids and the LFS oid', async () => {
  const files = [];
  for await (const f of listFiles({ hubUrl: hub.url, credentials, repo })) files.push(f);
  const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
  assert.deepEqual(Object.keys(byPath).sort(), ['.gitattributes', 'config.json', 'model.safetensors']);
  assert.equal(byPath['config.json'].size, small.length);
  assert.equal(byPath['model.safetensors'].lfs.oid, sha256(large));
  assert.equal(byPath['model.safetensors'].lfs.size, large.length);
  // the blob id of an LFS file is the git blob sha1 of its pointer
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(large)}\nsize ${large.length}\n`;
  const blob = createHash('sha1').update(`blob ${Buffer.byteLength(pointer)}\0`).update(pointer).digest('hex');
  assert.equal(byPath['model.safetensors'].oid, blob);
});

test('downloadFile returns exactly the bytes uploaded', async () => {
  for (const [path, bytes] of [['config.json', small], ['model.safetensors', large]]) {
    const blob = await downloadFile({ hubUrl: hub.url, credentials, repo, path });
    assert.ok(blob, `${path} not found`);
    const got = new Uint8Array(await blob.arrayBuffer());
    assert.equal(got.length, bytes.length);
    assert.equal(sha256(got), sha256(bytes));
  }
  const info = await fileDownloadInfo({ hubUrl: hub.url, credentials, repo, path: 'model.safetensors' });
  assert.equal(info.size, large.length);
  assert.equal(info.etag.replaceAll('"', ''), sha256(large));
});

test('fileExists and pathsInfo see what is there and nothing else', async () => {
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo, path: 'config.json' }), true);
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo, path: 'missing.bin' }), false);
  const info = await pathsInfo({ hubUrl: hub.url, credentials, repo, paths: ['config.json', 'model.safetensors', 'nope'] });
  assert.deepEqual(info.map((i) => i.path).sort(), ['config.json', 'model.safetensors']);
  assert.equal(info.find((i) => i.path === 'model.safetensors').lfs.oid, sha256(large));
});

test('a second upload of the same bytes uploads nothing again', async () => {
  const before = (await hub.stats()).uploadedBytes;
  await uploadFiles({ hubUrl: hub.url, credentials, repo, commitTitle: 'Same again', files: [{ path: 'copy.safetensors', content: new Blob([large]) }] });
  const afterStats = await hub.stats();
  assert.equal(afterStats.uploadedBytes, before);
});

test('branches, history and deletions', async () => {
  await createBranch({ hubUrl: hub.url, accessToken: TOKEN, repo, branch: 'experiment' });
  await uploadFiles({ hubUrl: hub.url, credentials, repo, branch: 'experiment', commitTitle: 'Try', files: [{ path: 'notes.txt', content: new Blob(['on a branch\n']) }] });
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo, path: 'notes.txt', revision: 'experiment' }), true);
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo, path: 'notes.txt' }), false);
  await deleteFile({ hubUrl: hub.url, credentials, repo, path: 'copy.safetensors' });
  const titles = [];
  for await (const c of listCommits({ hubUrl: hub.url, credentials, repo })) titles.push(c.title);
  assert.equal(titles[titles.length - 1], 'initial commit');
  assert.ok(titles.includes('Add model files'));
});

test('repository management: several files deleted in one commit, a branch deleted, the repository deleted', async () => {
  const managed = { type: 'model', name: 'conformance/managed' };
  await createRepo({ hubUrl: hub.url, credentials, repo: managed });
  await uploadFiles({
    hubUrl: hub.url, credentials, repo: managed, commitTitle: 'Three files',
    files: ['a.txt', 'b.txt', 'keep.txt'].map((path) => ({ path, content: new Blob([`${path}\n`]) })),
  });
  const before = [];
  for await (const c of listCommits({ hubUrl: hub.url, credentials, repo: managed })) before.push(c.oid);
  await deleteFiles({ hubUrl: hub.url, credentials, repo: managed, paths: ['a.txt', 'b.txt'], commitTitle: 'Delete two' });
  const left = [];
  for await (const f of listFiles({ hubUrl: hub.url, credentials, repo: managed })) left.push(f.path);
  assert.deepEqual(left.filter((p) => p !== '.gitattributes').sort(), ['keep.txt']);
  const after = [];
  for await (const c of listCommits({ hubUrl: hub.url, credentials, repo: managed })) after.push(c.title);
  assert.equal(after.length, before.length + 1, 'both files go in one commit');
  assert.equal(after[0], 'Delete two');

  await createBranch({ hubUrl: hub.url, accessToken: TOKEN, repo: managed, branch: 'exp' });
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo: managed, path: 'keep.txt', revision: 'exp' }), true);
  await deleteBranch({ hubUrl: hub.url, accessToken: TOKEN, repo: managed, branch: 'exp' });
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo: managed, path: 'keep.txt', revision: 'exp' }), false, 'the branch is gone');
  assert.equal(await fileExists({ hubUrl: hub.url, credentials, repo: managed, path: 'keep.txt' }), true, 'main stays');

  await deleteRepo({ hubUrl: hub.url, credentials, repo: managed });
  assert.equal(await repoExists({ hubUrl: hub.url, accessToken: TOKEN, repo: managed }), false);
});

test('a wrong token is refused with the Hub error', async () => {
  await assert.rejects(whoAmI({ hubUrl: hub.url, credentials: { accessToken: 'hf_wrong_token_000000000000' } }), (e) => e.statusCode === 401);
});

// The shared Hugging Face cache, both ways: what @huggingface/hub caches, `modelrelease download` finds offline
// (no request at all: HF_HUB_OFFLINE=1 and an endpoint that answers nothing); what modelrelease caches, the
// official client finds without a request (a fetch that fails if called) and lists with scanCacheDir.
const cacheDirs = [];
after(() => { for (const d of cacheDirs) rmSync(d, { recursive: true, force: true }); });
const newCacheDir = () => { const d = mkdtempSync(join(tmpdir(), 'mr-hf-cache-')); cacheDirs.push(d); return d; };
const noFetch = async (url) => { throw new Error(`no request was expected, but ${url} was asked`); };

/** Runs `modelrelease ...args` with the environment given (and no token or endpoint from the caller's). */
function modelrelease(args, env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HF_|HUGGING)/.test(k)));
  return new Promise((resolve) => {
    execFile('dotnet', [cliPath(), ...args], { env: { ...clean, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('a snapshot @huggingface/hub cached is found offline by modelrelease download', async () => {
  const cacheDir = newCacheDir();
  const snapshot = await snapshotDownload({ hubUrl: hub.url, credentials, repo, cacheDir });
  const run = await modelrelease(['download', 'conformance/tiny-model', '--json'],
    { HF_HUB_CACHE: cacheDir, HF_HUB_OFFLINE: '1', HF_ENDPOINT: 'http://127.0.0.1:9' });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.fromCacheOnly, true);
  assert.equal(realpathSync(result.folder), realpathSync(snapshot));
  const byPath = Object.fromEntries(result.files.map((f) => [f.pathInRepo, f]));
  assert.ok(byPath['config.json'] && byPath['model.safetensors'], `files: ${Object.keys(byPath)}`);
  assert.equal(sha256(readFileSync(byPath['model.safetensors'].path)), sha256(large));
  assert.equal(sha256(readFileSync(byPath['config.json'].path)), sha256(small));
  // A revision the cache lacks is a clear error, not a request.
  const missing = await modelrelease(['download', 'conformance/tiny-model', '--revision', 'v9.9.9', '--json'],
    { HF_HUB_CACHE: cacheDir, HF_HUB_OFFLINE: '1', HF_ENDPOINT: 'http://127.0.0.1:9' });
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  // The CLI's error is its text: it names the revision, the cache and why the Hub was not asked.
  assert.match(missing.stderr, /conformance\/tiny-model@v9\.9\.9 is not in the Hugging Face cache at .*HF_HUB_OFFLINE is set/);
});

test('a snapshot modelrelease downloaded is found by @huggingface/hub without a request', async () => {
  const cacheDir = newCacheDir();
  const run = await modelrelease(['download', 'conformance/tiny-model', '--json'],
    { HF_HUB_CACHE: cacheDir, HF_ENDPOINT: hub.url, HF_TOKEN: TOKEN });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.fromCacheOnly, false);
  for (const [path, bytes] of [['config.json', small], ['model.safetensors', large]]) {
    const found = await downloadFileToCacheDir({ hubUrl: hub.url, credentials, repo, path, revision: result.commitOid, cacheDir, fetch: noFetch });
    assert.equal(realpathSync(found), realpathSync(join(result.folder, path)));
    assert.equal(sha256(readFileSync(found)), sha256(bytes));
  }
  const scan = await scanCacheDir(cacheDir);
  assert.deepEqual(scan.warnings, []);
  const cached = scan.repos.find((r) => r.id.name === 'conformance/tiny-model');
  assert.ok(cached, `repos: ${scan.repos.map((r) => r.id.name)}`);
  assert.equal(cached.revisions.length, 1);
  assert.equal(cached.revisions[0].commitOid, result.commitOid);
  assert.deepEqual(cached.revisions[0].refs, ['main']);
  assert.deepEqual(cached.revisions[0].files.map((f) => f.path.split(/[\\/]/).pop()).sort(), result.files.map((f) => f.pathInRepo).sort());
});
