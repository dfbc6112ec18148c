// The English-text check of every page the browser suite opens: the same
// rule as src/web/english.cc (a run of three English words, or two with a
// common function or error word) applied to the text people read and to the
// attributes read to them (title, placeholder, aria-label, alt, the value of
// a button), skipping <script>, <style>, <code>, <pre>, <kbd>, <samp>,
// <textarea> and elements marked as identifiers (class "ident" or
// data-ident: file names, URLs, hashes, usernames, media types).

// The English runs of `text` (see EnglishRuns in src/web/english.h).
export function englishRuns(text) {
  const COMMON = new Set(['the', 'a', 'an', 'of', 'to', 'for', 'not', 'no', 'is', 'are', 'was', 'be', 'cannot',
    'can', 'failed', 'error', 'invalid', 'found', 'and', 'or', 'in', 'on', 'with', 'from', 'by', 'must', 'missing',
    'unknown', 'bad', 'request', 'internal', 'denied', 'expected', 'malformed', 'too', 'many', 'does', 'exist',
    'please', 'server']);
  const isLetter = (c) => /^[A-Za-z]$/.test(c);
  const isDigit = (c) => /^[0-9]$/.test(c);
  const isGap = (c) => ' \t\n\r,;:()"'.includes(c);
  const isIdent = (c) => isDigit(c) || '_/@\\=#%&'.includes(c);
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    if (!isLetter(text[i])) { i++; continue; }
    const b = i;
    while (i < text.length && (isLetter(text[i]) ||
      ((text[i] === "'" || text[i] === '-') && i + 1 < text.length && isLetter(text[i + 1])))) i++;
    const prev = b > 0 ? text[b - 1] : ' ';
    const next = i < text.length ? text[i] : ' ';
    const dotted = prev === '.' ||
      (next === '.' && i + 1 < text.length && (isLetter(text[i + 1]) || isDigit(text[i + 1])));
    tokens.push({ b, e: i, word: !isIdent(prev) && !isIdent(next) && !dotted });
  }
  const out = [];
  const flush = (first, last) => {
    let words = 0;
    let common = false;
    for (let k = first; k < last; k++) {
      const w = text.slice(tokens[k].b, tokens[k].e);
      if (!/[a-z]/.test(w) || (w.length < 2 && w !== 'a')) continue;
      words++;
      common = common || COMMON.has(w.toLowerCase());
    }
    if (words >= 3 || (words === 2 && common)) out.push(text.slice(tokens[first].b, tokens[last - 1].e));
  };
  let first = 0;
  for (let k = 0; k <= tokens.length; k++) {
    let joins = false;
    if (k < tokens.length && tokens[k].word && k > first && tokens[k - 1].word) {
      joins = true;
      for (let p = tokens[k - 1].e; p < tokens[k].b; p++) joins = joins && isGap(text[p]);
    }
    if (joins) continue;
    if (k > first && tokens[first].word) flush(first, k);
    first = k;
  }
  return out;
}

// The hits of the document `doc` (runs in the page): [{ where, text }].
export function scanDocument(doc, runs) {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'KBD', 'SAMP', 'TEXTAREA', 'TEMPLATE']);
  const hits = [];
  const check = (where, text) => {
    if (text) for (const r of runs(text)) hits.push({ where, text: r });
  };
  const walk = (node, parent) => {
    if (node.nodeType === 3) { check(`text in <${parent}>`, node.nodeValue); return; }
    if (node.nodeType !== 1) return;
    if (SKIP.has(node.tagName) || node.classList.contains('ident') || node.hasAttribute('data-ident')) return;
    const tag = node.tagName.toLowerCase();
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) check(`${name} of <${tag}>`, node.getAttribute(name));
    const type = (node.getAttribute('type') || '').toLowerCase();
    if (tag === 'input' && ['submit', 'button', 'reset'].includes(type)) {
      check(`value of <input type=${type}>`, node.getAttribute('value'));
    }
    for (const child of node.childNodes) walk(child, tag);
  };
  if (doc.documentElement) walk(doc.documentElement, '');
  return hits;
}

// Checks every HTML page of `context` when its DOM is ready; hits go to
// `sink.push({ url, hits })`.
export async function watchEnglish(context, sink) {
  await context.exposeBinding('__gkEnglishHits', (_source, url, hits) => { sink.push({ url, hits }); });
  await context.addInitScript(`(() => {
    const englishRuns = ${englishRuns.toString()};
    const scanDocument = ${scanDocument.toString()};
    document.addEventListener('DOMContentLoaded', () => {
      if (document.contentType !== 'text/html') return;
      const hits = scanDocument(document, englishRuns);
      if (hits.length) window.__gkEnglishHits(location.href, hits);
    });
  })();`);
}

// "url\n  where: "text"" lines for an assertion message.
export function describeEnglish(found) {
  return found.map(({ url, hits }) => `${url}\n${hits.map((h) => `  ${h.where}: "${h.text}"`).join('\n')}`).join('\n');
}
