// Overview: the KPIs of GET /kpis (this week/month/quarter vs the previous period and the
// same period last year, with sparklines) and the store totals of GET /stats.
import { get } from '../api';
import { sparkline } from '../sparkline';
import { button, facts, h, missingNote, notes, panel } from '../dom';
import { byUnit, change, date, int, money, signedPct } from '../format';

interface Kpi {
  key: string;
  label: string;
  unit: string;
  value: number | null;
  previous: number | null;
  last_year: number | null;
  spark: { day: string; value: number | null }[] | null;
  missing: string | null;
  /** A level at as_of (inventory value, stock-outs, open alerts): no comparison, no trend. */
  point_in_time?: boolean;
}
interface Range { from: string; to: string }
interface KpiAnswer {
  as_of: string;
  period: string;
  current: Range;
  previous: Range;
  last_year: Range;
  kpis: Kpi[];
  caveats: string[];
}
interface Stats {
  revenue: number | null;
  orders: number | null;
  customers: number | null;
  products: number | null;
  suppliers: number | null;
  stock_levels: number | null;
  first_order_at: string | null;
  last_order_at: string | null;
  backend: string;
}

const PERIODS: [string, string][] = [['week', 'Week'], ['month', 'Month'], ['quarter', 'Quarter'], ['year', 'Year']];
let period = 'week';

export function renderOverview(main: HTMLElement): void {
  const switcher = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' });
  const kpiPanel = h('div', { class: 'kpi-slot' });
  const draw = () => {
    for (const b of switcher.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.period === period));
    kpiPanel.replaceChildren(panel('Key figures', fillKpis, { wide: true, id: 'kpis' }));
  };
  for (const [p, label] of PERIODS) {
    switcher.append(button(label, () => { period = p; draw(); }, { 'data-period': p }));
  }
  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Overview'), switcher),
    kpiPanel,
    h('div', { class: 'grid' }, panel('Store totals', fillStats, { id: 'stats' })),
  );
  draw();
}

async function fillKpis(body: HTMLElement): Promise<void> {
  const a = await get<KpiAnswer>('kpis', { period });
  const cmp = (r: Range | undefined) => (r ? `${date(r.from)} – ${date(r.to)}` : '');
  body.append(
    h('p', { class: 'muted' },
      `${period[0].toUpperCase()}${period.slice(1)} to ${date(a.as_of)} (${cmp(a.current)}), compared with ${cmp(a.previous)} and last year ${cmp(a.last_year)}.`),
    h('div', { class: 'kpis' }, a.kpis.map(kpiCard)),
  );
  const n = notes(a.caveats, 'Caveats');
  if (n) body.append(n);
}

function kpiCard(k: Kpi): HTMLElement {
  const value = h('p', { class: 'kpi-value', 'data-kpi': k.key }, byUnit(k.unit, k.value));
  const card = h('article', { class: 'kpi', 'aria-label': k.label }, h('h3', null, k.label), value);
  if (k.value === null || k.value === undefined) {
    card.append(missingNote(k.missing || 'Not available from this data.'));
    return card;
  }
  if (k.point_in_time) {
    card.append(h('p', { class: 'kpi-compare muted' }, 'level on the last day; no comparison'));
  } else {
    card.append(
      h('p', { class: 'kpi-compare' }, delta('vs previous', k.value, k.previous, k.unit, k.key), delta('vs last year', k.value, k.last_year, k.unit, k.key)),
      sparkline((k.spark ?? []).map((p) => p.value), `${k.label}, daily trend`),
    );
  }
  if (k.missing) card.append(missingNote(k.missing));
  return card;
}

// For these a rise is bad news, so it is coloured as a fall would be.
const LOWER_IS_BETTER = new Set(['stockouts', 'open_alerts']);

function delta(label: string, now: number, before: number | null, unit: string, key: string): HTMLElement {
  const c = change(now, before);
  const good = c === null || c === 0 ? null : (c > 0) !== LOWER_IS_BETTER.has(key);
  const cls = good === null ? 'flat' : good ? 'up' : 'down';
  const title = `${label}: ${byUnit(unit, before)}`;
  return h('span', { class: `delta ${cls}`, title }, `${label} ${c === null ? (before === null ? 'n/a' : byUnit(unit, before)) : signedPct(c)}`);
}

async function fillStats(body: HTMLElement): Promise<void> {
  const s = await get<Stats>('stats');
  body.append(
    facts([
      ['Revenue (all time)', h('span', { 'data-stat': 'revenue' }, money(s.revenue))],
      ['Orders', h('span', { 'data-stat': 'orders' }, int(s.orders))],
      ['Customers', int(s.customers)],
      ['Products', int(s.products)],
      ['Suppliers', s.suppliers === 0 ? 'none recorded' : int(s.suppliers)],
      ['Stock levels', s.stock_levels === 0 ? 'no stock ledger' : int(s.stock_levels)],
      ['First order', date(s.first_order_at)],
      ['Last order', date(s.last_order_at)],
      ['Store', s.backend],
    ]),
  );
  if (s.suppliers === 0 || s.stock_levels === 0) {
    const lacks = notes([
      s.suppliers === 0 ? 'No suppliers are recorded: the reorder plan cannot say whom to order from.' : '',
      s.stock_levels === 0 ? 'No stock ledger: inventory value, turnover, fill rate and stock-outs cannot be computed.' : '',
    ].filter(Boolean), 'What this data lacks');
    if (lacks) body.append(lacks);
  }
}
