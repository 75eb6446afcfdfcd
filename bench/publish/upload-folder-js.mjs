// The peer of the many-files benchmark: @huggingface/hub's uploadFiles publishing every file under a folder (paths
// relative to it) in one call to the same emulator. Usage: node upload-folder-js.mjs <hubUrl> <token> <repo> <folder>
// → prints {"seconds":…,"files":…,"bytes":…,"peakRssBytes":…} (the time covers uploadFiles only, not createRepo).
import { createRepo, uploadFiles } from '@huggingface/hub';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resourceUsage } from 'node:process';

const [hubUrl, accessToken, name, folder] = process.argv.slice(2);
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const files = walk(folder);
const repo = { type: 'model', name };
await createRepo({ hubUrl, accessToken, repo });
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const started = performance.now();
await uploadFiles({
  hubUrl, accessToken, repo, commitTitle: 'bench',
  files: files.map((f) => ({ path: relative(folder, f).split(sep).join('/'), content: pathToFileURL(f) })),
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, files: files.length, bytes, peakRssBytes: resourceUsage().maxRSS * 1024 }));
