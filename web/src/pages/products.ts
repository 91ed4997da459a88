// Products: a search (GET /products?q=) and the best sellers (GET /inventory/abc); a product's
// page: the product (GET /products/{sku}), stock (GET /stock/{sku}), forecast (GET
// /forecast/{sku}), bought-together and similar products (GET /recommendations/product/{sku}
// and /upsell), price history (GET /products/{sku}/price-history) and elasticity (its line
// of GET /inventory/pricing, which has no per-product filter).
import { ApiError, get, getShared } from '../api';
import { loadCharts } from '../chart-registry';
import { Column, errorBox, facts, h, link, missingNote, notes, panel, table } from '../dom';
import { date, dec2, int, money, num, pct } from '../format';

interface Product {
  sku: string; name: string; category: string | null; brand: string | null; price: number | null;
  cost: number | null; supplier_id: number | null; active: boolean; description: string | null; pack_size: number | null;
}
interface Partner { sku: string; name: string; price: number | null; reason: string; source: string; lift?: number; count?: number; similarity?: number }

export function renderProducts(main: HTMLElement): void {
  main.append(
    h('h1', null, 'Products'),
    panel('Find a product', fillSearch, { id: 'product-search', wide: true }),
    panel('Best sellers (last year)', fillTop, { id: 'top-products', wide: true }),
  );
}

async function fillSearch(body: HTMLElement): Promise<void> {
  const input = h('input', { id: 'product-q', type: 'search', placeholder: 'SKU or part of the name' });
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form' }, h('label', { for: 'product-q' }, 'Search'), input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    results.replaceChildren(h('p', { class: 'loading' }, 'Searching…'));
    try {
      const res = await get<{ items: Product[] }>('products', { q: input.value.trim(), limit: 25 });
      results.replaceChildren(res.items.length
        ? h('ul', { class: 'result-list' }, res.items.map((p) => h('li', null, link(`#/products/${encodeURIComponent(p.sku)}`, p.sku), ` ${p.name} · ${money(p.price)}`)))
        : h('p', null, 'No product matches.'));
    } catch (e) {
      results.replaceChildren(h('p', { class: 'error' }, String((e as Error).message)));
    }
  });
  body.append(form, results);
}

async function fillTop(body: HTMLElement): Promise<void> {
  const abc = await getShared<{ items: { sku: string; name: string; category: string; revenue: number; revenue_share: number; class: string }[] }>('inventory/abc');
  body.append(table(abc.items.slice(0, 20), [
    { label: 'Product', cell: (i) => [link(`#/products/${encodeURIComponent(i.sku)}`, i.sku), ' ', i.name] },
    { label: 'Category', cell: (i) => i.category, narrowHide: true },
    { label: 'Revenue', num: true, cell: (i) => money(i.revenue) },
    { label: 'Share', num: true, cell: (i) => pct(i.revenue_share) },
    { label: 'Class', cell: (i) => i.class },
  ], { id: 'top-table' }));
}

export function renderProduct(main: HTMLElement, params: string[]): void {
  const sku = decodeURIComponent(params[0]);
  // An unknown SKU: one clear message for the page instead of an error in every panel.
  getShared<Product>(`products/${encodeURIComponent(sku)}`).catch((e) => {
    if (e instanceof ApiError && e.status === 404 && main.isConnected) {
      main.replaceChildren(
        h('p', { class: 'crumbs' }, link('#/products', 'Products'), ` / ${sku}`),
        h('h1', null, `No product ${sku}`),
        h('section', { class: 'panel', id: 'product', 'data-state': 'error' }, h('div', { class: 'panel-body' }, errorBox(e, 'The server answered'))),
      );
    }
  });
  main.append(
    h('p', { class: 'crumbs' }, link('#/products', 'Products'), ` / ${sku}`),
    h('h1', { id: 'product-title' }, sku),
    h('div', { class: 'grid' },
      panel('Product', (b) => fillProduct(b, sku), { id: 'product' }),
      panel('Stock', (b) => fillStock(b, sku), { id: 'product-stock' }),
    ),
    panel('Demand forecast', (b) => fillForecast(b, sku), { id: 'product-forecast', wide: true }),
    h('div', { class: 'grid' },
      panel('Frequently bought together', (b) => fillTogether(b, sku), { id: 'together' }),
      panel('Similar and dearer alternatives', (b) => fillSimilar(b, sku), { id: 'similar' }),
    ),
    h('div', { class: 'grid' },
      panel('Price history', (b) => fillPrices(b, sku), { id: 'prices' }),
      panel('Price elasticity', (b) => fillElasticity(b, sku), { id: 'elasticity' }),
    ),
  );
}

async function fillProduct(body: HTMLElement, sku: string): Promise<void> {
  const p = await getShared<Product>(`products/${encodeURIComponent(sku)}`);
  const title = document.getElementById('product-title');
  if (title) title.textContent = `${p.name} (${p.sku})`;
  body.append(facts([
    ['Category', p.category || '—'],
    ['Brand', p.brand || '—'],
    ['Price', money(p.price)],
    // An imported shop stores an unknown cost as 0 (the pricing analysis calls it unknown).
    ['Unit cost', !p.cost ? h('span', { class: 'missing' }, 'not recorded') : money(p.cost)],
    ['Margin', p.cost && p.price ? pct((p.price - p.cost) / p.price) : h('span', { class: 'missing' }, 'unknown without a cost')],
    ['Supplier', p.supplier_id === null ? h('span', { class: 'missing' }, 'none recorded') : `#${p.supplier_id}`],
    ['Active', p.active ? 'yes' : 'no'],
    ['Forecast', link(`#/forecasts/sku/${encodeURIComponent(p.sku)}`, 'open in Forecasts')],
  ]));
  if (p.description) body.append(h('p', { class: 'muted' }, p.description));
}

async function fillStock(body: HTMLElement, sku: string): Promise<void> {
  const s = await get<{ on_hand: number; available: number; levels: { location_id: number; on_hand: number; available: number; reserved: number; on_order: number }[] }>(`stock/${encodeURIComponent(sku)}`);
  if (!s.levels?.length) {
    body.append(missingNote('No stock level is recorded for this product (a store without a stock ledger).'));
    return;
  }
  body.append(facts([['On hand', h('span', { class: 'big' }, int(s.on_hand))], ['Available', int(s.available)], ['On order', int(s.levels.reduce((t, l) => t + (l.on_order ?? 0), 0))]]));
  if (s.levels.length > 1) {
    body.append(table(s.levels, [
      { label: 'Location', cell: (l) => `#${l.location_id}` },
      { label: 'On hand', num: true, cell: (l) => int(l.on_hand) },
      { label: 'Available', num: true, cell: (l) => int(l.available) },
      { label: 'On order', num: true, cell: (l) => int(l.on_order) },
    ]));
  }
}

async function fillForecast(body: HTMLElement, sku: string): Promise<void> {
  const fc = await get<{ model: string; period_start: string[]; mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[]; caveats?: string[]; note?: string }>(`forecast/${encodeURIComponent(sku)}`, { level: 'weekly', horizon: 13 });
  const total = fc.mean.reduce((s, v) => s + (v ?? 0), 0);
  const chart = h('div', { class: 'chart chart-short', role: 'img', 'aria-label': `Weekly forecast of ${sku}` });
  body.append(h('p', null, `Model ${fc.model}: about ${num(total)} units over the next 13 weeks.`), chart);
  for (const n of [notes(fc.caveats, 'Caveats'), notes(fc.note ? [fc.note] : [], 'Notes')]) if (n) body.append(n);
  loadCharts().then(({ forecastChart }) => forecastChart(chart, [], { dates: fc.period_start, mean: fc.mean, lo80: fc.lo80, hi80: fc.hi80, lo95: fc.lo95, hi95: fc.hi95 }, 'units/week'));
}

const partnerCols: Column<Partner>[] = [
  { label: 'Product', cell: (p) => [link(`#/products/${encodeURIComponent(p.sku)}`, p.sku), ' ', p.name] },
  { label: 'Price', num: true, cell: (p) => money(p.price) },
  { label: 'Why', cell: (p) => p.reason },
];

async function fillTogether(body: HTMLElement, sku: string): Promise<void> {
  const r = await get<{ partners: Partner[]; method: string; notes: string[]; baskets?: number }>(`recommendations/product/${encodeURIComponent(sku)}`, { top: 5 });
  const together = r.partners.filter((p) => p.source === 'bought_together');
  if (together.length) body.append(table(together, partnerCols, { id: 'together-table' }));
  else body.append(missingNote('No product is bought with this one often enough (at least 5 orders together).'));
  const similar = r.partners.filter((p) => p.source !== 'bought_together');
  if (similar.length) body.append(h('h3', null, 'Filled with similar products'), table(similar, partnerCols));
  const n = notes(r.notes, 'Notes');
  if (n) body.append(n);
}

async function fillSimilar(body: HTMLElement, sku: string): Promise<void> {
  const r = await get<{ items: Partner[]; notes: string[] }>(`recommendations/product/${encodeURIComponent(sku)}/upsell`, { top: 5 });
  if (r.items.length) body.append(table(r.items, partnerCols, { id: 'similar-table' }));
  else body.append(missingNote('No similar, dearer product in the same category.'));
  const n = notes(r.notes, 'Notes');
  if (n) body.append(n);
}

async function fillPrices(body: HTMLElement, sku: string): Promise<void> {
  const r = await get<{ items: { at: string; old_price: number; new_price: number; reason: string }[] }>(`products/${encodeURIComponent(sku)}/price-history`);
  if (!r.items.length) {
    body.append(missingNote('No price change is recorded for this product.'));
    return;
  }
  const dates = [date(r.items[0].at), ...r.items.map((c) => date(c.at))];
  const values = [r.items[0].old_price, ...r.items.map((c) => c.new_price)];
  const chart = h('div', { class: 'chart chart-short', role: 'img', 'aria-label': 'Price history' });
  body.append(chart, h('details', null, h('summary', null, `${r.items.length} price changes`),
    table(r.items.slice().reverse(), [
      { label: 'Date', cell: (c) => date(c.at) },
      { label: 'Price', num: true, cell: (c) => `${money(c.old_price)} → ${money(c.new_price)}` },
      { label: 'Reason', cell: (c) => c.reason.replace(/_/g, ' ') },
    ])));
  loadCharts().then(({ lineChart }) => lineChart(chart, dates, values, 'Price', true));
}

async function fillElasticity(body: HTMLElement, sku: string): Promise<void> {
  const r = await get<{ items: { sku: string; elasticity: number | null; raw_elasticity: number | null; std_error: number | null; recommended_price: number | null; markdown_price: number | null; reason: string; missing: string[]; price: number; observations: number }[]; caveats: string[] }>('inventory/pricing');
  const it = r.items.find((i) => i.sku === sku);
  if (!it) {
    body.append(missingNote('The pricing analysis does not cover this product.'));
    return;
  }
  body.append(facts([
    ['Elasticity (shrunk to category)', dec2(it.elasticity)],
    ['Own estimate', it.raw_elasticity === null ? h('span', { class: 'missing' }, 'not identified') : `${dec2(it.raw_elasticity)} ± ${dec2(it.std_error)}`],
    ['Observations (days)', int(it.observations)],
    ['Recommended price', it.recommended_price === null ? h('span', { class: 'missing' }, 'none') : `${money(it.recommended_price)} (now ${money(it.price)})`],
    ['Markdown', it.markdown_price === null ? 'none' : money(it.markdown_price)],
  ]), h('p', null, it.reason));
  const n = notes(it.missing, 'Missing');
  if (n) body.append(n);
}
