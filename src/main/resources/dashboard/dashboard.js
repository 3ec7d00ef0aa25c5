// The PlayPulse live page: renders each snapshot the server pushes over Server-Sent Events, says
// which panels are stale, and reconnects by itself when the server goes away and comes back.
'use strict';

const state = {
  snapshot: null,
  revenueDayStart: 0,
  lastReceived: 0,
  renders: 0,
  firstRenderMs: null,
  charts: {},
  source: null,
};
window.playpulse = state;

const $ = (id) => document.getElementById(id);
const integer = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
const utcTime = (epoch) => new Date(epoch * 1000).toISOString().substring(11, 19);
const utcMinute = (epoch) => new Date(epoch * 1000).toISOString().substring(11, 16);

/** "12,345.67 USD" from minor units, with the currency's minor-unit digits as the server sent them. */
function money(minor, currency, digits) {
  const major = minor / Math.pow(10, digits);
  return major.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) + ' ' + currency;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillRows(tbody, items, toCells) {
  tbody.replaceChildren(...items.map((item) => {
    const tr = document.createElement('tr');
    tr.append(...toCells(item));
    return tr;
  }));
}

/** Marks a panel fresh or stale and says what its figures hold for. */
function mark(panelId, panel) {
  const element = $(panelId);
  const stale = !panel || panel.stale;
  element.classList.toggle('stale', stale);
  element.dataset.stale = String(stale);
  const asOf = element.querySelector('.asof');
  if (!asOf) return;
  const when = panel && panel.asOf ? 'as of ' + utcTime(panel.asOf) + ' UTC' : '';
  asOf.textContent = stale ? 'STALE' + (when ? ' (' + when + ')' : '') + (panel && panel.note ? ': ' + panel.note : '') : when;
}

const utcDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

function chart(name, element, options, data) {
  if (!state.charts[name]) {
    const width = Math.max(300, element.clientWidth || 800);
    state.charts[name] = new uPlot({ height: 220, ...options, width }, data, element);
  } else {
    state.charts[name].setData(data);
  }
}

function renderActivity(panel) {
  mark('panel-events', panel);
  mark('panel-ccu-now', panel);
  mark('panel-ccu', panel);
  const a = panel.data;
  if (!a) return;
  $('events-per-second').textContent = a.eventsPerSecond === null ? '–' : a.eventsPerSecond.toFixed(1);
  $('ccu-now').textContent = integer(a.ccu);
  chart('ccu', $('ccu-chart'), {
    tzDate: utcDate,
    scales: { x: { time: true } },
    series: [{}, { label: 'CCU', stroke: '#2f6fdf', width: 2 }],
  }, [a.minutes.map((m) => m.minute), a.minutes.map((m) => m.ccu)]);
}

function renderDailyPlayers(panel) {
  mark('panel-dau', panel);
  const d = panel.data;
  $('dau').textContent = d ? integer(d.activeUsers) : '–';
  $('dau-platforms').textContent = d ? d.platforms.map((p) => p.platform + ' ' + integer(p.activeUsers)).join(' · ') : '';
}

const DAY = 86400;
const HOUR = 3600;
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact' });
const PALETTE = ['#2f6fdf', '#1f7a3a', '#c28a00', '#a12a2a', '#6a3fb5'];

/** Today's revenue: a total per currency, and per currency a bar chart of its hours (currencies never add up). */
function renderRevenue(panel, generatedAt) {
  mark('panel-revenue', panel);
  const r = panel.data;
  if (!r) return;
  fillRows($('revenue-totals'), r.totals, (t) => [
    cell(t.currency), cell(money(t.revenue, t.currency, t.digits), 'num'), cell(integer(t.transactions), 'num')]);
  const currencies = r.totals.map((t) => t.currency);
  const container = $('revenue-charts');
  // The x axis is today (read by the charts' range at every update, so it moves on at midnight).
  state.revenueDayStart = Math.floor(generatedAt / DAY) * DAY;
  if (container.dataset.currencies !== currencies.join(',')) {
    Object.keys(state.charts).filter((name) => name.startsWith('revenue-')).forEach((name) => {
      state.charts[name].destroy();
      delete state.charts[name];
    });
    container.replaceChildren(...currencies.map((c) => {
      const div = document.createElement('div');
      div.className = 'currency-chart';
      div.id = 'revenue-chart-' + c;
      return div;
    }));
    container.dataset.currencies = currencies.join(',');
  }
  const hours = [...new Set(r.hours.map((h) => h.hour))].sort((x, y) => x - y);
  r.totals.forEach((total, i) => {
    const c = total.currency;
    const values = hours.map((hour) => {
      const h = r.hours.find((x) => x.hour === hour && x.currency === c);
      return h ? h.revenue / Math.pow(10, total.digits) : 0;
    });
    chart('revenue-' + c, $('revenue-chart-' + c), {
      height: 140,
      tzDate: utcDate,
      scales: { x: { time: true, range: () => [state.revenueDayStart - HOUR / 2, state.revenueDayStart + DAY - HOUR / 2] } },
      series: [{}, { label: c, stroke: PALETTE[i % PALETTE.length], fill: PALETTE[i % PALETTE.length] + '99',
        paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } }],
      axes: [{}, { size: 60, values: (u, ticks) => ticks.map((v) => COMPACT.format(v)) }],
    }, [hours, values]);
  });
}

function renderAlerts(panel) {
  mark('panel-alerts', panel);
  if (!panel.data) return;
  fillRows($('alerts'), panel.data, (a) => {
    const severity = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = 'sev-' + a.severity;
    badge.textContent = a.severity;
    severity.append(badge);
    const title = cell(a.title);
    title.title = a.summary;
    return [cell(utcTime(a.detectedAt)), severity, cell(a.rule), title];
  });
}

function renderChurn(panel) {
  mark('panel-churn', panel);
  const c = panel.data;
  if (!c) return;
  $('churn-levels').replaceChildren(...Object.entries(c.levels).map(([level, players]) => {
    const div = document.createElement('div');
    div.className = 'level level-' + level;
    div.dataset.level = level;
    const count = document.createElement('b');
    count.textContent = integer(players);
    div.append(count, level);
    return div;
  }));
  fillRows($('churn-top'), c.top, (p) => [
    cell(String(p.userId)), cell(p.probability.toFixed(3), 'num'), cell(p.server), cell(p.platform)]);
}

function renderServers(panel) {
  mark('panel-servers', panel);
  if (!panel.data) return;
  fillRows($('servers'), panel.data, (s) => [
    cell(s.server), cell(integer(s.ccu), 'num'), cell(integer(s.events), 'num'),
    cell(s.p95ResponseMs.toFixed(0), 'num'), cell((s.errorRate * 100).toFixed(2) + '%', 'num')]);
}

function renderJob(panel) {
  mark('panel-job', panel);
  const j = panel.data;
  $('job-state').textContent = j ? j.state : 'unknown';
  $('job-restarts').textContent = j && j.restarts !== null ? integer(j.restarts) : '–';
  $('job-checkpoint-age').textContent =
    j && j.lastCheckpointAgeSeconds !== null ? j.lastCheckpointAgeSeconds + ' s ago' : 'none yet';
}

/** A snapshot is news if it comes from another server process, or is later than the last one from this one. */
function isNews(snapshot) {
  const last = state.snapshot;
  return !last || snapshot.server !== last.server || snapshot.sequence > last.sequence;
}

function render(snapshot) {
  state.snapshot = snapshot;
  state.lastReceived = Date.now();
  renderActivity(snapshot.activity);
  renderDailyPlayers(snapshot.dailyPlayers);
  renderRevenue(snapshot.revenue, snapshot.generatedAt);
  renderAlerts(snapshot.alerts);
  renderChurn(snapshot.churn);
  renderServers(snapshot.servers);
  renderJob(snapshot.job);
  $('updated').textContent = 'updated ' + utcTime(snapshot.generatedAt) + ' UTC';
  state.renders++;
  if (state.firstRenderMs === null) {
    state.firstRenderMs = performance.now();
    document.body.dataset.loaded = 'true';
  }
}

function setConnection(status, text) {
  const c = $('connection');
  c.dataset.state = status;
  c.textContent = text;
}

function connect() {
  const source = new EventSource('/api/stream');
  state.source = source;
  // A new stream first re-sends the server's latest snapshot, which may be one already shown: only
  // a newer one proves the server is still reading.
  source.addEventListener('snapshot', (e) => {
    const snapshot = JSON.parse(e.data);
    if (!isNews(snapshot)) return;
    setConnection('live', 'live');
    render(snapshot);
  });
  source.onerror = () => {
    setConnection('disconnected', 'disconnected: reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(() => state.source === source && connect(), 2000);
    }
  };
}

// A stream can die without an error (a server killed mid-stream): after three missed refreshes the
// page says so, marks every panel stale and opens a new stream.
setInterval(() => {
  const refreshMs = (state.snapshot ? state.snapshot.refreshSeconds : 2) * 1000;
  if (state.lastReceived && Date.now() - state.lastReceived > 3 * refreshMs) {
    const seconds = Math.round((Date.now() - state.lastReceived) / 1000);
    setConnection('disconnected', 'no update for ' + seconds + ' s: reconnecting…');
    document.querySelectorAll('.panel').forEach((p) => {
      p.classList.add('stale');
      p.dataset.stale = 'true';
    });
    if (state.source) state.source.close();
    state.lastReceived = Date.now();
    connect();
  }
}, 1000);

connect();
