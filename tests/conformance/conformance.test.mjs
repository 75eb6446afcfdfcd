// The official @huggingface/hub client against the hub emulator: if it works here, the emulator speaks
// the protocol the real Hub speaks (as far as this client exercises it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  whoAmI, createRepo, uploadFiles, listFiles, downloadFile, fileExists, pathsInfo, createBranch,
  listCommits, deleteFile, repoExists, fileDownloadInfo,
} from '@huggingface/hub';
import { startEmulator, TOKEN } from './emulator.mjs';

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

test('a wrong token is refused with the Hub error', async () => {
  await assert.rejects(whoAmI({ hubUrl: hub.url, credentials: { accessToken: 'hf_wrong_token_000000000000' } }), (e) => e.statusCode === 401);
});
