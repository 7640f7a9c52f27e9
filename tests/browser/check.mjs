#!/usr/bin/env node
// check.mjs OUTDIR [--docs DIR]: browser checks of a built loa site.
//
// Serves OUTDIR on 127.0.0.1 (random free port; pretty URLs: /x/ -> /x/index.html; missing
// paths -> the language's 404.html with status 404), drives Debian's Chromium through
// playwright-core (never downloads a browser), and for a sample of pages in vi and en
// (home, a story, a convention, a postcard, an e-magazine part, a listing):
//   - runs axe-core with the WCAG 2.0/2.1 A and AA rules, light and dark colour scheme,
//     expecting no violation (each is printed in full);
//   - checks there is exactly one h1 and a lang attribute on <html>;
//   - checks document.documentElement.scrollWidth <= 360 at a 360 px viewport;
//   - saves full-page screenshots at 360 and 1280 px to OUTDIR/../build/screenshots/.
// The search page is in the sample (with a query); search.mjs checks the search itself.
// Then it reads every HTML file of the site and checks every internal link (href, src,
// srcset; root-relative, relative, or absolute on the site's own origin), including
// #fragments, and that the server answers 404 for a missing page.
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
if (args.length !== 1) {
  console.error('usage: node tests/browser/check.mjs OUTDIR [--docs DIR]');
  process.exit(2);
}
const outDir = path.resolve(args[0]);
const shotDir = path.resolve(outDir, '..', 'build', 'screenshots');
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
async function firstSubdir(dir, skip = ['page']) {
  try {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !skip.includes(d.name) && existsSync(path.join(dir, d.name, 'index.html')))
      .map((d) => d.name).sort();
    return names[0] || null;
  } catch { return null; }
}

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

async function samplePages() {
  const out = [];
  for (const [lang, prefix] of [['vi', '/'], ['en', '/en/']]) {
    const base = path.join(outDir, prefix);
    if (!existsSync(path.join(base, 'index.html'))) { fail(`${lang}: home page exists`, `${base}index.html is missing`); continue; }
    out.push({ name: `${lang}-home`, url: prefix });
    const add = async (kind, section) => {
      const slug = await firstSubdir(path.join(base, section));
      if (slug) out.push({ name: `${lang}-${kind}`, url: `${prefix}${section}/${slug}/` });
      else fail(`${lang}: a ${kind} page exists under ${prefix}${section}/`);
    };
    await add('story', 'stories');
    await add('convention', 'conventions');
    await add('postcard', 'postcards');
    const series = await firstSubdir(path.join(base, 'emagazine'));
    if (series) {
      out.push({ name: `${lang}-series`, url: `${prefix}emagazine/${series}/` });
      const part = await firstSubdir(path.join(base, 'emagazine', series));
      if (part) out.push({ name: `${lang}-emagazine-part`, url: `${prefix}emagazine/${series}/${part}/` });
      else fail(`${lang}: an e-magazine part exists under ${prefix}emagazine/${series}/`);
    } else fail(`${lang}: an e-magazine series exists under ${prefix}emagazine/`);
    const chart = await firstChartPage(base, 'emagazine');
    if (chart) out.push({ name: `${lang}-chart`, url: `${prefix}${chart.split(path.sep).join('/')}/` });
    out.push({ name: `${lang}-listing`, url: `${prefix}stories/` });
    if (existsSync(path.join(base, 'search', 'index.html'))) out.push({ name: `${lang}-search`, url: `${prefix}search/?q=quyen` });
    if (existsSync(path.join(base, 'downloads', 'index.html'))) out.push({ name: `${lang}-downloads`, url: `${prefix}downloads/` });
  }
  if (existsSync(path.join(outDir, 'hmn', 'index.html'))) {
    out.push({ name: 'hmn-home', url: '/hmn/' });
    const slug = await firstSubdir(path.join(outDir, 'hmn', 'stories'));
    if (slug) out.push({ name: 'hmn-fallback-story', url: `/hmn/stories/${slug}/` });
  }
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
    for (const sp of pages) {
      for (const scheme of ['light', 'dark']) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
        // Only our server: anything else (fonts, analytics, share widgets) is blocked.
        await ctx.route('**/*', (r) => (r.request().url().startsWith(base) ? r.continue() : r.abort()));
        const page = await ctx.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('response', (r) => { if (r.status() >= 400 && r.url().startsWith(base)) errors.push(`${r.status()} ${r.url()}`); });
        const label = `${sp.name} (${sp.url}, ${scheme})`;
        const resp = await page.goto(base + sp.url, { waitUntil: 'load' });
        if (!resp || resp.status() !== 200) { fail(`${label}: loads`, `status ${resp && resp.status()}`); await ctx.close(); continue; }
        await page.addScriptTag({ path: axePath });
        const result = await page.evaluate(async (tags) =>
          // eslint-disable-next-line no-undef
          axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
        if (result.violations.length === 0) pass(`${label}: axe ${AXE_TAGS.join(', ')}`);
        else fail(`${label}: axe ${result.violations.length} violation(s)`, formatViolations(result.violations));
        if (scheme === 'light') {
          const doc = await page.evaluate(() => ({
            h1: document.querySelectorAll('h1').length,
            lang: document.documentElement.getAttribute('lang') || '',
          }));
          if (doc.h1 === 1 && doc.lang) pass(`${label}: one h1, lang="${doc.lang}"`);
          else fail(`${label}: one h1 and a lang attribute`, `h1 count ${doc.h1}, lang "${doc.lang}"`);
          await page.screenshot({ path: path.join(shotDir, `${sp.name}-1280.png`), fullPage: true });
          await page.setViewportSize({ width: 360, height: 780 });
          await page.waitForTimeout(50);
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          if (sw <= 360) pass(`${label}: no horizontal scroll at 360 px`);
          else {
            const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > 361)
              .slice(0, 8).map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`));
            fail(`${label}: no horizontal scroll at 360 px`, `scrollWidth ${sw}\n${wide.join('\n')}`);
          }
          await page.screenshot({ path: path.join(shotDir, `${sp.name}-360.png`), fullPage: true });
          if (docsDir && sp.name.endsWith('-home') && sp.url === '/') {
            await mkdir(docsDir, { recursive: true });
            await page.screenshot({ path: path.join(docsDir, 'home-360.png') });
            await page.setViewportSize({ width: 1280, height: 800 });
            await page.screenshot({ path: path.join(docsDir, 'home-1280.png') });
          }
        }
        if (errors.length) fail(`${label}: no page errors or failed requests`, errors.join('\n'));
        await ctx.close();
      }
    }

    if (existsSync(path.join(outDir, 'search', 'meta.json'))) await checkSearch(browser, base, pass, fail);

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
