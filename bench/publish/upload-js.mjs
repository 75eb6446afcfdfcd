// The peer of the publish benchmark: @huggingface/hub's uploadFiles publishing the same files to the same
// emulator. Usage: node upload-js.mjs <hubUrl> <token> <repo> <file>... → prints {"seconds":…,"bytes":…}
import { createRepo, uploadFiles } from '@huggingface/hub';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const [hubUrl, accessToken, name, ...files] = process.argv.slice(2);
const repo = { type: 'model', name };
await createRepo({ hubUrl, accessToken, repo });
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const started = performance.now();
await uploadFiles({
  hubUrl, accessToken, repo, commitTitle: 'bench',
  files: files.map((f) => ({ path: basename(f), content: pathToFileURL(f) })),
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, bytes }));
