// Driftwatch page: the series list from /api/monitors, live updates from /api/stream (Server-Sent Events),
// and for the selected series its histograms and KL trend from /api/monitors/{monitor}/models/{model}.
// Self-contained: no libraries, no CDN. Text from the server is only ever set with textContent.
'use strict';

// statistics: the published entries of the catalogue (/api/statistics), in catalogue order; the stat cards follow it.
// The list is paged: every series' latest summary is kept (data, order), only one page of rows is in the DOM, and it
// is redrawn at most once per animation frame however many updates arrive, so 10,000 series stay responsive.
const PAGE_SIZE = 100;
// order: series keys, most urgent first: firing critical, firing warning, pending critical, pending warning, ok,
// thin; within each, the largest drift (what the alerts decide on) first, then by monitor and model. Re-sorted at
// most once per animation frame, when something changed.
// chosen: whether the user picked the selected series (click or #hash); until then the page keeps the top row,
// a firing series when there is one, selected.
const state = {
  data: new Map(), order: [], sorted: true, waiting: [], page: 0, filter: '', listQueued: false,
  selected: null, chosen: false, detailTimer: null, statistics: [],
};
const SVG = 'http://www.w3.org/2000/svg';

function key(s) { return s.monitor + '\u0000' + s.model; }
// p-values in one format: three decimals, or "< 0.001" (the exact value is in the cell's title)
function fmtP(p) {
  if (p === null || p === undefined) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
function fmt(v, digits = 4) {
  if (v === null || v === undefined) return '–';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return v.toFixed(digits);
}
function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
// 0 firing critical, 1 firing warning, 2 pending critical, 3 pending warning, 4 ok, 5 thin: the first sort key
function rank(s) {
  const a = s.alert || {};
  if (a.critical === 'firing') return 0;
  if (a.warning === 'firing') return 1;
  if (a.critical === 'pending') return 2;
  if (a.warning === 'pending') return 3;
  return s.sufficient ? 4 : 5;
}
function compare(x, y) {
  const r = rank(x) - rank(y);
  if (r !== 0) return r;
  const d = (y.drift ?? -1) - (x.drift ?? -1);
  if (d !== 0) return d;
  const kx = key(x), ky = key(y);
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}
// where the drift came from: the whole window, or one of its newest spans ("newest 30 s")
function spanText(s) {
  if (s.driftSpanSeconds === null || s.driftSpanSeconds === undefined || !s.drift) return '';
  const windowSeconds = (s.windowEnd - s.windowStart) / 1000;
  if (Math.abs(s.driftSpanSeconds - windowSeconds) < 0.5) return 'whole window';
  return 'newest ' + duration(s.driftSpanSeconds);
}
function duration(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), sec = Math.round(seconds % 60);
  return [h ? h + ' h' : '', m ? m + ' min' : '', sec || (!h && !m) ? sec + ' s' : ''].filter(Boolean).join(' ');
}
function alertOf(s) {
  const states = Object.entries(s.alert || {});
  for (const level of ['firing', 'pending']) {
    const hit = states.filter(([, v]) => v === level).map(([k]) => k);
    if (hit.length) return { cls: level, text: level + ' ' + (hit.includes('critical') ? 'critical' : hit[0]) };
  }
  return s.sufficient ? { cls: 'ok', text: 'ok' } : { cls: 'thin', text: 'thin window' };
}
function path(monitor, model) {
  return '/api/monitors/' + encodeURIComponent(monitor) + '/models/' + encodeURIComponent(model);
}

function row(s) {
  const tr = el('tr');
  tr.dataset.monitor = s.monitor;
  tr.dataset.model = s.model;
  tr.addEventListener('click', () => { state.chosen = true; select(s.monitor, s.model); });
  const a = alertOf(s);
  // the KL is coloured by the alert, and only by it: red while firing, amber while pending
  const p = el('td', { class: 'num p' }, fmtP(s.pValue));
  if (s.pValue !== null) p.title = 'p = ' + s.pValue.toExponential(3);
  // the drift the alerts decide on leads, with the span it came from; the whole window's KL follows for context
  const drift = el('td', { class: 'num drift ' + a.cls, title: 'the drift estimate (KL scale, nats) of the window or'
    + ' its newest span that is significant within the alert budget (0: nothing significant); a severity fires when'
    + ' it reaches 60 % of its threshold' }, fmt(s.drift));
  const span = el('td', { class: 'span muted' }, spanText(s));
  tr.append(el('td', { class: 'monitor' }, s.monitor), el('td', { class: 'model' }, s.model), drift, span,
    el('td', { class: 'num' }, fmt(s.kl)),
    el('td', { class: 'num' }, fmt(s.noiseFloor)), p,
    el('td', { class: 'num' }, String(s.samples)));
  const td = el('td');
  td.append(el('span', { class: 'badge ' + a.cls }, a.text));
  if (s.referenceTooSmall) {
    td.append(' ', el('span', { class: 'badge pending', title: 'the window holds more than half as many events as the'
      + ' reference: use a reference several times the window' }, 'small ref'));
  }
  tr.append(td, el('td', { class: 'hash', title: s.referenceSource }, s.reference));
  tr.classList.toggle('selected', state.selected === key(s));
  return tr;
}

// keeps the latest summary of a series; the order is re-sorted before the next drawing when its place may change
function upsert(s) {
  const k = key(s);
  const before = state.data.get(k);
  if (!before) {
    state.waiting = state.waiting.filter(m => m.name !== s.monitor);
    state.order.push(k);
  }
  state.data.set(k, s);
  if (!before || rank(before) !== rank(s) || before.drift !== s.drift) state.sorted = false;
  queueList();
}

function sortOrder() {
  if (state.sorted) return;
  state.order.sort((x, y) => compare(state.data.get(x), state.data.get(y)));
  state.sorted = true;
}

// until the user picks a series, the selection follows the top of the list: a firing series as soon as one fires
function followTop() {
  if (state.chosen || state.order.length === 0) return;
  sortOrder();
  const top = state.data.get(state.order[0]);
  const current = state.selected && state.data.get(state.selected);
  if (!current || (rank(top) < rank(current))) select(top.monitor, top.model);
}

function queueList() {
  if (state.listQueued) return;
  state.listQueued = true;
  requestAnimationFrame(() => { state.listQueued = false; renderList(); followTop(); });
}

function visibleKeys() {
  sortOrder();
  const f = state.filter;
  if (!f) return state.order;
  return state.order.filter(k => { const s = state.data.get(k); return (s.monitor + '/' + s.model).toLowerCase().includes(f); });
}

function renderList() {
  const keys = visibleKeys();
  const pages = Math.max(1, Math.ceil(keys.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const from = state.page * PAGE_SIZE;
  const rows = keys.slice(from, from + PAGE_SIZE).map(k => row(state.data.get(k)));
  if (state.page === 0 && !state.filter) {
    for (const m of state.waiting) {
      const tr = el('tr', { class: 'waiting' });
      // a field no event carries says so (a producer that dropped it, or a pointer that matches nothing)
      const missing = m.fieldProblems.missing || 0;
      tr.append(el('td', { class: 'monitor' }, m.name), el('td', { class: 'model muted', colspan: 9 },
        missing > 0 ? 'no event has ' + m.field + ' yet: ' + missing + ' events without it' : 'no events yet'));
      rows.unshift(tr);
    }
  }
  document.querySelector('#series tbody').replaceChildren(...rows);
  document.getElementById('range').textContent = keys.length === 0 ? 'no series'
    : (from + 1) + '–' + Math.min(from + PAGE_SIZE, keys.length) + ' of ' + keys.length
      + (keys.length !== state.order.length ? ' (of ' + state.order.length + ')' : '');
  document.getElementById('prev').disabled = state.page === 0;
  document.getElementById('next').disabled = state.page >= pages - 1;
  renderModels();
}

// The fleet at a glance: models by how many of their monitors have an alert firing (the count the DriftModel rule
// fires on at 3), most first; a click filters the list to that model.
const MODELS_SHOWN = 8;
function renderModels() {
  const models = new Map();
  for (const s of state.data.values()) {
    const m = models.get(s.model) || { model: s.model, monitors: 0, drifting: 0 };
    m.monitors++;
    if (rank(s) <= 1) m.drifting++;
    models.set(s.model, m);
  }
  const sorted = [...models.values()].sort((a, b) => b.drifting - a.drifting || a.model.localeCompare(b.model));
  const parts = sorted.slice(0, MODELS_SHOWN).map(m => {
    const b = el('button', { type: 'button', class: m.drifting > 0 ? 'model-drifting' : 'model-quiet' },
      m.model + ' ' + m.drifting + ' of ' + m.monitors);
    b.addEventListener('click', () => {
      const filter = document.getElementById('filter');
      filter.value = '/' + m.model;
      filter.dispatchEvent(new Event('input'));
    });
    return b;
  });
  const label = el('span', { class: 'muted' }, 'models, monitors drifting: ');
  const more = sorted.length > MODELS_SHOWN ? [el('span', { class: 'muted' }, ' +' + (sorted.length - MODELS_SHOWN) + ' more')] : [];
  document.getElementById('models').replaceChildren(...(parts.length ? [label, ...parts, ...more] : []));
}

function setUpPager() {
  document.getElementById('prev').addEventListener('click', () => { state.page--; renderList(); });
  document.getElementById('next').addEventListener('click', () => { state.page++; renderList(); });
  document.getElementById('filter').addEventListener('input', e => {
    state.filter = e.target.value.trim().toLowerCase();
    state.page = 0;
    renderList();
  });
}

async function loadStatistics() {
  const response = await fetch('/api/statistics');
  if (response.ok) state.statistics = (await response.json()).filter(s => s.metric !== null);
}

async function loadMonitors() {
  const monitors = await (await fetch('/api/monitors')).json();
  document.getElementById('empty').hidden = monitors.length > 0;
  state.waiting = monitors.filter(m => m.series.length === 0);
  monitors.forEach(m => m.series.forEach(upsert));
  renderList();
  const wanted = decodeURIComponent(location.hash.slice(1)).split('/');
  const asked = monitors.flatMap(m => m.series).find(s => s.monitor === wanted[0] && s.model === wanted[1]);
  if (asked) {
    state.chosen = true;
    select(asked.monitor, asked.model);
  } else {
    followTop();
  }
}

function select(monitor, model) {
  state.selected = monitor + '\u0000' + model;
  for (const tr of document.querySelectorAll('#series tbody tr[data-model]')) {
    tr.classList.toggle('selected', tr.dataset.monitor + '\u0000' + tr.dataset.model === state.selected);
  }
  if (state.chosen) history.replaceState(null, '', '#' + encodeURIComponent(monitor + '/' + model));
  loadDetail();
}

async function loadDetail() {
  if (!state.selected) return;
  const [monitor, model] = state.selected.split('\u0000');
  const response = await fetch(path(monitor, model));
  if (!response.ok) return;
  renderDetail(await response.json());
}

function scheduleDetail() {
  if (state.detailTimer) return;
  state.detailTimer = setTimeout(() => { state.detailTimer = null; loadDetail(); }, 250);
}

function renderDetail(d) {
  const s = d.summary, st = d.statistics;
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-title').textContent = s.monitor + ' / ' + s.model;
  document.getElementById('detail-window').textContent = s.windowStart === null ? 'no events yet'
    : 'window ' + new Date(s.windowStart).toISOString() + ' – ' + new Date(s.windowEnd).toISOString()
      + ', ' + s.samples + ' events' + (s.sufficient ? '' : ' (fewer than min-samples: insufficient data)')
      + (s.referenceTooSmall ? ' — the reference (' + s.referenceSamples + ' events) is less than twice the window:'
        + ' use one several times the window' : '');
  const cards = document.getElementById('cards');
  cards.replaceChildren();
  for (const stat of state.statistics) {
    const c = el('div', { class: 'card', title: stat.description + ' (' + stat.metric + ')' });
    const v = st[stat.field];
    c.append(el('b', {}, stat.field === 'pValue' ? fmtP(v) : fmt(v, stat.unit === 'probability' ? 3 : 4)),
      el('span', {}, stat.label));
    cards.append(c);
  }
  // first, what the alerts decide on, named for the span it came from
  const decided = el('div', { class: 'card decided', title: 'drift_kl_significant: the drift estimate (KL scale,'
    + ' nats) of the window or its newest span that is significant within the false-alarm budget, 0 when none is;'
    + ' a severity fires when it reaches 60 % of its threshold. At least ' + fmt(s.lowerBound) + ' with the'
    + ' budget\'s confidence.' });
  decided.append(el('b', {}, fmt(s.drift)),
    el('span', {}, 'drift' + (spanText(s) ? ', ' + spanText(s) : s.drift === 0 ? ' (nothing significant)' : '')));
  cards.prepend(decided);
  drawHistogram(d.bins, d.contributors || []);
  document.getElementById('contributors').textContent = contributorsText(d.contributors || [], s.kl);
  document.getElementById('data-quality').textContent = dataQualityText(d.dataQuality);
  drawTrend(d.trend);
  const r = d.reference;
  document.getElementById('reference-info').textContent = 'reference ' + r.version + ' (' + r.scope + ', '
    + (r.runtime ? 'set at run time' : 'configured') + '): ' + r.source + ', ' + r.samples + ' events, created '
    + r.createdAt;
}

// the bins that drive the window's KL, in words: "moved most: DE 34.1% → 27.9% (41% of the KL), ..."
function contributorsText(contributors, kl) {
  if (!contributors.length || !(kl > 0)) return '';
  const pct = v => (v === 0 ? '0' : (100 * v).toFixed(1)) + '%';
  return 'moved most (reference → live, part of the window KL): ' + contributors.slice(0, 3)
    .map(c => c.bin + ' ' + pct(c.referenceShare) + ' → ' + pct(c.liveShare)
      + (c.share === null ? '' : ' (' + pct(c.share) + ')')).join(', ');
}

// is it the data? "data quality: 10.1% of the window outside the reference (unseen values: BR 1523, XX 4);
// events without the field 12, wrong type 3" — the counts are what this instance read since it started
function dataQualityText(q) {
  if (!q) return '';
  const parts = [];
  if (q.outsideShare !== null) {
    const unseen = q.unseenValues.map(v => v.value + ' ' + v.events).join(', ');
    parts.push((100 * q.outsideShare).toFixed(1) + '% of the window outside the reference'
      + (unseen ? ' (unseen values: ' + unseen + ')' : ''));
  }
  const names = { missing: 'without the field', 'wrong-type': 'of the wrong type', 'non-finite': 'not finite' };
  const problems = Object.entries(q.fieldProblems).map(([p, n]) => n + ' ' + (names[p] || p));
  if (problems.length) parts.push('events ' + problems.join(', '));
  return 'data quality: ' + (parts.length ? parts.join('; ') : 'no values outside the reference, none missing or bad');
}

// a bar per bin, live beside reference; under the axis, a red mark under each of the bins that contribute most to the
// KL, as wide as its part of the KL
function drawHistogram(bins, contributors) {
  const chart = document.getElementById('histogram');
  chart.replaceChildren();
  const W = 760, H = 260, left = 40, bottom = 60, top = 10;
  const max = Math.max(1e-9, ...bins.map(b => Math.max(b.liveShare || 0, b.referenceShare)));
  const slot = (W - left - 10) / Math.max(1, bins.length), bw = Math.max(1, slot / 2 - 1);
  chart.append(svg('line', { class: 'axis', x1: left, x2: W - 10, y1: H - bottom, y2: H - bottom }));
  chart.append(svg('text', { x: 4, y: top + 8 }, (max * 100).toFixed(0) + '%'));
  bins.forEach((b, i) => {
    const x = left + i * slot;
    const h = v => (H - bottom - top) * (v || 0) / max;
    const live = svg('rect', { class: 'bar live', x: x + 1, y: H - bottom - h(b.liveShare), width: bw, height: h(b.liveShare) });
    live.append(svg('title', {}, b.label + ': live ' + b.live + ' (' + fmt((b.liveShare || 0) * 100, 1) + '%)'));
    const ref = svg('rect', { class: 'bar ref', x: x + 1 + bw, y: H - bottom - h(b.referenceShare), width: bw, height: h(b.referenceShare) });
    ref.append(svg('title', {}, b.label + ': reference ' + b.reference + ' (' + fmt(b.referenceShare * 100, 1) + '%)'));
    chart.append(live, ref);
    const c = contributors.find(x => x.bin === b.label);
    if (c && c.share !== null && c.share > 0) {
      const mark = svg('rect', { class: 'bar contribution', x: x + 1, y: H - bottom + 1, width: Math.max(2, 2 * bw * c.share), height: 4 });
      mark.append(svg('title', {}, b.label + ': ' + fmt(c.share * 100, 1) + '% of the window KL (' + fmt(c.contribution) + ' nats)'));
      chart.append(mark);
    }
    if (bins.length <= 30 || i % Math.ceil(bins.length / 30) === 0) {
      const tx = x + slot / 2, ty = H - bottom + 8;
      chart.append(svg('text', { class: 'bin-label', x: tx, y: ty, transform: 'rotate(45 ' + tx + ' ' + ty + ')' },
        short(b.label)));
    }
  });
  chart.dataset.bins = String(bins.length);
}

// bin labels carry full doubles ([0.30000000000000004, 0.4)); the axis shows 3 significant digits
function short(label) {
  const s = label.replace(/-?\d+\.\d+(e-?\d+)?/g, n => String(+(+n).toPrecision(3)));
  return s.length > 16 ? s.slice(0, 15) + '…' : s;
}

function drawTrend(points) {
  const chart = document.getElementById('trend');
  chart.replaceChildren();
  const W = 760, H = 180, left = 40, bottom = 20, top = 10;
  // a window below the alert rule's min-samples has no values (null, or no key at all): only finite ones are drawn
  const usable = points.filter(p => Number.isFinite(p.kl));
  if (usable.length < 2) {
    chart.append(svg('text', { x: W / 2 - 80, y: H / 2 }, 'waiting for closed panes…'));
    return;
  }
  const t0 = usable[0].t, t1 = usable[usable.length - 1].t;
  // scaled to the KL and the drift; a noise floor far above them (a thin window or reference) is drawn at the top edge
  const max = 1.25 * Math.max(1e-9, ...usable.map(p => Math.max(p.kl, p.drift || 0)));
  const x = t => left + (W - left - 10) * (t - t0) / Math.max(1, t1 - t0);
  const y = v => H - bottom - (H - bottom - top) * Math.min(v, max) / max;
  const line = (cls, f) => svg('path', { class: 'line ' + cls,
    d: usable.filter(p => Number.isFinite(f(p))).map((p, i) => (i ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(f(p)).toFixed(1)).join(' ') });
  chart.append(svg('line', { class: 'axis', x1: left, x2: W - 10, y1: H - bottom, y2: H - bottom }),
    svg('text', { x: 4, y: top + 8 }, fmt(max, 3)), svg('text', { x: 4, y: H - bottom }, '0'),
    svg('text', { x: left, y: H - 4 }, new Date(t0).toISOString().slice(11, 19)),
    svg('text', { x: W - 60, y: H - 4 }, new Date(t1).toISOString().slice(11, 19)),
    line('floor', p => p.noiseFloor), line('kl', p => p.kl), line('drift', p => p.drift));
  // a vertical mark where the reference changed
  for (let i = 1; i < usable.length; i++) {
    if (usable[i].reference !== usable[i - 1].reference) {
      const xi = x(usable[i].t);
      chart.append(svg('line', { class: 'axis', x1: xi, x2: xi, y1: top, y2: H - bottom }),
        svg('text', { x: xi + 3, y: top + 18 }, 'reference ' + usable[i].reference));
    }
  }
}

function connect() {
  const status = document.getElementById('connection');
  const source = new EventSource('/api/stream');
  source.onopen = () => { status.dataset.state = 'live'; status.textContent = 'live'; };
  source.onerror = () => { status.dataset.state = 'connecting'; status.textContent = 'reconnecting…'; };
  source.onmessage = e => {
    const s = JSON.parse(e.data);
    upsert(s);
    if (state.selected === key(s)) scheduleDetail();
  };
}

setUpPager();
loadStatistics().then(loadMonitors).finally(connect);
