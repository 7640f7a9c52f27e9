// search.mjs: browser checks of the portal theme's search (called by check.mjs).
//   - nothing under /search/ is fetched before the reader focuses the box, meta.json after;
//   - a query typed without tone marks finds the right page first, in vi, en and hmn;
//   - a prefix finds as you type, with the match highlighted;
//   - results are announced (role=status), reachable with the arrow keys;
//   - the search page runs the query of its URL (?q=) and, without JavaScript, says it needs
//     the script and lists the sections;
//   - under a sub-folder, the index and the results are found relative to the search page.
//   - under `loa serve` (build/loa, or $LOA_BIN) on a copy of the demo whose base_url has the
//     path /vanlang/: a query without tone marks finds the right page first, and the index is
//     fetched under the path the server serves at (/vanlang/ once serve follows base_url's path).
// Prints how many bytes each query fetched and how long it took (information, not a test).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const QUERIES = [
  // [language prefix, query typed without tone marks, path of the page expected first]
  ['/', 'quyen tre em', '/conventions/crc/'],
  ['/', 'tuyen ngon den', '/emagazine/udhr-75/02-tu-tuyen-ngon-den-cong-uoc/'],
  ['/en/', 'tay nung', '/en/stories/van-lang-phap-luat-song-ngu/'],
  ['/hmn/', 'menyuam yaus', '/hmn/conventions/crc/'],
];

async function openPage(browser, base, url, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  await ctx.route('**/*', (r) => (r.request().url().startsWith(base) ? r.continue() : r.abort()));
  const page = await ctx.newPage();
  const fetched = [];
  page.on('response', async (r) => {
    let size = 0;
    try { size = (await r.body()).length; } catch { /* redirects have no body */ }
    fetched.push({ url: r.url(), size });
  });
  await page.goto(base + url, { waitUntil: 'load' });
  return { ctx, page, fetched };
}

const searchFetches = (fetched) => fetched.filter((f) => /\/search\/(meta\.json|w\/|f\/)/.test(f.url));

async function typeAndWait(page, box, text) {
  const t0 = Date.now();
  await page.fill(box, '');
  await page.type(box, text, { delay: 20 });
  await page.waitForFunction(() => {
    const s = document.getElementById('site-search-status') || document.getElementById('search-status');
    return s && s.textContent.trim() !== '';
  }, null, { timeout: 5000 });
  await page.waitForTimeout(200);   // the last keystroke's results
  return Date.now() - t0;
}

/* `loa serve --port 0` on a copy of the demo (and its card cache) with base_url under /vanlang/;
   url resolves to where it serves once it says so, stop() ends it and removes the copy. */
function startServe() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'loa-search-serve-'));
  cpSync(path.join(ROOT, 'content'), path.join(tmp, 'content'), { recursive: true });
  const cache = path.join(ROOT, '.loa-cache');
  if (existsSync(cache)) cpSync(cache, path.join(tmp, '.loa-cache'), { recursive: true });
  const yml = path.join(tmp, 'content', 'site.yml');
  writeFileSync(yml, readFileSync(yml, 'utf8')
    .replace(/^base_url: *(https?:\/\/[^/\s]+)\/.*$/m, 'base_url: $1/vanlang/'));
  const loa = process.env.LOA_BIN || path.join(ROOT, 'build', 'loa');
  const child = spawn(loa, ['serve', '--port', '0', '--content', path.join(tmp, 'content'),
                            '--theme', path.join(ROOT, 'themes', 'portal')],
                      { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = new Promise((resolve, reject) => {
    const late = () => reject(new Error(`loa serve did not start in 300 s\n${log}`));
    const timer = setTimeout(late, 300000);
    child.stdout.on('data', (d) => {
      log += d;
      const m = /Serving at (\S+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`loa serve exited (${code})\n${log}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  return { url, stop };
}

/* Search on the pages `loa serve` serves: the preview must behave as the published site. */
export async function checkServe(browser, pass, fail) {
  const srv = startServe();
  try {
    let url;
    try {
      url = await srv.url;
    } catch (e) {
      fail('search under loa serve: the server starts', e.message);
      return;
    }
    const u = new URL(url), origin = u.origin, at = u.pathname;   // at: "/vanlang/" or "/"
    const { ctx, page, fetched } = await openPage(browser, origin, at);
    await page.focus('#site-search-q');
    const ms = await typeAndWait(page, '#site-search-q', 'quyen tre em');
    const first = await page.evaluate(() => {
      const a = document.querySelector('#site-search-results a');
      return a ? new URL(a.href).pathname : '';
    });
    const idx = searchFetches(fetched).map((f) => new URL(f.url).pathname);
    const under = idx.length > 0 && idx.every((p) => p.startsWith(at + 'search/'));
    const note = at === '/' ? ' (this serve does not follow base_url\'s path: the sub-folder case '
                            + 'is the static check above)' : '';
    console.log(`info  search under loa serve at ${at}: ${idx.length} files, ${ms} ms typing to `
                + `results${note}`);
    const label = `search under loa serve (${at}): "quyen tre em" finds ${at}conventions/crc/ `
                  + `first, index under ${at}search/`;
    if (first === `${at}conventions/crc/` && under) pass(label);
    else fail(label, `first: ${first}\n${idx.join('\n')}`);
    await ctx.close();
  } finally {
    await srv.stop();
  }
}

export async function checkSearch(browser, base, pass, fail) {
  // 1. nothing fetched before focus; the entry after
  {
    const { ctx, page, fetched } = await openPage(browser, base, '/');
    await page.waitForTimeout(300);
    const before = searchFetches(fetched);
    if (before.length === 0) pass('search: nothing of the index fetched before the box is focused');
    else fail('search: nothing of the index fetched before the box is focused', before.map((f) => f.url).join('\n'));
    await page.focus('#site-search-q');
    await page.waitForTimeout(300);
    const after = searchFetches(fetched).map((f) => f.url);
    if (after.length === 1 && after[0].endsWith('/search/meta.json')) pass('search: focusing the box fetches only meta.json');
    else fail('search: focusing the box fetches only meta.json', after.join('\n'));
    await ctx.close();
  }
  // 2. queries without tone marks, first result, bytes and time
  for (const [prefix, q, expected] of QUERIES) {
    const { ctx, page, fetched } = await openPage(browser, base, prefix);
    await page.focus('#site-search-q');
    const ms = await typeAndWait(page, '#site-search-q', q);
    const first = await page.evaluate(() => {
      const a = document.querySelector('#site-search-results a');
      return a ? { path: new URL(a.href).pathname, text: a.textContent } : null;
    });
    const bytes = searchFetches(fetched).reduce((n, f) => n + f.size, 0);
    console.log(`info  search ${prefix} "${q}": ${searchFetches(fetched).length} files, ${bytes} bytes, ${ms} ms typing to results`);
    const label = `search ${prefix}: "${q}" finds ${expected} first`;
    if (first && first.path === expected) pass(label);
    else fail(label, JSON.stringify(first));
    await ctx.close();
  }
  // 3. prefix as you type, highlight, announcement, keyboard
  {
    const { ctx, page } = await openPage(browser, base, '/');
    await page.focus('#site-search-q');
    await typeAndWait(page, '#site-search-q', 'quy');
    const r = await page.evaluate(() => ({
      n: document.querySelectorAll('#site-search-results li').length,
      mark: (document.querySelector('#site-search-results mark') || {}).textContent || '',
      status: document.getElementById('site-search-status').textContent,
      role: document.getElementById('site-search-status').getAttribute('role'),
    }));
    if (r.n > 0 && /^quy/i.test(r.mark)) pass(`search: the prefix "quy" finds as you type (${r.n} shown, "${r.mark}" marked)`);
    else fail('search: the prefix "quy" finds as you type', JSON.stringify(r));
    if (r.role === 'status' && /\d+ kết quả/.test(r.status)) pass(`search: results announced: "${r.status}"`);
    else fail('search: results announced in a role=status element', JSON.stringify(r));
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.closest('#site-search-results') !== null);
    if (focused) pass('search: ArrowDown moves from the box to the first result');
    else fail('search: ArrowDown moves from the box to the first result');
    await page.keyboard.press('Escape');
    const back = await page.evaluate(() => document.activeElement.id);
    if (back === 'site-search-q') pass('search: Escape goes back to the box');
    else fail('search: Escape goes back to the box', back);
    await ctx.close();
  }
  // 4. the search page: ?q= runs; Enter in the header box leads there
  {
    const { ctx, page } = await openPage(browser, base, '/search/?q=cong%20uoc');
    await page.waitForSelector('#search-results li', { timeout: 5000 }).catch(() => {});
    const n = await page.evaluate(() => document.querySelectorAll('#search-results li').length);
    if (n >= 5) pass(`search page: ?q=cong uoc shows results (${n})`);
    else fail('search page: ?q=cong uoc shows results', `${n} results`);
    await page.goto(base + '/en/', { waitUntil: 'load' });
    await page.fill('#site-search-q', 'torture');
    await Promise.all([page.waitForNavigation(), page.press('#site-search-q', 'Enter')]);
    const u = new URL(page.url());
    if (u.pathname === '/en/search/' && u.searchParams.get('q') === 'torture') pass('search: Enter in the header box opens /en/search/?q=');
    else fail('search: Enter in the header box opens /en/search/?q=', page.url());
    await ctx.close();
  }
  // 5. under a sub-folder: the site served at /sub/ (requests there are answered from the
  //    root), results and index are found relative to the search page
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const seen = [];
    await ctx.route('**/*', async (r) => {
      const u = new URL(r.request().url());
      if (!r.request().url().startsWith(base)) return r.abort();
      seen.push(u.pathname);
      if (!u.pathname.startsWith('/sub/')) return r.continue();
      const res = await fetch(base + u.pathname.slice(4) + u.search);
      return r.fulfill({ status: res.status, headers: { 'content-type': res.headers.get('content-type') || '' },
                         body: Buffer.from(await res.arrayBuffer()) });
    });
    const page = await ctx.newPage();
    await page.goto(base + '/sub/search/?q=quyen%20tre%20em', { waitUntil: 'load' });
    await page.waitForSelector('#search-results li', { timeout: 5000 }).catch(() => {});
    const href = await page.evaluate(() => {
      const a = document.querySelector('#search-results a');
      return a ? new URL(a.href).pathname : '';
    });
    const fromSub = seen.filter((p) => /\/search\/(meta\.json|w\/|f\/)/.test(p)).every((p) => p.startsWith('/sub/'));
    if (href === '/sub/conventions/crc/' && fromSub) pass('search under a sub-folder: index and results relative to /sub/');
    else fail('search under a sub-folder: index and results relative to /sub/', `${href}\n${seen.join('\n')}`);
    await ctx.close();
  }
  // 6. without JavaScript
  {
    const { ctx, page } = await openPage(browser, base, '/search/', { javaScriptEnabled: false });
    const r = await page.evaluate(() => ({
      text: document.body.innerText,
      links: document.querySelectorAll('.search-browse a').length,
    }));
    if (/JavaScript/.test(r.text) && r.links > 0) pass(`search page without JavaScript: explains, lists ${r.links} sections`);
    else fail('search page without JavaScript: explains and lists sections', JSON.stringify(r).slice(0, 300));
    await ctx.close();
  }
  // 7. under loa serve, and under its sub-folder when it serves there
  await checkServe(browser, pass, fail);
}
