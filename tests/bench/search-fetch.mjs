#!/usr/bin/env node
// search-fetch.mjs OUTDIR LANG_PREFIX QUERY1 QUERY2...: what the search costs a reader, with the
// theme's own script (themes/portal/static/js/search.js) run in Node on a built index:
//   - the index's size: entry, shards and result files, raw and gzip-compressed (as a server
//     with gzip sends them), and per 1,000 pages;
//   - for each query in turn (as one reader typing them one after the other, so the second
//     reuses what the first fetched): the files fetched, their gzip size, and the time the
//     script takes to parse them and rank (files in memory: no network, no disk).
// A benchmark for make bench (tests/bench/run.sh), never a test.
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const core = require(path.join(here, '..', '..', 'themes', 'portal', 'static', 'js', 'search.js'));
const [outDir, prefix, ...queries] = process.argv.slice(2);
const dir = path.resolve(outDir, prefix, 'search');
const gz = (buf) => gzipSync(buf, { level: 6 }).length;

async function sizes(sub) {
  let raw = 0, z = 0, n = 0;
  const at = path.join(dir, sub);
  const names = (await stat(at)).isDirectory() ? (await readdir(at)).map((f) => path.join(at, f)) : [at];
  for (const f of names) {
    const b = await readFile(f);
    raw += b.length;
    z += gz(b);
    n++;
  }
  return { raw, z, n };
}

const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
const per = 1000 / meta.docs;
const m = await sizes('meta.json'), w = await sizes('w'), f = await sizes('f');
console.log(`search ${prefix || '/'}: ${meta.docs} pages; entry ${kb(m.raw)} (gzip ${kb(m.z)}); ` +
  `${w.n} shards ${kb(w.raw)} (gzip ${kb(w.z)}, largest shard file below); ${f.n} result files ${kb(f.raw)} (gzip ${kb(f.z)})`);
console.log(`search ${prefix || '/'}: per 1,000 pages: shards ${kb(w.raw * per)} (gzip ${kb(w.z * per)}), ` +
  `result files ${kb(f.raw * per)} (gzip ${kb(f.z * per)})`);

const fetched = [];
const files = new Map();
const get = async (url) => {
  const b = await readFile(fileURLToPath(url));
  fetched.push({ url, b });
  files.set(url, b);
  return JSON.parse(b.toString('utf8'));
};
const base = pathToFileURL(dir + '/').href, lang = prefix.replace('/', '') || 'vi';
const index = new core.Index(base, lang, get);
for (const q of queries) {
  const from = fetched.length;
  const found = await index.search(q);
  const rs = await index.results(found, 0, 10, q);
  const got = fetched.slice(from).map((x) => ({ url: x.url, raw: x.b.length, z: gz(x.b) }));
  // the script's time: the same query on a fresh index whose files are in memory (the
  // network and the disk are not in it; parsing the JSON is)
  const warm = new core.Index(base, lang, async (url) => JSON.parse(files.get(url).toString('utf8')));
  const t0 = process.hrtime.bigint();
  await warm.results(await warm.search(q), 0, 10, q);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const z = got.reduce((n, x) => n + x.z, 0), raw = got.reduce((n, x) => n + x.raw, 0);
  const shards = got.filter((x) => x.url.includes('/w/'));
  const biggest = shards.reduce((n, x) => Math.max(n, x.z), 0);
  console.log(`search ${prefix || '/'} "${q}": ${found.docs.length} results, 10 shown; ` +
    `fetched ${got.length} files (${shards.length} shards, largest gzip ${kb(biggest)}): ` +
    `${kb(raw)}, gzip ${kb(z)}; ${ms.toFixed(1)} ms in the script` +
    (rs[0] ? `; first: ${rs[0].frag.title.slice(0, 40)}` : ''));
}
