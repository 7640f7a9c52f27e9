#!/usr/bin/env node
// check.mjs OUTDIR [--docs DIR] [--plain]: browser checks of a built loa site.
//
// Serves OUTDIR on 127.0.0.1 (random free port; pretty URLs: /x/ -> /x/index.html; missing
// paths -> the language's 404.html with status 404), drives Debian's Chromium through
// playwright-core (never downloads a browser), and visits one page of every kind in every
// language (found from the output itself: <html lang> and <body class="kind-K type-T">, the
// first page in path order of each language, kind and type, plus fallback copies, the first
// e-magazine page with a chart and the search page), and for each:
//   - runs axe-core with the WCAG 2.0/2.1 A and AA rules, light and dark colour scheme,
//     expecting no violation (each is printed in full);
//   - checks there is exactly one h1 and a lang attribute on <html>;
//   - checks the h1 is in the first screen at 1280x720 and 360x640;
//   - checks nothing scrolls sideways at 320 and 360 px;
//   - with text at 200% (the root font size, as a reader's text-size setting does), checks
//     nothing scrolls sideways at 1280 px and no box clips its text;
//   - presses Tab through the page (once per kind of page, in the first language seen):
//     every visible link and control is reached once, in document order, each with a
//     visible focus indicator (an outline, or the card's);
//   - checks there is no empty block (a visible section, list, paragraph, heading, link...
//     with no text and no image);
//   - saves full-page screenshots at 360 and 1280 px to build/screens/<OUTDIR's name>/.
// The search page is in the sample (with a query); search.mjs checks the search itself.
// Then it reads every HTML file of the site and checks every internal link (href, src,
// srcset; root-relative, relative, or absolute on the site's own origin), including
// #fragments, and that the server answers 404 for a missing page.
// --plain: the site is not the demo (tests/cases/plain): no page may carry the demo's
// wording, and the search checks (which query the demo) are skipped.
// --docs DIR also writes small viewport screenshots of the home page (360 and 1280 px).
// Ends with "N passed, N failed"; exits 1 on any failure, 2 if it cannot run at all.
import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { checkSearch } from './search.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const docsAt = args.indexOf('--docs');
const docsDir = docsAt >= 0 ? path.resolve(args[docsAt + 1]) : null;
if (docsAt >= 0) args.splice(docsAt, 2);
const plainAt = args.indexOf('--plain');
const plain = plainAt >= 0;
if (plain) args.splice(plainAt, 1);
if (args.length !== 1) {
  console.error('usage: node tests/browser/check.mjs OUTDIR [--docs DIR] [--plain]');
  process.exit(2);
}
const outDir = path.resolve(args[0]);
const shotDir = path.resolve(here, '..', '..', 'build', 'screens', path.basename(outDir));
// The demo's own wording: none of it may show on another site built with the theme.
const DEMO_WORDS = ['Nhân quyền', 'nhân quyền', 'quyền con người', 'Quyền con người', 'Tuyên ngôn',
  'UDHR', 'Công ước', 'công ước', 'Bưu thiếp', 'bưu thiếp', 'E-magazine', 'Human Rights',
  'Ban Chỉ đạo', "H'Mông", 'Hmoob', 'Cổng thông tin điện tử', 'Trang mẫu', 'Sample site'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let passed = 0, failed = 0;
function pass(name) { passed++; console.log(`ok    ${name}`); }
function fail(name, detail) {
  failed++;
  console.log(`FAIL  ${name}`);
  if (detail) console.log(String(detail).replace(/^/gm, '      '));
}

// ---- a tiny static server ----------------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.webp': 'image/webp', '.xml': 'application/xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.epub': 'application/epub+zip', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

async function resolveFile(urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]); } catch { return null; }
  const full = path.join(outDir, path.normalize(p));
  if (!full.startsWith(outDir)) return null;
  try {
    const st = await stat(full);
    if (st.isFile()) return full;
    if (st.isDirectory()) {
      const idx = path.join(full, 'index.html');
      if (existsSync(idx)) return idx;
    }
  } catch { /* missing */ }
  return null;
}

function notFoundPage(urlPath) {
  const first = urlPath.split('/')[1];
  const local = first && existsSync(path.join(outDir, first, '404.html')) ? path.join(outDir, first, '404.html') : null;
  return local || path.join(outDir, '404.html');
}

function startServer() {
  const server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    let file = await resolveFile(u.pathname);
    if (file && !u.pathname.endsWith('/') && file.endsWith(`${path.sep}index.html`) &&
        !u.pathname.endsWith('index.html')) {
      res.writeHead(301, { Location: u.pathname + '/' });
      res.end();
      return;
    }
    let status = 200;
    if (!file) { status = 404; file = notFoundPage(u.pathname); }
    try {
      const body = await readFile(file);
      res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- which pages to test: discovered from the output ---------------------------------------
// The first page (in path order) under dir/section with a ```chart figure, or null.
async function firstChartPage(dir, section) {
  const walk = async (rel) => {
    let entries;
    try { entries = await readdir(path.join(dir, rel), { withFileTypes: true }); } catch { return null; }
    for (const d of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const sub = path.join(rel, d), file = path.join(dir, sub, 'index.html');
      if (existsSync(file) && (await readFile(file, 'utf8')).includes('<figure class="chart ')) return sub;
      const deeper = await walk(sub);
      if (deeper) return deeper;
    }
    return null;
  };
  return walk(section);
}

const urlOf = (file) => '/' + path.relative(outDir, file).split(path.sep).join('/').replace(/index\.html$/, '');

// One page per language, kind and type (and fallback copy): the first in path order.
async function samplePages() {
  const files = (await walk(outDir)).sort();
  const seen = new Map();
  for (const file of files) {
    const html = await readFile(file, 'utf8');
    const lang = (html.match(/<html[^>]*\slang="([^"]*)"/) || [])[1] || '?';
    const body = (html.match(/<body class="([^"]*)"/) || [])[1] || '';
    const kind = (body.match(/kind-(\S+)/) || [])[1] || 'other';
    const type = (body.match(/type-(\S+)/) || [])[1] || '';
    const fb = html.includes('id="fallback-banner-title"') ? '-fallback' : '';
    const name = `${lang}-${kind}${type && type !== kind ? '-' + type : ''}${fb}`;
    if (!seen.has(name)) seen.set(name, { name, url: urlOf(file) });
  }
  const out = [...seen.values()];
  for (const sp of out) if (sp.url.endsWith('/search/')) sp.url += plain ? '?q=sach' : '?q=quyen';
  for (const [lang, prefix] of [['vi', '/'], ['en', '/en/']]) {
    const chart = await firstChartPage(path.join(outDir, prefix), 'emagazine');
    if (chart) out.push({ name: `${lang}-chart`, url: `${prefix}${chart.split(path.sep).join('/')}/` });
  }
  if (!out.some((p) => p.name.includes('-home'))) fail('the site has a home page');
  return out;
}

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`).join('\n');
    return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

// ---- the link crawl (reads files, no browser) --------------------------------------------------
async function walk(dir, acc = []) {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) await walk(p, acc);
    else if (d.name.endsWith('.html')) acc.push(p);
  }
  return acc;
}

function decodeEntities(s) {
  return s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
}

async function checkLinks(origin) {
  const files = await walk(outDir);
  const idCache = new Map();
  const idsOf = async (file) => {
    if (!idCache.has(file)) {
      const html = await readFile(file, 'utf8');
      idCache.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1]))));
    }
    return idCache.get(file);
  };
  const broken = [];
  let count = 0;
  for (const file of files) {
    const html = await readFile(file, 'utf8');
    const pageUrl = '/' + path.relative(outDir, file).split(path.sep).join('/').replace(/index\.html$/, '');
    const refs = [];
    for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) refs.push(decodeEntities(m[2]));
    for (const m of html.matchAll(/\ssrcset="([^"]*)"/g))
      for (const part of decodeEntities(m[1]).split(',')) refs.push(part.trim().split(/\s+/)[0]);
    for (const ref of refs) {
      if (!ref || /^(mailto:|tel:|javascript:|data:)/i.test(ref)) continue;
      let u;
      try { u = new URL(ref, origin + pageUrl); } catch { broken.push(`${pageUrl}: unparsable link ${ref}`); continue; }
      if (u.origin !== origin) continue;          // external: not ours to check
      count++;
      const target = u.pathname === pageUrl && !ref.startsWith('/') && ref.startsWith('#') ? file : await resolveFile(u.pathname);
      if (!target) { broken.push(`${pageUrl}: ${ref} (no such file)`); continue; }
      if (u.hash && u.hash.length > 1 && target.endsWith('.html')) {
        const id = decodeURIComponent(u.hash.slice(1));
        if (!(await idsOf(target)).has(id)) broken.push(`${pageUrl}: ${ref} (no element with id "${id}")`);
      }
    }
  }
  return { files: files.length, count, broken };
}

// ---- the checks of one page ------------------------------------------------------------------
async function openContext(browser, base, scheme, viewport) {
  const ctx = await browser.newContext({ viewport, colorScheme: scheme, reducedMotion: 'reduce' });
  // Only our server: anything else (fonts, analytics, share widgets) is blocked.
  await ctx.route('**/*', (r) => (r.request().url().startsWith(base) ? r.continue() : r.abort()));
  return ctx;
}

const keyboardDone = new Set();

async function checkPage(browser, base, sp, scheme) {
  const ctx = await openContext(browser, base, scheme, { width: 1280, height: 720 });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400 && r.url().startsWith(base)) errors.push(`${r.status()} ${r.url()}`); });
  const label = `${sp.name} (${sp.url}, ${scheme})`;
  const resp = await page.goto(base + sp.url, { waitUntil: 'load' });
  const okStatus = sp.name.includes('-404') ? [200, 404] : [200];
  if (!resp || !okStatus.includes(resp.status())) {
    fail(`${label}: loads`, `status ${resp && resp.status()}`);
    await ctx.close();
    return;
  }
  await runAxe(page, label);
  if (scheme === 'light') {
    await checkStructure(page, label);
    await checkFirstScreen(page, label, 1280, 720);
    await page.screenshot({ path: path.join(shotDir, `${sp.name}-1280.png`), fullPage: true });
    // Tab order is the same in every language: once per kind of page keeps the run short
    const kindKey = sp.name.replace(/^[^-]+-/, '');
    if (!keyboardDone.has(kindKey)) {
      keyboardDone.add(kindKey);
      await checkKeyboard(page, label);
    }
    await checkZoom(page, label);
    await checkNarrow(page, label, 320);
    await checkNarrow(page, label, 360);
    await checkFirstScreen(page, label, 360, 640);
    await page.setViewportSize({ width: 360, height: 640 });
    await page.screenshot({ path: path.join(shotDir, `${sp.name}-360.png`), fullPage: true });
    if (docsDir && sp.name.endsWith('-home') && sp.url === '/') await docsShots(page);
  }
  if (errors.length) fail(`${label}: no page errors or failed requests`, errors.join('\n'));
  await ctx.close();
}

async function runAxe(page, label) {
  const axePath = require.resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  if (result.violations.length === 0) pass(`${label}: axe ${AXE_TAGS.join(', ')}`);
  else fail(`${label}: axe ${result.violations.length} violation(s)`, formatViolations(result.violations));
}

// One h1, a lang attribute, and no empty block.
async function checkStructure(page, label) {
  const doc = await page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const blocks = 'section, aside, nav, ul, ol, dl, dt, dd, p, h1, h2, h3, h4, li, figure, blockquote, a, button, figcaption';
    const empty = [...document.querySelectorAll(blocks)].filter((el) => shown(el) &&
      !el.closest('[role="status"], [aria-live], .visually-hidden, [hidden]') &&
      !(el.id && document.querySelector(`[data-results="${el.id}"]`)) &&   // filled by a script
      el.textContent.trim() === '' && !el.querySelector('img, svg, picture, input, select, textarea, iframe, video'))
      .slice(0, 8).map((el) => el.outerHTML.slice(0, 160));
    return { h1: document.querySelectorAll('h1').length, lang: document.documentElement.getAttribute('lang') || '', empty };
  });
  if (doc.h1 === 1 && doc.lang) pass(`${label}: one h1, lang="${doc.lang}"`);
  else fail(`${label}: one h1 and a lang attribute`, `h1 count ${doc.h1}, lang "${doc.lang}"`);
  if (doc.empty.length === 0) pass(`${label}: no empty block`);
  else fail(`${label}: no empty block`, doc.empty.join('\n'));
}

// The page's title (its h1) is entirely in the first screen.
async function checkFirstScreen(page, label, width, height) {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  const r = await page.evaluate(() => {
    const h = document.querySelector('h1');
    return h ? { bottom: Math.round(h.getBoundingClientRect().bottom + window.scrollY) } : null;
  });
  if (!r) return;   // checkStructure reports the missing h1
  if (r.bottom <= height) pass(`${label}: the title is in the first screen at ${width}x${height}`);
  else fail(`${label}: the title is in the first screen at ${width}x${height}`, `h1 ends at ${r.bottom} px`);
}

async function checkNarrow(page, label, width) {
  await page.setViewportSize({ width, height: 780 });
  await page.waitForTimeout(30);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  if (sw <= width) { pass(`${label}: no horizontal scroll at ${width} px`); return; }
  const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > w + 1)
    .slice(0, 8).map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`), width);
  fail(`${label}: no horizontal scroll at ${width} px`, `scrollWidth ${sw}\n${wide.join('\n')}`);
}

// Text at 200%: the root font size doubled (every size in the theme is in rem or em), at
// 1280 px: nothing scrolls sideways and no box that clips (overflow other than visible)
// cuts its text off.
async function checkZoom(page, label) {
  await page.setViewportSize({ width: 1280, height: 720 });
  const r = await page.evaluate(async () => {
    document.documentElement.style.fontSize = '200%';
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const clipped = [...document.querySelectorAll('body *')].filter((el) => {
      if (el.closest('.visually-hidden, [hidden], .chart-data')) return false;
      const cs = getComputedStyle(el);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') return false;
      if (cs.overflowX === 'auto' || cs.overflowX === 'scroll' || cs.overflowY === 'auto' || cs.overflowY === 'scroll') return false;
      if (!el.textContent.trim() || el.getClientRects().length === 0) return false;
      return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    }).slice(0, 8).map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
    const sw = document.documentElement.scrollWidth;
    document.documentElement.style.fontSize = '';
    return { sw, clipped };
  });
  if (r.sw <= 1280 && r.clipped.length === 0) pass(`${label}: text at 200% reads (no sideways scroll, nothing clipped)`);
  else fail(`${label}: text at 200% reads`, `scrollWidth ${r.sw}\n${r.clipped.join('\n')}`);
}

// Tab from the top: every visible link and form control is reached once, in document
// order, and each shows a focus indicator (its own outline or box-shadow, or that of the
// card it makes clickable).
async function checkKeyboard(page, label) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(page.url(), { waitUntil: 'networkidle' });
  await page.waitForTimeout(200);   // a script may still be drawing (search results)
  const expected = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.disabled && !el.closest('[hidden], [inert]'));
    all.forEach((el, i) => { el.dataset.kbd = String(i); });
    const visibleOrSkip = (el) => el.getClientRects().length > 0 || el.classList.contains('skip-link');
    return all.filter(visibleOrSkip).map((el) => Number(el.dataset.kbd));
  });
  const reached = [], noRing = [];
  for (let i = 0; i < expected.length + 5; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (el.dataset.kbd === undefined) return { id: -1, ring: true, what: el.tagName };
      const ring = (e) => {
        const cs = getComputedStyle(e);
        return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
      };
      const card = el.closest('.card');
      return { id: Number(el.dataset.kbd), ring: ring(el) || (card !== null && ring(card)),
               what: `<${el.tagName.toLowerCase()}> ${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 50)}` };
    });
    if (!f) break;
    if (reached.length && f.id === reached[0]) break;   // wrapped around
    if (f.id < 0) continue;   // drawn after the page loaded: not in the list
    reached.push(f.id);
    if (!f.ring) noRing.push(f.what);
  }
  const inOrder = reached.every((id, k) => k === 0 || id > reached[k - 1]);
  const missing = expected.filter((id) => !reached.includes(id));
  if (inOrder && missing.length === 0 && noRing.length === 0)
    pass(`${label}: Tab reaches all ${expected.length} links and controls in order, each with a visible focus`);
  else fail(`${label}: keyboard`, [
    inOrder ? '' : `out of order: ${reached.join(' ')}`,
    missing.length ? `not reached: ${missing.length} (first: #${missing[0]})` : '',
    noRing.length ? `no visible focus: ${noRing.slice(0, 5).join('; ')}` : ''].filter(Boolean).join('\n'));
}

async function docsShots(page) {
  await mkdir(docsDir, { recursive: true });
  await page.setViewportSize({ width: 360, height: 640 });
  await page.screenshot({ path: path.join(docsDir, 'home-360.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: path.join(docsDir, 'home-1280.png') });
}

// --plain: no HTML page of the site carries the demo's wording.
async function checkNoDemoWording() {
  const hits = [];
  for (const file of await walk(outDir)) {
    const html = await readFile(file, 'utf8');
    for (const w of DEMO_WORDS) if (html.includes(w)) hits.push(`${urlOf(file)}: "${w}"`);
  }
  if (hits.length === 0) pass(`plain site: none of the demo's wording (${DEMO_WORDS.length} phrases) on any page`);
  else fail('plain site: none of the demo\'s wording', hits.slice(0, 40).join('\n'));
}

// ---- main -------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(path.join(outDir, 'index.html'))) {
    console.error(`check.mjs: ${outDir}/index.html is missing; build the site first (make site)`);
    process.exit(2);
  }
  let chromium, axePath;
  try {
    ({ chromium } = require('playwright-core'));
    axePath = require.resolve('axe-core/axe.min.js');
  } catch (e) {
    console.error(`check.mjs: ${e.message}\nrun 'cd tests && npm ci' first`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`check.mjs: ${CHROMIUM} is missing; apt-get install chromium (or set CHROMIUM=/path)`);
    process.exit(2);
  }
  // Same origin as the site's canonical links, so absolute links to it count as internal.
  const homeHtml = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const canon = homeHtml.match(/<link rel="canonical" href="([^"]+)"/);
  const siteOrigin = canon ? new URL(canon[1]).origin : 'http://127.0.0.1';

  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
  });
  await mkdir(shotDir, { recursive: true });
  try {
    const pages = await samplePages();
    console.log(`pages: ${pages.map((p) => p.name).join(' ')}`);
    for (const sp of pages) {
      for (const scheme of ['light', 'dark']) await checkPage(browser, base, sp, scheme);
    }

    if (!plain && existsSync(path.join(outDir, 'search', 'meta.json'))) await checkSearch(browser, base, pass, fail);
    if (plain) await checkNoDemoWording();

    // The 404 page: a missing path answers 404 with the theme's page.
    const r404 = await fetch(`${base}/no-such-page-${Date.now()}/`);
    const t404 = await r404.text();
    if (r404.status === 404 && /<h1/.test(t404)) pass('missing page: status 404 with the 404 page');
    else fail('missing page: status 404 with the 404 page', `status ${r404.status}`);

    const links = await checkLinks(siteOrigin);
    if (links.broken.length === 0) pass(`links: ${links.count} internal links in ${links.files} HTML files, none broken`);
    else fail(`links: ${links.broken.length} broken of ${links.count}`, links.broken.slice(0, 200).join('\n'));
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots: ${shotDir}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
