// mtqa review view: popovers on findings, list <-> text links, filters, stale marking with a debounced re-check,
// Ctrl+Enter to check.
// Decisions (accept, ignore, ignore rule, accepted term) are applied here at once, from what the server already
// sent with the view (each suggestion's span, replacement, word count change and the findings it settles), and
// then sent to the server in batches through a hidden textbox and button (#mtqa-action, #mtqa-act-btn) as
// "seq=S@SID|accept:N:K|...". The server's Session stays the truth (Download, diff): its next rendering replaces
// this page's, and decisions it has not seen yet are applied again on top.
(function () {
  if (window.mtqaReview) return;
  const q = (s, r) => (r || document).querySelector(s);
  const qa = (s, r) => [...(r || document).querySelectorAll(s)];
  const hidden = { fam: new Set(), sev: new Set() };
  let pop = null, opener = null, timer = null, focusN = null;  // focusN: the finding whose label has the focus
  // decisions: queue = not sent yet; unsynced = applied here but not yet in a server rendering
  let seq = 0, queue = [], unsynced = [], inFlight = null, inFlightAt = 0;
  let seen = { rev: null, sid: null }, localEdits = [], localWords = 0, selfInput = false, neuralSeen = false;
  let boxInStep = null;  // a copy the box held while it was the copy the results belong to
  let tabInto = null;  // where a Tab from outside the copy's labels enters them: 'first' or 'last' (Shift+Tab)
  // a decision taken with a button the server's rendering replaces (an undo in Changes, a way back in the summary,
  // Accept all): where the focus goes once that button is gone, rather than to the top of the page
  let refocus = null;

  function sendRaw(action) {
    const box = q('#mtqa-action textarea') || q('#mtqa-action input');
    const btn = q('#mtqa-act-btn');
    if (!box || !btn) return false;
    box.value = action;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    setTimeout(() => btn.click(), 0);
    return true;
  }
  function flush() {
    if (inFlight && Date.now() - inFlightAt < 15000) return;  // one batch at a time; a lost one is sent again
    const batch = inFlight ? inFlight.concat(queue) : queue.slice();
    if (!batch.length) return;
    queue = [];
    inFlight = batch;
    inFlightAt = Date.now();
    const review = q('#mtqa-view .mtqa-review');
    const sid = review ? review.dataset.sid : '';
    sendRaw('seq=' + batch[batch.length - 1].seq + '@' + sid + '|' + batch.map((a) => a.act).join('|'));
  }
  function boxChanged() {
    // the box was given other copy without an input event (a sample article, a Batch row): these results are not
    // its results, and a decision applied here would write their copy back over it. Check the box's copy instead.
    const box = q('#mtqa-text textarea'), review = q('#mtqa-view .mtqa-review');
    if (!box || !review || review.classList.contains('mtqa-stale')) return false;
    if (box.value === boxInStep) return false;  // what the box held when it was last found in step (a walk of the
    const text = copyText();                     // copy's text costs ~5 ms at 10,000 words; this, microseconds)
    if (text === box.value) boxInStep = text;
    if (text === null || text === box.value) return false;
    markStale();
    clearTimeout(timer);
    timer = setTimeout(check, 0);
    return true;
  }
  function send(act) {
    boxChanged();
    const review = q('#mtqa-view .mtqa-review');
    const a = { seq: ++seq, act };
    if (review && !review.classList.contains('mtqa-stale') && applyLocal(act)) unsynced.push(a);
    queue.push(a);
    flush();
  }

  // ---- applying a decision in the page ----------------------------------------------------------------------
  function textNodes(root) {
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) =>
      n.parentElement.closest('.mtqa-tag') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
    let pos = 0;
    while (walk.nextNode()) { const len = walk.currentNode.data.length; out.push([walk.currentNode, pos, pos + len]); pos += len; }
    return out;
  }
  function copyText() {
    const root = q('#mtqa-view .mtqa-text');
    // a NUL is shown as ␀ (an HTML parser would drop it): the copy holds the NUL
    return root ? textNodes(root).map((t) => (t[0].parentElement.closest('.mtqa-nul')
      ? t[0].data.replace(/\u2400/g, '\0') : t[0].data)).join('') : null;
  }
  function settle(n) {
    qa('#mtqa-view .mtqa-text mark[data-n="' + n + '"]').forEach((m) => {
      qa('.mtqa-tag[data-n="' + n + '"]', m).forEach((t) => t.remove());
      m.replaceWith(...m.childNodes);
    });
    const li = q('#mtqa-findings li[data-n="' + n + '"]');
    if (li) li.remove();
    const tpl = document.getElementById('mtqa-tpl-' + n);
    if (tpl) tpl.remove();
  }
  function toLocal(offset) {  // an offset of the rendered copy, moved by the edits made here since
    let d = 0;
    for (const e of localEdits) if (e.e <= offset) d += e.d;
    return offset + d;
  }
  function replaceSpan(s, e, rep) {
    const root = q('#mtqa-view .mtqa-text');
    const nodes = textNodes(root);
    if (!nodes.length) return false;
    // the start in the node that goes on after it, the end in the node that reaches it: never inside a
    // neighbouring mark that only touches the span
    const a = nodes.find((t) => t[1] <= s && s < t[2]) || nodes[nodes.length - 1];
    const b = s === e ? a : (nodes.find((t) => t[1] < e && e <= t[2]) || a);
    const range = document.createRange();
    range.setStart(a[0], Math.min(s - a[1], a[0].data.length));
    range.setEnd(b[0], Math.min(Math.max(e - b[1], 0), b[0].data.length));
    range.deleteContents();
    if (rep) range.insertNode(document.createTextNode(rep));
    return true;
  }
  function rowsWhere(attr, value) {
    return qa('#mtqa-findings li[data-n]').filter((li) => li.dataset[attr] === value).map((li) => li.dataset.n);
  }
  function applyLocal(act) {
    const [kind, n, k] = act.split(':');
    const li = q('#mtqa-findings li[data-n="' + n + '"]');
    if (!li) return false;  // not open in this rendering: the server decides
    if (kind === 'accept') {
      const btn = q('#mtqa-tpl-' + n + ' [data-act="accept:' + n + ':' + (k || 0) + '"][data-s]');
      if (!btn) return false;
      const d = btn.dataset;
      // both ends moved by the edits made here since: one inside the span (a fix accepted in a line that this
      // one deletes) moves its end, not its start
      // a document-wide finding's fix (SPL001) changes other words too: [start, end, replacement] each, disjoint
      const edits = [[+d.s, +d.e, d.rep], ...(d.more ? JSON.parse(d.more) : [])]
        .map(([s, e, rep]) => ({ s: toLocal(s), e: toLocal(e), end: e, rep }));
      [n, ...(d.settles ? d.settles.split(' ') : [])].forEach(settle);
      // the last first: each replacement leaves the places of those before it as they were
      for (const x of edits.slice().sort((a, b) => b.s - a.s)) if (!replaceSpan(x.s, x.e, x.rep)) return false;
      edits.forEach((x) => localEdits.push({ e: x.end, d: x.rep.length - (x.e - x.s) }));
      localWords += +d.dw;
    } else if (kind === 'ignore') {
      settle(n);
    } else if (kind === 'rule' || kind === 'always') {
      rowsWhere('rule', li.dataset.rule).forEach(settle);
    } else if (kind === 'term' && li.dataset.term) {
      rowsWhere('term', li.dataset.term).forEach(settle);
    } else {
      return false;  // Accept all and Undo all: the server works them out
    }
    updateCopy();
    updateSummary();
    return true;
  }
  function updateCopy() {
    const text = copyText();
    const box = q('#mtqa-text textarea');
    if (text === null || !box || box.value === text) return;
    selfInput = true;
    box.value = boxInStep = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    selfInput = false;
  }
  function pyFloat(x) { return Number.isInteger(x) ? x.toFixed(1) : String(x); }
  function updateSummary() {
    const sum = q('#mtqa-summary .mtqa-summary');
    if (!sum) return;
    const rows = qa('#mtqa-findings li[data-n]');
    const words = +sum.dataset.words + localWords;
    const points = rows.reduce((t, li) => t + +li.dataset.pts, 0);
    const score = words <= 0 ? (points ? 0 : 100) : Math.round(Math.max(0, 100 * (1 - points / words)) * 100) / 100;
    const counts = {};
    rows.forEach((li) => { counts[li.dataset.fam] = (counts[li.dataset.fam] || 0) + 1; });
    const set = (sel, v) => { const el = q(sel, sum); if (el) el.textContent = v; };
    set('.mtqa-score-v', pyFloat(score));
    set('.mtqa-words', String(words));
    set('.mtqa-open', String(rows.length));
    set('.mtqa-counts', Object.keys(counts).sort().map((f) => f + ' ' + counts[f]).join(', ') || 'none');
    const empty = q('#mtqa-findings .mtqa-list');
    if (empty && !rows.length && !q('#mtqa-findings .mtqa-empty')) {
      empty.insertAdjacentHTML('afterend', '<p class="mtqa-empty">No open findings.</p>');
    }
  }
  // the server's confirmation of a decision ("Applied REP003: ...") comes in the summary it renders anew each time,
  // and a status inserted with new markup is often not announced: one live region, made once outside the rendered
  // HTML, reads each one out
  let live = null, liveFlip = false;
  function liveRegion() {
    if (!live && document.body) {
      live = document.createElement('div');
      live.id = 'mtqa-live';
      live.className = 'mtqa-sr';
      live.setAttribute('role', 'status');
      live.setAttribute('aria-live', 'polite');
      live.setAttribute('aria-atomic', 'true');
      document.body.appendChild(live);
    }
    return live;
  }
  function announce(text) {
    const region = liveRegion();
    if (!region || !text) return;
    liveFlip = !liveFlip;  // the same message twice running is a change too
    region.textContent = text + (liveFlip ? '\u00a0' : '');
  }
  // a new rendering from the server: it holds every decision up to its seq; apply the later ones again
  function onRender() {
    const review = q('#mtqa-view .mtqa-review');
    const sum = q('#mtqa-summary .mtqa-summary');
    if (!review || !sum || review.dataset.rev === seen.rev) return;
    if (sum.dataset.seq !== review.dataset.seq) return;  // the other panels are not patched yet
    const newSession = review.dataset.sid !== seen.sid;
    seen = { rev: review.dataset.rev, sid: review.dataset.sid };
    const said = q('.mtqa-note', sum);
    if (said) announce(said.textContent);
    localEdits = []; localWords = 0;
    const done = +review.dataset.seq;
    if (newSession) {  // a new check: decisions about the earlier findings no longer apply
      queue = []; unsynced = []; inFlight = null; focusN = null; boxInStep = null;
      seq = Math.max(seq, done);
    } else {
      unsynced = unsynced.filter((a) => a.seq > done);
      if (inFlight && inFlight[inFlight.length - 1].seq <= done) inFlight = null;
      unsynced = unsynced.filter((a) => applyLocal(a.act));
    }
    const note = document.getElementById('mtqa-loading');
    if (note) note.remove();
    const nothing = document.getElementById('mtqa-nothing');  // a check came in: there is something to download now
    if (nothing) nothing.remove();
    const active = document.activeElement, onTag = active && active.closest && active.closest('.mtqa-tag');
    if (focusN !== null && (!active || active === document.body || (onTag && onTag.dataset.n !== focusN))) {
      // the rendering replaced the focused label, or patched it into another finding's: focus that finding again
      const tag = q('#mtqa-view .mtqa-text .mtqa-tag[data-n="' + focusN + '"]');
      if (tag) tag.focus({ preventScroll: true });
    }
    if (hidden.fam.size || hidden.sev.size) applyFilters();
    flush();
  }
  // the focused button of a decision was replaced by the server's rendering: the focus goes to the button now in its
  // place (the next undo or way back, or the same Accept all), else to the finding an undo brought back, else to the
  // panel; kept in mind until the rendering that holds the decision is in (an earlier one may come first)
  function restoreFocus() {
    if (!refocus) return;
    const active = document.activeElement;
    if (document.contains(refocus.el)) {  // not replaced (yet)
      if (active !== refocus.el) refocus = null;  // the translator moved on
      return;
    }
    if (active && active !== document.body) { refocus = null; return; }
    const panel = q(refocus.panel);
    if (!panel) { refocus = null; return; }
    const same = qa('[data-act]', panel).find((b) => b.dataset.act === refocus.act);
    const others = qa('.mtqa-undo', panel);
    const [kind, n] = refocus.act.split(':');
    const label = kind === 'undo' ? q('#mtqa-view .mtqa-text .mtqa-tag[data-n="' + n + '"]') : null;
    let target = same || (refocus.index >= 0 && others.length ? others[Math.min(refocus.index, others.length - 1)] : null) || label;
    if (!target) { panel.setAttribute('tabindex', '-1'); target = panel; }
    target.focus({ preventScroll: true });
    refocus.el = target;
    const sum = q('#mtqa-summary .mtqa-summary');
    if (sum && +sum.dataset.seq >= refocus.seq) refocus = null;
  }

  // ---- popover, list, filters -------------------------------------------------------------------------------
  function popover() {
    if (!pop) {
      pop = document.createElement('div');
      pop.id = 'mtqa-pop';
      pop.setAttribute('role', 'dialog');
      pop.setAttribute('aria-label', 'Finding');
      pop.hidden = true;
      document.body.appendChild(pop);
    }
    return pop;
  }
  function closePop(refocus) {
    if (pop && !pop.hidden) {
      pop.hidden = true;
      if (refocus && opener && document.contains(opener)) opener.focus({ preventScroll: true });
    }
  }
  function flash(el) {
    el.classList.remove('mtqa-flash'); void el.offsetWidth; el.classList.add('mtqa-flash');
    setTimeout(() => el.classList.remove('mtqa-flash'), 1700);
  }
  function staleNotice() {  // results older than the copy take no decision: point at the note that says why
    const note = q('#mtqa-view .mtqa-stale .mtqa-stale-note');
    if (note) flash(note);
    return Boolean(note);
  }
  function openPop(n, anchor, returnTo) {
    const tpl = document.getElementById('mtqa-tpl-' + n);
    if (!tpl || boxChanged() || staleNotice()) return;
    const p = popover();
    p.replaceChildren(...[...tpl.childNodes].map((node) => node.cloneNode(true)));
    p.dataset.n = n;
    p.hidden = false;
    // the label, also when the <mark> was clicked: a <mark> cannot take the focus back (Escape left it on the page)
    opener = returnTo || q('#mtqa-view .mtqa-text .mtqa-tag[data-n="' + n + '"]') || anchor;
    const r = anchor.getBoundingClientRect();
    const w = p.offsetWidth;
    let left = window.scrollX + Math.min(Math.max(8, r.left), window.innerWidth - w - 8);
    let top = window.scrollY + r.bottom + 6;
    if (r.bottom + p.offsetHeight + 12 > window.innerHeight && r.top > p.offsetHeight + 12) top = window.scrollY + r.top - p.offsetHeight - 6;
    p.style.left = Math.max(window.scrollX + 8, left) + 'px';
    p.style.top = top + 'px';
    const row = document.getElementById('mtqa-row-' + n);
    if (row) { showInList(row); flash(row); }
    const first = p.querySelector('button');
    if (first) first.focus({ preventScroll: true });
  }
  // bring a finding's row into view inside the list's own scroll box, never by scrolling the page: on a narrow
  // window the list sits below the text, and scrolling the page to it would carry the popover out of sight
  function showInList(row) {
    const box = row.closest('.mtqa-list');
    if (!box) return;
    const b = box.getBoundingClientRect(), r = row.getBoundingClientRect();
    if (r.top < b.top) box.scrollTop -= b.top - r.top;
    else if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom;
  }
  // the findings' labels in reading order, each where its finding starts: a label closes its mark, so the page's
  // own order put the label of a finding that holds another after the inner one's (a calque inside a "Read also"
  // line came before the line). A hidden label (a filtered family) takes no focus.
  function tagsInOrder() {
    return qa('#mtqa-view .mtqa-text mark[id]')
      .map((m) => q('#mtqa-view .mtqa-text .mtqa-tag[data-n="' + m.dataset.n + '"]'))
      .filter((t) => t && t.getClientRects().length);
  }
  function jump(n) {
    const m = document.getElementById('mtqa-f-' + n);
    if (!m) return;
    m.scrollIntoView({ block: 'center' });
    flash(m);
    const tag = document.querySelector('.mtqa-text .mtqa-tag[data-n="' + n + '"]');
    if (tag) tag.focus({ preventScroll: true });
  }
  function applyFilters() {
    document.querySelectorAll('.mtqa-filter').forEach((box) => { box.checked = !hidden[box.dataset.kind].has(box.value); });
    document.querySelectorAll('.mtqa-list li').forEach((li) => {
      li.hidden = hidden.fam.has(li.dataset.fam) || hidden.sev.has(li.dataset.sev);
    });
    document.querySelectorAll('.mtqa-text .mtqa-f').forEach((m) => {
      m.classList.toggle('mtqa-muted', hidden.fam.has(m.dataset.fam) || hidden.sev.has(m.dataset.sev));
    });
  }
  const STALE_NOTE = 'The copy has changed since this check: checking again…';
  function markStale() {
    document.querySelectorAll('.mtqa-review, .mtqa-listpanel').forEach((el) => el.classList.add('mtqa-stale'));
    const note = q('#mtqa-view .mtqa-stale-note');
    if (note) note.textContent = STALE_NOTE;
    closePop(false);
  }
  function checkFailed() {  // the new check of stale results ended in an error: say so, not "checking again…"
    const note = q('#mtqa-view .mtqa-stale .mtqa-stale-note');
    if (note) note.textContent = 'The copy has changed since this check, and it could not be checked again (see the message).';
    if (reportWanted && note) { reportWanted = false; reportNote(NO_REPORT); }
  }
  function loadingNotice() {  // the first neural check loads models: say so as the click goes out
    const neural = q('#mtqa-neural input');
    const anchor = q('#mtqa-message');
    if (!neural || !neural.checked || neuralSeen || !anchor || document.getElementById('mtqa-loading')) return;
    neuralSeen = true;
    anchor.insertAdjacentHTML('beforebegin', '<div id="mtqa-loading" class="mtqa-message mtqa-info" role="status">'
      + 'Loading the neural models (the first time only: about 10 seconds)…</div>');
  }
  function check() { clearTimeout(timer); timer = null; const b = q('#mtqa-check'); if (b) b.click(); }

  document.addEventListener('click', (e) => {
    if (e.target.closest('#mtqa-act-btn')) return;  // our own sync click: the translator's popover stays open
    if (e.target.closest('#mtqa-check')) { clearTimeout(timer); timer = null; loadingNotice(); return; }  // no second check
    const act = e.target.closest('[data-act]');
    if (act) {
      e.preventDefault();
      const fromPop = act.closest('#mtqa-pop') && opener && opener.classList.contains('mtqa-tag');
      const order = fromPop ? tagsInOrder() : [];
      const after = order.slice(order.indexOf(opener) + 1);
      closePop(false);
      if (staleNotice()) return;  // a popover opened before the edit: its decision would be dropped, unsaid
      send(act.dataset.act);
      const panel = !fromPop && act.closest('#mtqa-diff, #mtqa-summary, #mtqa-findings');
      if (panel) refocus = { act: act.dataset.act, panel: '#' + panel.id, seq, el: act,
                             index: qa('.mtqa-undo', panel).indexOf(act) };
      if (fromPop) {  // a keyboard user goes on from the next finding, not from the top of the page
        const next = after.find((t) => document.contains(t)) || tagsInOrder().pop();
        const list = q('#mtqa-findings');  // none left: the findings panel, which says so (then Download)
        if (!next && list) list.setAttribute('tabindex', '-1');
        if (next || list) (next || list).focus({ preventScroll: true });
      }
      return;
    }
    const mark = e.target.closest('.mtqa-text .mtqa-f');
    if (mark && !mark.classList.contains('mtqa-muted')) {
      e.stopPropagation();
      const n = e.target.closest('.mtqa-tag') ? e.target.closest('.mtqa-tag').dataset.n : mark.dataset.n;
      openPop(n, document.getElementById('mtqa-f-' + n) || mark, e.target.closest('.mtqa-tag'));
      return;
    }
    const row = e.target.closest('.mtqa-row');
    if (row) { closePop(false); jump(row.dataset.n); return; }
    const side = e.target.closest('.mtqa-bitext .mtqa-f');
    if (side) { jump(side.dataset.n); return; }
    if (!e.target.closest('#mtqa-pop')) closePop(false);
  });
  // Before any check there is nothing to download (Gradio's button then did nothing, without a word): say what to do.
  const NOTHING_YET = 'Nothing to download yet: paste the English copy and press Check (Ctrl+Enter). Download then '
    + 'gives the corrected copy, and Report (JSON) its findings, as mtqa check --format json writes them.';
  document.addEventListener('click', (e) => {
    if (!e.target.closest || !e.target.closest('#mtqa-download, #mtqa-report')) return;
    if (q('#mtqa-view .mtqa-review')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const old = document.getElementById('mtqa-nothing');
    if (old) old.remove();  // said again: a screen reader reads the new one
    const anchor = q('#mtqa-message');
    if (anchor) anchor.insertAdjacentHTML('beforebegin', '<div id="mtqa-nothing" class="mtqa-message mtqa-info" role="status">'
      + NOTHING_YET + '</div>');
  }, true);
  // Download gives the server's corrected copy, which lags the page while the results are stale (an edit not yet
  // checked again, or a check that failed) or a decision is on its way: the file then missed the translator's last
  // edit or fix. Then the page hands over the copy in the box itself.
  function behind() {
    const box = q('#mtqa-text textarea'), review = q('#mtqa-view .mtqa-review');
    if (!box || !review) return false;
    return Boolean(review.classList.contains('mtqa-stale') || queue.length || inFlight || unsynced.length
                   || box.value !== copyText());
  }
  document.addEventListener('click', (e) => {
    if (!e.target.closest || !e.target.closest('#mtqa-download')) return;
    const box = q('#mtqa-text textarea'), review = q('#mtqa-view .mtqa-review');
    if (!box || !review || !behind()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const a = document.createElement('a');
    // the box holds \n line ends; a file opened with \r\n gets them back, as the server's Download gives them
    const text = review.dataset.newline === 'crlf' ? box.value.replace(/\r?\n/g, '\r\n') : box.value;
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    a.download = 'corrected.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }, true);
  // Report (JSON) is the server's report of its copy, which lags the page as Download does: it then described an
  // older copy than Download gave (a fix just accepted, an edit not yet checked again). The page cannot write the
  // report itself: it waits for the server to be in step (the edit checked, the decisions applied), then downloads it.
  const NO_REPORT = 'No report: the copy in the box could not be checked (see the message). Press Report (JSON) again once it is.';
  let reportWanted = false;
  function reportNote(text) {
    const old = document.getElementById('mtqa-report-wait');
    if (old) old.remove();
    const anchor = q('#mtqa-message');
    if (text && anchor) anchor.insertAdjacentHTML('beforebegin', '<div id="mtqa-report-wait" class="mtqa-message mtqa-info" '
      + 'role="status">' + text + '</div>');
  }
  function reportReady() {  // each rendering: the report waited for is now of the copy in the box
    if (!reportWanted) {
      const note = document.getElementById('mtqa-report-wait');  // "no report": the copy is checked now
      if (note && !behind()) note.remove();
      return;
    }
    if (behind()) return;
    reportWanted = false;
    reportNote('');
    setTimeout(() => { const btn = q('#mtqa-report'); if (btn) btn.click(); }, 0);  // once every output is in
  }
  document.addEventListener('click', (e) => {
    if (!e.target.closest || !e.target.closest('#mtqa-report') || !q('#mtqa-view .mtqa-review')) return;
    if (!boxChanged() && !behind()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const failed = !timer && q('#mtqa-view .mtqa-stale') && q('#mtqa-message .mtqa-error');
    if (failed) { reportNote(NO_REPORT); return; }  // nothing to wait for
    reportWanted = true;
    reportNote('Report (JSON) will download once the copy in the box is checked…');
    if (timer) check();  // an edit waiting to be checked again: at once
    flush();
  }, true);
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); check(); return; }
    if (e.key === 'Escape') { closePop(true); return; }
    if (e.key === 'Tab' && pop && !pop.hidden && e.target.closest && e.target.closest('#mtqa-pop')) {
      // the popover sits at the end of the page: Tab past its last button (or Shift+Tab before its first) went to
      // the top of the page with the popover left open. Leave it as Escape does, back on the finding's label.
      const buttons = qa('button', pop);
      if (e.target === buttons[e.shiftKey ? 0 : buttons.length - 1]) { e.preventDefault(); closePop(true); }
      return;
    }
    const tag = e.target.closest && e.target.closest('.mtqa-text .mtqa-tag');
    if (tag && e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const order = tagsInOrder(), next = order[order.indexOf(tag) + (e.shiftKey ? -1 : 1)];
      if (next) { e.preventDefault(); next.focus(); return; }
      // past the first or the last finding: Tab leaves the copy from the label the page's own order leaves it from
      const labels = qa('#mtqa-view .mtqa-text .mtqa-tag').filter((t) => t.getClientRects().length);
      const edge = labels[e.shiftKey ? 0 : labels.length - 1];
      if (edge && edge !== tag) edge.focus({ preventScroll: true });
      return;
    }
    if (tag && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openPop(tag.dataset.n, document.getElementById('mtqa-f-' + tag.dataset.n) || tag, tag);
    }
    if (e.key === 'Tab') {  // the focus it moves lands before the next task
      tabInto = e.shiftKey ? 'last' : 'first';
      setTimeout(() => { tabInto = null; }, 0);
    }
  });
  document.addEventListener('focusin', (e) => {
    const tag = e.target.closest && e.target.closest('.mtqa-text .mtqa-tag');
    const fromCopy = e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest('.mtqa-text');
    if (tag && tabInto && !fromCopy) {  // Tab into the copy lands on the first finding it reads, not the first label
      const order = tagsInOrder(), first = order[tabInto === 'first' ? 0 : order.length - 1];
      tabInto = null;
      if (first && first !== tag) { first.focus(); return; }
    }
    if (tag) focusN = tag.dataset.n; else if (!e.target.closest || !e.target.closest('#mtqa-pop')) focusN = null;
  });
  document.addEventListener('change', (e) => {
    const box = e.target.closest && e.target.closest('.mtqa-filter');
    if (!box) return;
    if (box.checked) hidden[box.dataset.kind].delete(box.value); else hidden[box.dataset.kind].add(box.value);
    applyFilters();
  });
  document.addEventListener('input', (e) => {
    // the French source, the reference and the settings are checked with the copy: changing them makes the
    // results stale too
    if (selfInput || !e.target.closest
        || !e.target.closest('#mtqa-text, #mtqa-source, #mtqa-reference, #mtqa-style, #mtqa-families, #mtqa-neural')) return;
    if (!q('.mtqa-review')) return;  // nothing checked yet
    boxInStep = null;
    markStale();
    clearTimeout(timer);
    timer = setTimeout(check, 900);
  }, true);
  // each new rendering: decisions not yet seen by the server are applied again; filters are kept
  let errorSeen = null;  // each error message has a serial of its own (Gradio patches the message in place)
  new MutationObserver(() => {
    onRender();
    restoreFocus();
    reportReady();
    const error = q('#mtqa-message .mtqa-error');
    if (error && error.dataset.serial !== errorSeen) { errorSeen = error.dataset.serial; checkFailed(); }
    const note = document.getElementById('mtqa-loading');
    if (note && q('#mtqa-message .mtqa-message')) note.remove();  // an error came instead
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                                                       attributeFilter: ['data-rev', 'data-seq', 'data-serial'] });
  // the review lives in this page only (no copy is kept in the browser's storage): a reload or a closed tab lost every
  // fix accepted, without a word. Ask first when there is work to lose: decisions made, or an edit not yet checked.
  window.addEventListener('beforeunload', (e) => {
    const review = q('#mtqa-view .mtqa-review');
    if (!review) return;
    const head = q('#mtqa-diff .mtqa-diffhead');
    const decided = queue.length || inFlight || unsynced.length || (head && !/^0 /.test(head.textContent))
      || / [1-9]\d* (fixed|ignored)/.test((q('#mtqa-summary .mtqa-summary') || {}).textContent || '');
    if (!decided && !review.classList.contains('mtqa-stale')) return;
    e.preventDefault();
    e.returnValue = '';
  });
  if (document.body) liveRegion(); else document.addEventListener('DOMContentLoaded', liveRegion);  // before any message
  setInterval(flush, 2000);  // a batch lost on the way is sent again
  window.mtqaReview = { send, jump, openPop, applyFilters, pending: () => queue.length + (inFlight ? inFlight.length : 0) };
})();
