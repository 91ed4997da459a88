// Customers: segments (GET /customers/segments), RFM groups (GET /customers/rfm), the churn
// risk list with drivers (GET /customers/churn), a search (GET /customers?q=), and one
// customer's page: profile with CLV, segment, RFM and churn (GET /customers/{id}/profile)
// plus recommendations (GET /recommendations/customer/{id}).
import { ApiError, get, getShared } from '../api';
import { loadCharts } from '../chart-registry';
import { Column, errorBox, facts, h, link, missingNote, notes, panel, table } from '../dom';
import { date, dec1, int, money, num, pct, words } from '../format';

interface Segment {
  segment: number;
  name: string;
  customers: number;
  customer_share: number;
  revenue: number;
  revenue_share: number;
  mean: Record<string, number>;
}
interface Driver { feature: string; value: number | null; contribution: number }
interface ChurnItem {
  customer_id: number;
  name: string | null;
  email: string | null;
  churn_probability: number;
  recency_days: number | null;
  spend: number | null;
  drivers: Driver[];
}

export function renderCustomers(main: HTMLElement): void {
  main.append(
    h('h1', null, 'Customers'),
    panel('Find a customer', fillSearch, { id: 'customer-search', wide: true }),
    panel('Segments', fillSegments, { id: 'segments', wide: true }),
    h('div', { class: 'grid' },
      panel('Churn risk', fillChurn, { id: 'churn' }),
      panel('RFM groups', fillRfm, { id: 'rfm' }),
    ),
  );
}

async function fillSearch(body: HTMLElement): Promise<void> {
  const input = h('input', { id: 'customer-q', type: 'search', placeholder: 'Name, email or external id' });
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form' }, h('label', { for: 'customer-q' }, 'Search'), input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    results.replaceChildren(h('p', { class: 'loading' }, 'Searching…'));
    try {
      const res = await get<{ items: { id: number; name: string; email: string; region: string }[] }>('customers', { q: input.value.trim(), limit: 20 });
      results.replaceChildren(res.items.length
        ? h('ul', { class: 'result-list' }, res.items.map((c) => h('li', null, link(`#/customers/${c.id}`, c.name || `Customer ${c.id}`), ` · ${c.email ?? ''} · ${c.region ?? ''}`)))
        : h('p', null, 'No customer matches.'));
    } catch (e) {
      results.replaceChildren(h('p', { class: 'error' }, String((e as Error).message)));
    }
  });
  body.append(form, results);
}

const PROFILE: [string, string, (v: number) => string][] = [
  ['recency_days', 'Days since last order', dec1],
  ['tenure_days', 'Days as customer', (v) => int(v)],
  ['basket_lines', 'Lines per order', dec1],
  ['discount_share', 'Discounted share', pct],
  ['channel_web_share', 'Web share', pct],
  ['top_category_share', 'Top category share', pct],
];

async function fillSegments(body: HTMLElement): Promise<void> {
  const s = await get<{ segments: Segment[]; customers: number; k: number; caveats: string[]; clustered_on: string[] }>('customers/segments');
  if (!s.segments?.length) {
    body.append(missingNote('No segments: there are too few customers with orders to cluster.'));
    return;
  }
  body.append(h('p', { class: 'muted' }, `${int(s.customers)} customers in ${s.k} segments, clustered on ${s.clustered_on.map(words).join(', ')}.`));
  const cols: Column<Segment>[] = [
    { label: 'Segment', cell: (g) => g.name },
    { label: 'Customers', num: true, cell: (g) => `${int(g.customers)} (${pct(g.customer_share)})` },
    { label: 'Revenue', num: true, cell: (g) => money(g.revenue) },
    { label: 'Revenue share', num: true, cell: (g) => pct(g.revenue_share) },
    ...PROFILE.map(([k, label, f]): Column<Segment> => ({ label, num: true, narrowHide: true, cell: (g) => (g.mean?.[k] !== undefined ? f(g.mean[k]) : '—') })),
  ];
  const chart = h('div', { class: 'chart chart-short', role: 'img', 'aria-label': 'Revenue share by segment' });
  body.append(chart, table(s.segments, cols, { id: 'segments-table', class: 'cards-on-phone' }));
  const n = notes(s.caveats, 'Caveats');
  if (n) body.append(n);
  loadCharts().then(({ barChart }) => barChart(chart, s.segments.map((g) => g.name), s.segments.map((g) => g.revenue_share), (v) => pct(v)));
}

function driversText(ds: Driver[] | null | undefined): string {
  if (!ds?.length) return '—';
  return ds.map((d) => `${words(d.feature)} ${num(d.value)}`).join(', ');
}

async function fillChurn(body: HTMLElement): Promise<void> {
  const c = await get<{ items: ChurnItem[]; evaluation?: Record<string, number | string>; caveats: string[] }>('customers/churn', { limit: 25 });
  if (c.evaluation) {
    body.append(h('p', { class: 'muted' }, `Model AUC ${num(c.evaluation.auc)} on a later window (recency alone: ${num(c.evaluation.recency_only_auc)}); churn = no purchase in 90 days.`));
  }
  if (!c.items.length) {
    body.append(missingNote('No customer could be scored.'));
    return;
  }
  body.append(table(c.items, [
    { label: 'Customer', cell: (i) => link(`#/customers/${i.customer_id}`, i.name || `Customer ${i.customer_id}`) },
    { label: 'Churn risk', num: true, cell: (i) => pct(i.churn_probability) },
    { label: 'Drivers', cell: (i) => driversText(i.drivers) },
  ], { id: 'churn-table', class: 'cards-on-phone' }));
  const n = notes(c.caveats, 'Caveats');
  if (n) body.append(n);
}

async function fillRfm(body: HTMLElement): Promise<void> {
  const r = await get<{ groups: { group: string; customers: number; customer_share: number; revenue_share: number }[] }>('customers/rfm', { limit: 1 });
  if (!r.groups?.length) {
    body.append(missingNote('No RFM groups: no customer with orders.'));
    return;
  }
  body.append(table(r.groups, [
    { label: 'Group', cell: (g) => g.group },
    { label: 'Customers', num: true, cell: (g) => int(g.customers) },
    { label: 'Revenue share', num: true, cell: (g) => pct(g.revenue_share) },
  ], { id: 'rfm-table' }));
}

// ---- one customer ----

interface Profile {
  customer_id: number;
  name: string | null;
  email: string | null;
  external_id: string | null;
  as_of: string;
  rfm: { group: string; r: number; f: number; m: number; recency_days: number; frequency: number; monetary: number } | null;
  segment: { segment: number; name: string } | null;
  lifetime_value: { expected_value: number; expected_purchases: number; expected_spend: number; p_alive: number; horizon_days: number; frequency: number } | null;
  churn: { churn_probability: number; drivers: Driver[]; rank: number; ranked: number; recency_days: number; spend: number; window_days: number } | null;
  unavailable: (string | { field?: string; part?: string; reason: string })[];
  caveats: string[];
}
interface Rec { sku: string; name: string; price: number | null; reason: string; source: string; score: number }

export function renderCustomer(main: HTMLElement, params: string[]): void {
  const id = params[0];
  // An unknown customer: one clear message for the page instead of an error in every panel.
  getShared(`customers/${encodeURIComponent(id)}`).catch((e) => {
    if (e instanceof ApiError && e.status === 404 && main.isConnected) {
      main.replaceChildren(
        h('p', { class: 'crumbs' }, link('#/customers', 'Customers'), ` / ${id}`),
        h('h1', null, `No customer ${id}`),
        h('section', { class: 'panel', id: 'customer-profile', 'data-state': 'error' }, h('div', { class: 'panel-body' }, errorBox(e, 'The server answered'))),
      );
    }
  });
  main.append(
    h('p', { class: 'crumbs' }, link('#/customers', 'Customers'), ` / ${id}`),
    h('h1', { id: 'customer-title' }, `Customer ${id}`),
    h('div', { class: 'grid' },
      panel('Value and risk', (b) => fillProfile(b, id), { id: 'customer-profile' }),
      panel('Recommended products', (b) => fillRecs(b, id), { id: 'customer-recs' }),
    ),
    panel('Recent orders', (b) => fillOrders(b, id), { id: 'customer-orders', wide: true }),
  );
}

async function fillProfile(body: HTMLElement, id: string): Promise<void> {
  const p = await get<Profile>(`customers/${encodeURIComponent(id)}/profile`);
  const title = document.getElementById('customer-title');
  if (title && p.name) title.textContent = p.name;
  const clv = p.lifetime_value;
  const churn = p.churn;
  body.append(facts([
    ['Email', p.email ?? '—'],
    ['External id', p.external_id ?? '—'],
    ['Lifetime value', clv ? h('span', { id: 'clv', class: 'big' }, `${money(clv.expected_value)} over ${int(clv.horizon_days)} days`) : h('span', { class: 'missing' }, 'not computable')],
    ['Expected purchases', clv ? `${num(clv.expected_purchases)} (≈ ${money(clv.expected_spend)} each)` : '—'],
    ['Probability still active', clv ? pct(clv.p_alive) : '—'],
    ['Segment', p.segment ? h('span', { id: 'segment' }, p.segment.name) : h('span', { class: 'missing' }, 'not in a segment')],
    ['RFM group', p.rfm ? `${p.rfm.group} (R${p.rfm.r} F${p.rfm.f} M${p.rfm.m}; ${int(p.rfm.frequency)} orders, ${money(p.rfm.monetary)})` : '—'],
    ['Churn risk', churn ? `${pct(churn.churn_probability)} (rank ${int(churn.rank)} of ${int(churn.ranked)}, no purchase in ${churn.window_days} days)` : '—'],
    ['Churn drivers', churn ? driversText(churn.drivers) : '—'],
    ['Days since last order', churn ? int(churn.recency_days) : p.rfm ? int(p.rfm.recency_days) : '—'],
    ['As of', date(p.as_of)],
  ]));
  for (const n of [notes(p.unavailable, 'Not available'), notes(p.caveats, 'Caveats')]) if (n) body.append(n);
}

async function fillRecs(body: HTMLElement, id: string): Promise<void> {
  const r = await get<{ items: Rec[]; method: string; notes: string[]; stock_checked: boolean }>(`recommendations/customer/${encodeURIComponent(id)}`, { top: 10 });
  body.append(h('p', { class: 'muted' }, `Method: ${r.method}${r.stock_checked ? '' : ' (stock not checked: no stock levels)'}`));
  if (!r.items.length) body.append(missingNote('No recommendation for this customer.'));
  else body.append(table(r.items, [
    { label: 'Product', cell: (i) => [link(`#/products/${encodeURIComponent(i.sku)}`, i.sku), ' ', i.name] },
    { label: 'Price', num: true, cell: (i) => money(i.price) },
    { label: 'Why', cell: (i) => i.reason, narrowHide: true },
  ], { id: 'recs-table' }));
  const n = notes(r.notes, 'Notes');
  if (n) body.append(n);
}

interface Order { id: number; placed_at: string; status: string; channel: string; total: number | null; lines: { sku: string; quantity: number }[] }

/** Orders come oldest first (id order); the last page of up to 1,000 holds the recent ones. */
async function fillOrders(body: HTMLElement, id: string): Promise<void> {
  const r = await get<{ items: Order[]; next_cursor: string | null }>('orders', { customer_id: id, limit: 1000 });
  if (!r.items.length) {
    body.append(missingNote('No order from this customer.'));
    return;
  }
  const recent = r.items.slice(-10).reverse();
  body.append(h('p', { class: 'muted' }, r.next_cursor
    ? `More than 1,000 orders; the API lists oldest first, so these are the latest of the first 1,000:`
    : `${int(r.items.length)} orders; the latest ${recent.length}:`),
    table(recent, [
      { label: 'Order', cell: (o) => `#${o.id}` },
      { label: 'Placed', nowrap: true, cell: (o) => date(o.placed_at) },
      { label: 'Status', cell: (o) => o.status },
      { label: 'Channel', cell: (o) => o.channel, narrowHide: true },
      { label: 'Products', cell: (o) => o.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', '), narrowHide: true },
      { label: 'Total', num: true, cell: (o) => money(o.total) },
    ], { id: 'orders-table' }));
}
