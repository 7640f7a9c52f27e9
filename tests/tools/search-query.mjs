#!/usr/bin/env node
// search-query.mjs OUTDIR LANG_PREFIX QUERY...: runs the theme's search script
// (themes/portal/static/js/search.js) in Node on a built site's index and prints,
// for each query, "QUERY" then its results in rank order, one "URL<TAB>TITLE" line
// each (at most 10), and a blank line.  LANG_PREFIX is "" for the default
// language, else "en/" etc.  Used by tests/unit/test_search.c and by hand.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const core = require(path.join(here, '..', '..', 'themes', 'portal', 'static', 'js', 'search.js'));
const [outDir, prefix, ...queries] = process.argv.slice(2);
if (!outDir || prefix === undefined) {
  console.error('usage: node tests/tools/search-query.mjs OUTDIR LANG_PREFIX QUERY...');
  process.exit(2);
}
const base = pathToFileURL(path.resolve(outDir, prefix, 'search') + '/').href;
const get = async (url) => JSON.parse(await readFile(fileURLToPath(url), 'utf8'));
const index = new core.Index(base, prefix.replace('/', '') || 'vi', get);
for (const q of queries) {
  const found = await index.search(q);
  const rs = await index.results(found, 0, 10, q);
  console.log(q);
  for (const r of rs) console.log(`${r.frag.url}\t${r.frag.title}`);
  console.log('');
}
