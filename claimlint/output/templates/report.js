const DATA = JSON.parse(document.getElementById('claimlint-data').textContent);
const detail = document.getElementById('detail');
const hint = detail.innerHTML;
let pinned = null;  // what a click chose: hovering elsewhere only previews while nothing is pinned
function esc(s) { const d = document.createElement('div'); d.textContent = s; return d.innerHTML; }
function render(ids) {
  document.querySelectorAll('mark.active').forEach(m => m.classList.remove('active'));
  const parts = ids.map(id => {
    const f = DATA.findings[id], r = DATA.rules[f.rule] || {};
    document.querySelectorAll('mark[data-ids~="' + id + '"]').forEach(m => m.classList.add('active'));
    const sugg = (f.suggestions || []).map(s => '<li>' + (s ? esc(s) : '<em>delete these words</em>') + '</li>').join('');
    const refs = (r.references || []).map(s => '<li>' + esc(s) + '</li>').join('');
    return '<div class="finding" data-rule="' + esc(f.rule) + '">' +
      '<h3><span class="badge ' + esc(f.severity) + '">' + esc(f.severity) + '</span> ' + esc(f.rule) + ' <small>' + esc(f.code) + ' · ' + esc(f.category) + '</small></h3>' +
      '<p><strong>' + esc(f.message) + '</strong></p>' +
      '<p>Flagged: <code>' + esc(f.text) + '</code> at ' + esc(f.path) + ':' + f.line + ':' + f.column + '</p>' +
      (sugg ? '<p>Write instead:</p><ul class="rewordings">' + sugg + '</ul>' : '') +
      '<p class="why">' + esc(r.why || '') + '</p>' +
      (refs ? '<p>Regulatory basis:</p><ul>' + refs + '</ul>' : '') +
      '<p>More: <code>claimlint rule ' + esc(f.rule) + '</code></p></div>';
  });
  const unpin = pinned ? '<button class="unpin" type="button" title="Esc">unpin</button>' : '';
  detail.innerHTML = unpin + parts.join('<hr>');
  detail.classList.toggle('pinned', !!pinned);
  const button = detail.querySelector('.unpin');
  if (button) button.addEventListener('click', clearPin);
  detail.closest('aside').scrollTop = 0;
}
function pin(ids) { pinned = ids; render(ids); }
function clearPin() {
  pinned = null;
  document.querySelectorAll('mark.active').forEach(m => m.classList.remove('active'));
  detail.classList.remove('pinned');
  detail.innerHTML = hint;
}
document.querySelectorAll('mark').forEach(m => {
  const ids = m.dataset.ids.split(' ');
  m.addEventListener('click', () => pin(ids));
  m.addEventListener('mouseenter', () => { if (!pinned) render(ids); });
  m.addEventListener('mouseleave', () => { if (!pinned) clearPin(); });
  m.tabIndex = 0;
  m.addEventListener('keydown', e => { if (e.key === 'Enter') pin(ids); });
});
document.addEventListener('keydown', e => { if (e.key === 'Escape' && pinned) clearPin(); });
document.querySelectorAll('ol.findings li').forEach(li => li.addEventListener('click', () => {
  const m = document.querySelector('mark[data-ids~="' + li.dataset.id + '"]');
  if (m) m.scrollIntoView({block: 'center'});
  pin([li.dataset.id]);
}));
function applyFilters() {
  const cats = new Set([...document.querySelectorAll('input[name=category]:checked')].map(i => i.value));
  const sevs = new Set([...document.querySelectorAll('input[name=severity]:checked')].map(i => i.value));
  const visible = id => { const f = DATA.findings[id]; return cats.has(f.category) && sevs.has(f.severity); };
  document.querySelectorAll('mark').forEach(m => {
    const ids = m.dataset.ids.split(' ').filter(visible);
    m.classList.toggle('hidden', ids.length === 0);
    m.classList.remove('sev-error', 'sev-warning', 'sev-info');
    if (ids.length) {
      const rank = {error: 3, warning: 2, info: 1};
      const worst = ids.map(id => DATA.findings[id].severity).sort((a, b) => rank[b] - rank[a])[0];
      m.classList.add('sev-' + worst);
    }
  });
  document.querySelectorAll('ol.findings li').forEach(li => li.classList.toggle('hidden', !visible(li.dataset.id)));
  document.getElementById('visible-count').textContent = Object.keys(DATA.findings).filter(visible).length;
}
document.querySelectorAll('.filters input').forEach(i => i.addEventListener('change', applyFilters));
applyFilters();
document.body.dataset.ready = 'yes';  // the tests' sign that the script ran to the end
