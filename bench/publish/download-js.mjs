// The peer of the download benchmark: @huggingface/hub's snapshotDownload of a whole repository from the same
// emulator into a cache folder of its own. Usage: node download-js.mjs <hubUrl> <token> <repo> <cacheDir>
// → prints {"seconds":…,"bytes":…,"path":…} (bytes: the sizes of the files in the snapshot folder).
import { snapshotDownload } from '@huggingface/hub';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [hubUrl, accessToken, name, cacheDir] = process.argv.slice(2);
const started = performance.now();
const path = await snapshotDownload({ hubUrl, accessToken, repo: { type: 'model', name }, cacheDir });
const seconds = (performance.now() - started) / 1000;
const bytes = readdirSync(path).reduce((n, f) => n + statSync(join(path, f)).size, 0);
console.log(JSON.stringify({ seconds, bytes, path }));
