#!/usr/bin/env node
// fileurl.mjs OUTDIR PAGE: a site built with relative_urls: true, opened from disk.
//
// Opens file://OUTDIR/PAGE in Debian's Chromium (playwright-core, never a downloaded
// browser) with the network cut off, and checks that every stylesheet loaded and applied,
// every image loaded, and that following the first link to another page of the site
// (a folder link written as .../index.html) opens that page, not a folder listing.
// Prints "N passed, N failed"; exits 1 on a failure, 2 if it cannot run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [outArg, pageArg] = process.argv.slice(2);
if (!outArg || !pageArg) {
  console.error('usage: node tests/browser/fileurl.mjs OUTDIR PAGE');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const start = pathToFileURL(path.resolve(outArg, pageArg)).href;
let passed = 0, failed = 0;
function check(ok, name, detail) {
  if (ok) { passed++; console.log(`ok    ${name}`); return; }
  failed++;
  console.log(`FAIL  ${name}${detail ? `\n      ${detail}` : ''}`);
}

async function main() {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    console.error(`fileurl.mjs: ${e.message}\nrun 'cd tests && npm ci' first`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`fileurl.mjs: ${CHROMIUM} is missing; apt-get install chromium`);
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Nothing but files: a page that still needed the web would fail here.
    await ctx.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
    const page = await ctx.newPage();
    await page.goto(start, { waitUntil: 'load' });
    const css = await page.evaluate(() => {
      const links = [...document.querySelectorAll('link[rel=stylesheet]')];
      const body = getComputedStyle(document.body);
      return { n: links.length, loaded: links.filter((l) => l.sheet).length,
               margin: body.marginTop, font: body.fontFamily };
    });
    check(css.n > 0 && css.loaded === css.n, `${pageArg}: stylesheets loaded from disk`,
          `${css.loaded} of ${css.n}`);
    check(css.margin !== '8px' || !/^"?Times/.test(css.font), `${pageArg}: the stylesheet applies`,
          `body margin ${css.margin}, font ${css.font}`);
    const imgs = await page.evaluate(() => [...document.images].map((i) => ({
      src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0 })));
    const broken = imgs.filter((i) => !i.ok).map((i) => i.src);
    check(imgs.length > 0 && broken.length === 0, `${pageArg}: ${imgs.length} images loaded`,
          broken.join(' '));
    const href = await page.evaluate(() => {
      const a = [...document.querySelectorAll('main a[href$="index.html"]')][0];
      return a ? a.href : null;
    });
    check(href !== null, `${pageArg}: links to other pages end in index.html`);
    if (href) {
      await page.goto(href, { waitUntil: 'load' });
      const h1 = await page.evaluate(() => document.querySelector('h1')?.textContent || '');
      check(h1.trim().length > 0, `the link opens a page of the site (${path.basename(path.dirname(href))})`);
    }
    await ctx.close();
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`fileurl.mjs: ${e.stack || e}`);
  process.exit(2);
});
