/* loa search: the reader side of the static index written by loa build
 * (generator/search/search_index.h describes the files).  No dependencies.
 * Nothing is fetched until the reader focuses a search box: then the
 * index's entry (meta.json), then only the shards of the words typed and
 * the small files holding the results shown (a few results per file).
 *
 * Matching folds case, tone marks and đ -> d exactly as loa does at build
 * time (generator/search/search_text.h); an exact-tone match ranks above a
 * folded one, the last word is matched as a prefix while typing, and a
 * phrase or title match ranks first. */
(function () {
  'use strict';

  var SPECIAL = { 'đ': 'd', 'ø': 'o', 'ł': 'l', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss' };
  /* Thai, Lao, Myanmar, Khmer, kana, CJK: the scripts loa cuts with ICU */
  var NOSPACE_CLASS = '\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF' +
                      '\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF';
  var NOSPACE = new RegExp('[' + NOSPACE_CLASS + ']');
  var NOSPACE_RUNS = new RegExp('([' + NOSPACE_CLASS + ']+)');
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var PAGE = 10;

  function lower(w) { return w.normalize('NFC').toLowerCase(); }

  function fold(w) {
    return lower(w).normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC')
      .replace(/[đøłæœß]/g, function (c) { return SPECIAL[c]; });
  }

  /* Code point order, as the index is sorted (C strcmp on UTF-8). */
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  /* Runs of letters, marks and digits; runs of scripts without spaces are
   * cut by Intl.Segmenter where the browser has it (ICU, as at build time). */
  /* Each word as {w, cut}: cut is true for words a segmenter cut out of a
   * run without spaces (the reader may be typing inside one of them). */
  function words(text, lang) {
    var out = [];
    var runs = text.match(WORD) || [];
    runs.forEach(function (run) {
      var parts = run.split(NOSPACE_RUNS);
      parts.forEach(function (p) {
        if (!p) return;
        var ns = NOSPACE.test(p);
        if (!ns || typeof Intl === 'undefined' || !Intl.Segmenter) {
          out.push({ w: p, cut: ns });
          return;
        }
        var seg = new Intl.Segmenter(lang || undefined, { granularity: 'word' });
        for (var s of seg.segment(p)) if (s.segment) out.push({ w: s.segment, cut: true });
      });
    });
    return out;
  }

  function terms(q, lang) {
    var ws = words(q, lang);
    var open = !/\s$/.test(q);
    /* the last word is a prefix while typing; so is every word cut from a
     * run without spaces, which the index may have cut elsewhere */
    return ws.map(function (w, i) {
      return { exact: lower(w.w), key: fold(w.w), prefix: w.cut || (open && i === ws.length - 1) };
    });
  }

  /* --- the index ------------------------------------------------------------------ */

  /* base: URL of the index folder ("https://x/en/search/"); get(url) returns
   * a promise of parsed JSON (fetch in the browser, files in tests). */
  function Index(base, lang, get) {
    this.base = base;
    this.lang = lang;
    this.get = get;
    this.cache = {};
    this.meta = null;
  }

  Index.prototype.load = function (rel) {
    if (!this.cache[rel]) this.cache[rel] = this.get(new URL(rel, this.base).href);
    return this.cache[rel];
  };

  Index.prototype.ready = function () {
    var self = this;
    return this.load('meta.json').then(function (m) { self.meta = m; return m; });
  };

  /* Shards that may hold key, or every key starting with it. */
  Index.prototype.shardsFor = function (t) {
    var sh = this.meta.shards, i = 0, lo = 0, hi = sh.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(sh[mid][0], t.key) <= 0) { i = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var list = [sh[i][1]];
    while (t.prefix && i + 1 < sh.length && sh[i + 1][0].startsWith(t.key)) list.push(sh[++i][1]);
    return list;
  };

  function lowerBound(entries, key) {
    var lo = 0, hi = entries.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(entries[mid][0], key) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Entries [key, form, postings, ...] matching t, with how well they match. */
  function matches(shards, t) {
    var out = [];
    shards.forEach(function (entries) {
      for (var i = lowerBound(entries, t.key); i < entries.length && out.length < 200; i++) {
        var k = entries[i][0];
        if (k === t.key) out.push({ e: entries[i], f: 1 });
        else if (t.prefix && k.startsWith(t.key))
          out.push({ e: entries[i], f: 0.7 * t.key.length / k.length });
        else break;
      }
    });
    return out;
  }

  function formFactor(form, t) {
    if (form === t.exact || (t.prefix && form.startsWith(t.exact))) return 1;
    return t.exact === t.key ? 0.9 : 0.4;   /* typed without tones: every tone is as good */
  }

  /* A posting's weight: its count in the text (up to 3), 6 more in the
   * title (bit 8), 2 more in a heading (bit 4). */
  var WEIGHT = [];
  for (var w = 0; w < 16; w++) WEIGHT.push((w & 3) + (w & 8 ? 6 : 0) + (w & 4 ? 2 : 0));

  /* One term's best score per document (typed arrays: a common word has a
   * posting for nearly every page, and phones are slow). */
  function score(found, t, docs) {
    var best = new Float32Array(docs);
    found.forEach(function (m) {
      var e = m.e, df = 0, v;
      for (v = 2; v < e.length; v += 2) df += e[v].length;
      var idf = Math.log(1 + docs / df);
      for (v = 1; v < e.length; v += 2) {
        var f = m.f * formFactor(e[v] || e[0], t) * idf, post = e[v + 1], doc = -1;
        for (var i = 0; i < post.length; i++) {
          var p = post[i];
          doc += (p - (p & 15)) / 16;
          var s = WEIGHT[p & 15] * f;
          if (s > best[doc]) best[doc] = s;
        }
      }
    });
    return best;
  }

  /* Ranked docs for query q: every word found first, then score, then newer. */
  Index.prototype.search = function (q) {
    var self = this, ts = terms(q, this.lang);
    if (!ts.length) return Promise.resolve({ terms: ts, docs: [] });
    return this.ready().then(function (meta) {
      return Promise.all(ts.map(function (t) {
        return Promise.all(self.shardsFor(t).map(function (rel) { return self.load(rel); }));
      })).then(function (shardSets) {
        var n = new Uint8Array(meta.docs), total = new Float64Array(meta.docs), list = [];
        ts.forEach(function (t, i) {
          var best = score(matches(shardSets[i], t), t, meta.docs);
          for (var d = 0; d < best.length; d++) if (best[d] > 0) { n[d]++; total[d] += best[d]; }
        });
        for (var d = 0; d < meta.docs; d++) if (n[d]) list.push({ doc: d, n: n[d], s: total[d] });
        list.sort(function (a, b) { return b.n - a.n || b.s - a.s || b.doc - a.doc; });
        return { terms: ts, docs: list };
      });
    });
  };

  /* f/I.json holds the results of docs I * group .. (I + 1) * group - 1. */
  Index.prototype.fragment = function (doc) {
    var g = this.meta.group || 1;
    return this.load('f/' + Math.floor(doc / g) + '.json').then(function (a) { return a[doc % g]; });
  };

  /* A phrase in the title, then the phrase in the text, then a title with
   * every word, rank first among the results fetched. */
  function phraseRank(frag, ts, q) {
    var phrase = ts.map(function (t) { return t.key; }).join(' ');
    var title = fold(frag.title), text = fold(frag.text + ' ' + frag.summary);
    if (ts.length > 1 && title.indexOf(phrase) >= 0) return 3;
    if (ts.length > 1 && text.indexOf(phrase) >= 0) return 2;
    return ts.every(function (t) { return title.indexOf(t.key) >= 0; }) ? 1 : 0;
  }

  /* Results from..from+n with their fragments, phrase matches first. */
  Index.prototype.results = function (found, from, n, q) {
    var self = this, slice = found.docs.slice(from, from + n);
    var loads = slice.map(function (r) { return self.fragment(r.doc); });
    return Promise.all(loads).then(function (frags) {
      var rs = frags.map(function (f, i) {
        return { frag: f, doc: slice[i], rank: phraseRank(f, found.terms, q), order: i };
      });
      rs.sort(function (a, b) { return b.rank - a.rank || a.order - b.order; });
      return rs;
    });
  };

  /* --- snippets ----------------------------------------------------------------------- */

  /* Pieces of text [{text, mark}] with words starting with a term key marked. */
  function highlight(text, ts) {
    var out = [], last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var f = fold(m[0]);
      var hit = ts.some(function (t) {
        return t.key && (t.prefix ? f.startsWith(t.key) : f === t.key);
      });
      if (!hit) continue;
      if (m.index > last) out.push({ text: text.slice(last, m.index), mark: false });
      out.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last), mark: false });
    return out;
  }

  /* About 180 characters of text around the first match, else the summary. */
  function snippet(frag, ts) {
    var text = (frag.text || '').replace(/\s+/g, ' ');
    var pieces = highlight(text, ts), at = -1, pos = 0;
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i].mark) { at = pos; break; }
      pos += pieces[i].text.length;
    }
    if (at < 0) return highlight(frag.summary || text.slice(0, 180), ts);
    var start = Math.max(0, at - 60), end = Math.min(text.length, start + 180);
    while (start > 0 && text[start - 1] !== ' ') start--;
    while (end < text.length && text[end] !== ' ') end++;
    var cut = (start > 0 ? '… ' : '') + text.slice(start, end);
    if (end < text.length) cut += ' …';
    return highlight(cut, ts);
  }

  var core = { fold: fold, lower: lower, words: words, terms: terms, Index: Index, snippet: snippet,
               highlight: highlight };

  /* --- the page ------------------------------------------------------------------------ */

  function pieces(el, ps) {
    ps.forEach(function (p) {
      var node = p.mark ? document.createElement('mark') : document.createTextNode(p.text);
      if (p.mark) node.textContent = p.text;
      el.appendChild(node);
    });
  }

  function resultItem(r, ts, index) {
    var f = r.frag, li = document.createElement('li'), a = document.createElement('a');
    li.className = 'search-result';
    a.href = new URL(f.url, new URL('../', index.base)).href;
    a.className = 'search-result-title';
    pieces(a, core.highlight(f.title, ts));
    var h = document.createElement('h3');
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement('p');
    meta.className = 'search-result-meta';
    if (f.label) {
      var ty = document.createElement('span');
      ty.className = 'search-result-type';
      ty.textContent = f.label;
      meta.appendChild(ty);
    }
    if (f.date) {
      var d = document.createElement('span');
      d.className = 'search-result-date';
      d.textContent = f.date;
      meta.appendChild(d);
    }
    if (meta.firstChild) li.appendChild(meta);
    var p = document.createElement('p');
    p.className = 'search-result-snippet';
    pieces(p, snippet(f, ts));
    li.appendChild(p);
    return li;
  }

  function say(box, key, n, q) {
    var s = box.dataset[key] || '';
    return s.replace('{count}', String(n)).replace('{query}', q);
  }

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  /* One search box: a form with data-loa-search, its input, its status
   * (role=status) and its results list (named by data-results). */
  function attach(form) {
    var input = form.querySelector('input[type=search]');
    var list = document.getElementById(form.dataset.results);
    var status = document.getElementById(form.dataset.status);
    var more = form.dataset.more ? document.getElementById(form.dataset.more) : null;
    var limit = +(form.dataset.limit || PAGE);
    var lang = document.documentElement.lang;
    var index = null, seq = 0, found = null, shown = 0;
    if (!input || !list || !status) return null;

    function open() {
      /* the index is beside the search page the form leads to */
      var at = new URL(form.getAttribute('action') || './', location.href);
      if (!index) index = new Index(at.href.split('?')[0], lang, getJSON);
      return index;
    }

    /* the header's panel ends with a link to every result on the search page */
    function allLink(q) {
      var li = document.createElement('li'), a = document.createElement('a');
      li.className = 'search-all';
      a.href = new URL('?q=' + encodeURIComponent(q), index.base).href;
      a.textContent = say(form, 'tAll', found.docs.length, q.trim());
      li.appendChild(a);
      return li;
    }

    function show(rs, append) {
      if (!append) list.textContent = '';
      rs.forEach(function (r) { list.appendChild(resultItem(r, found.terms, index)); });
      if (form.dataset.tAll && found.docs.length > rs.length)
        list.appendChild(allLink(input.value));
      shown += rs.length;
      if (more) more.hidden = shown >= found.docs.length;
      list.hidden = list.children.length === 0 && !form.dataset.keep;
    }

    function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) {
        list.textContent = '';
        list.hidden = !form.dataset.keep;
        status.textContent = '';
        if (more) more.hidden = true;
        return Promise.resolve();
      }
      return open().search(q).then(function (f) {
        if (my !== seq) return null;
        found = f;
        shown = 0;
        return index.results(f, 0, limit, q).then(function (rs) {
          if (my !== seq) return;
          show(rs, false);
          var n = f.docs.length;
          status.textContent = n === 0 ? say(form, 'tNone', 0, q.trim())
            : say(form, n === 1 ? 'tOne' : 'tMany', n, q.trim());
        });
      }).catch(function () {
        if (my === seq) status.textContent = form.dataset.tError || 'Error';
      });
    }

    var timer = 0;
    input.addEventListener('focus', function () { open().ready().catch(function () {}); });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { input.value = ''; run(); }
      if (ev.key === 'ArrowDown' && list.querySelector('a')) {
        ev.preventDefault();
        list.querySelector('a').focus();
      }
    });
    list.addEventListener('keydown', function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === 'ArrowDown' && i + 1 < links.length) {
        ev.preventDefault();
        links[i + 1].focus();
      }
      if (ev.key === 'ArrowUp') { ev.preventDefault(); (i ? links[i - 1] : input).focus(); }
      if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); }
    });
    /* the panel closes when focus leaves the form, and opens again on return */
    form.addEventListener('focusout', function (ev) {
      if (!form.dataset.keep && !form.contains(ev.relatedTarget)) list.hidden = true;
    });
    input.addEventListener('focus', function () {
      if (!form.dataset.keep && list.children.length) list.hidden = false;
    });
    if (more) more.addEventListener('click', function () {
      var first = list.children.length;
      index.results(found, shown, limit, input.value).then(function (rs) {
        show(rs, true);
        var a = list.children[first] && list.children[first].querySelector('a');
        if (a) a.focus();
      });
    });
    return { input: input, run: run };
  }

  function init() {
    var boxes = document.querySelectorAll('form[data-loa-search]');
    for (var i = 0; i < boxes.length; i++) {
      var b = attach(boxes[i]);
      var q = new URLSearchParams(location.search).get('q');
      if (b && boxes[i].dataset.page && q) { b.input.value = q; b.run(); }
    }
    document.documentElement.classList.add('has-search');
  }

  if (typeof module === 'object' && module.exports) module.exports = core;
  else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})();
