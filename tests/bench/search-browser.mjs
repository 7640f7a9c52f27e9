#!/usr/bin/env node
// search-browser.mjs OUTDIR LANG_PREFIX QUERY1 QUERY2...: what a search costs a reader in
// headless Chromium, on a built site served from 127.0.0.1 with gzip (as a web server sends
// it). On the language's search page, each query in turn (one reader typing them one after
// the other, so the second reuses what the first fetched) is put in the box at once; printed:
//   - the index files fetched for it and their bytes on the wire (gzip; the first query counts
//     the entry, meta.json, which the script fetches when the box gets the focus);
//   - the time from the input event to the results shown, and that time without the 120 ms
//     the script waits for typing to pause (search.js), i.e. fetching, parsing and ranking.
// The network is local: the time leaves out a phone's latency, not the bytes.
// A benchmark for make bench-search, never a test. Needs tests/node_modules (playwright-core)
// and Chromium (CHROMIUM, else /usr/bin/chromium).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'package.json'));
const DEBOUNCE_MS = 120;   // search.js: setTimeout(run, 120) after the last input event
const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json',
                '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const [outDir, prefix, ...queries] = process.argv.slice(2);
const root = path.resolve(outDir);

async function file(pathname) {
  const p = path.join(root, decodeURIComponent(pathname));
  if (!p.startsWith(root)) return null;
  try {
    const st = await stat(p);
    return st.isDirectory() ? path.join(p, 'index.html') : p;
  } catch {
    return null;
  }
}

function startServer() {
  const server = createServer(async (req, res) => {
    const f = await file(new URL(req.url, 'http://127.0.0.1').pathname);
    let body;
    try { body = f && await readFile(f); } catch { body = null; }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const type = TYPES[path.extname(f)];
    const z = type && /gzip/.test(req.headers['accept-encoding'] || '');
    const out = z ? gzipSync(body, { level: 6 }) : body;
    const head = { 'Content-Type': type || 'application/octet-stream',
                   'Content-Length': out.length };
    if (z) head['Content-Encoding'] = 'gzip';
    res.writeHead(200, head);
    res.end(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
const { chromium } = require('playwright-core');
const server = await startServer();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let got = [];
  page.on('response', (r) => {
    if (/\/search\/(meta\.json|w\/|f\/)/.test(r.url()))
      got.push({ url: r.url(), bytes: Number(r.headers()['content-length'] || 0) });
  });
  await page.goto(base + prefix + 'search/', { waitUntil: 'load' });
  await page.focus('#search-q');
  await page.waitForTimeout(500);   // the entry (meta.json) is fetched on focus, before a query
  const entry = got.reduce((n, f) => n + f.bytes, 0);
  console.log(`search-browser ${prefix || '/'}: on focus, the entry: ${got.length} file, ` +
    `${kb(entry)} gzip (counted in the first query below)`);
  let first = true;
  for (const q of queries) {
    const before = got.length;
    const ms = await page.evaluate(async (text) => {
      const input = document.getElementById('search-q');
      const status = document.getElementById('search-status');
      status.textContent = '';
      const t0 = performance.now();
      const done = new Promise((resolve) => {
        new MutationObserver((ms, o) => {
          if (status.textContent.trim() !== '') { o.disconnect(); resolve(performance.now() - t0); }
        }).observe(status, { childList: true, characterData: true, subtree: true });
      });
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return done;
    }, q);
    const files = got.slice(first ? 0 : before);
    first = false;
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    const shown = await page.$$eval('#search-results li', (l) => l.length);
    console.log(`search-browser ${prefix || '/'} "${q}": ${shown} results shown; fetched ` +
      `${files.length} files, ${kb(bytes)} gzip; ${ms.toFixed(0)} ms to results (` +
      `${Math.max(0, ms - DEBOUNCE_MS).toFixed(0)} ms after the script's ${DEBOUNCE_MS} ms pause)`);
  }
  await ctx.close();
} finally {
  await browser.close();
  server.close();
}
