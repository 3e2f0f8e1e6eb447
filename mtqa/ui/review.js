// mtqa review view: popovers on findings, list <-> text links, filters, stale marking with a debounced re-check,
// Ctrl+Enter to check. Actions go to the server through a hidden textbox and button (#mtqa-action, #mtqa-act-btn).
(function () {
  if (window.mtqaReview) return;
  const q = (s, r) => (r || document).querySelector(s);
  const hidden = { fam: new Set(), sev: new Set() };
  let pop = null, opener = null, timer = null;

  function send(action) {
    const box = q('#mtqa-action textarea') || q('#mtqa-action input');
    const btn = q('#mtqa-act-btn');
    if (!box || !btn) return;
    box.value = action;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    setTimeout(() => btn.click(), 0);
  }
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
  function openPop(n, anchor) {
    const tpl = document.getElementById('mtqa-tpl-' + n);
    if (!tpl) return;
    const p = popover();
    p.replaceChildren(...[...tpl.childNodes].map((node) => node.cloneNode(true)));
    p.dataset.n = n;
    p.hidden = false;
    opener = anchor;
    const r = anchor.getBoundingClientRect();
    const w = p.offsetWidth;
    let left = window.scrollX + Math.min(Math.max(8, r.left), window.innerWidth - w - 8);
    let top = window.scrollY + r.bottom + 6;
    if (r.bottom + p.offsetHeight + 12 > window.innerHeight && r.top > p.offsetHeight + 12) top = window.scrollY + r.top - p.offsetHeight - 6;
    p.style.left = Math.max(window.scrollX + 8, left) + 'px';
    p.style.top = top + 'px';
    const row = document.getElementById('mtqa-row-' + n);
    if (row) { row.scrollIntoView({ block: 'nearest' }); flash(row); }
    const first = p.querySelector('button');
    if (first) first.focus({ preventScroll: true });
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
  function markStale() {
    document.querySelectorAll('.mtqa-review, .mtqa-listpanel').forEach((el) => el.classList.add('mtqa-stale'));
    closePop(false);
  }
  function check() { clearTimeout(timer); const b = q('#mtqa-check'); if (b) b.click(); }

  document.addEventListener('click', (e) => {
    const act = e.target.closest('[data-act]');
    if (act) { e.preventDefault(); closePop(false); send(act.dataset.act); return; }
    const mark = e.target.closest('.mtqa-text .mtqa-f');
    if (mark && !mark.classList.contains('mtqa-muted')) {
      e.stopPropagation();
      const n = e.target.closest('.mtqa-tag') ? e.target.closest('.mtqa-tag').dataset.n : mark.dataset.n;
      openPop(n, document.getElementById('mtqa-f-' + n) || mark);
      return;
    }
    const row = e.target.closest('.mtqa-row');
    if (row) { closePop(false); jump(row.dataset.n); return; }
    const side = e.target.closest('.mtqa-bitext .mtqa-f');
    if (side) { jump(side.dataset.n); return; }
    if (!e.target.closest('#mtqa-pop')) closePop(false);
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); check(); return; }
    if (e.key === 'Escape') { closePop(true); return; }
    const tag = e.target.closest && e.target.closest('.mtqa-text .mtqa-tag');
    if (tag && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openPop(tag.dataset.n, document.getElementById('mtqa-f-' + tag.dataset.n) || tag);
    }
  });
  document.addEventListener('change', (e) => {
    const box = e.target.closest && e.target.closest('.mtqa-filter');
    if (!box) return;
    if (box.checked) hidden[box.dataset.kind].delete(box.value); else hidden[box.dataset.kind].add(box.value);
    applyFilters();
  });
  document.addEventListener('input', (e) => {
    if (!e.target.closest || !e.target.closest('#mtqa-text')) return;
    if (!q('.mtqa-review')) return;  // nothing checked yet
    markStale();
    clearTimeout(timer);
    timer = setTimeout(check, 900);
  }, true);
  // a new rendering of the list or the text keeps the translator's filters
  new MutationObserver(() => {
    if (hidden.fam.size || hidden.sev.size) applyFilters();
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.mtqaReview = { send, jump, openPop, applyFilters };
})();
