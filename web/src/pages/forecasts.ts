// Forecasts: one product (GET /forecast/{sku}) or one category (GET /forecast/category/{name})
// with its 80/95 % intervals. A product's answer carries the series the model saw (`history`)
// and the model's accuracy on the series' own last periods (`accuracy`); a category's carries
// neither, so its recent sales are read from the stock ledger (GET /stock/movements?type=sale).
// The registry's forecast family (GET /models?family=forecast) gives the fleet-wide backtest.
import { get, getShared } from '../api';
import { loadCharts } from '../chart-registry';
import { button, facts, h, link, missingNote, notes, panel } from '../dom';
import { date, int, num, words } from '../format';

interface Forecast {
  model?: string;
  params?: Record<string, unknown>;
  note?: string;
  caveats?: string[];
  data_date?: string;
  level: string;
  horizon: number;
  censored_periods?: number;
  period_start: string[];
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  reconciliation?: string;
  shrinkage?: number;
  children?: { name: string; mean: number[] }[];
  name?: string;
  sku?: string;
  history?: { period_start: string; value: number | null }[];
  accuracy?: { available: boolean; reason?: string; held_out_periods?: number; from?: string;
               wape?: number | null; naive_wape?: number | null; mae?: number | null };
  product_id?: number;
}
interface AbcItem { sku: string; name: string; category: string; revenue: number; product_id: number }
interface Movement { at: string; quantity: number }
interface ModelVersion { family: string; version: string | number; stage?: string; metrics?: Record<string, unknown> }

let level: 'daily' | 'weekly' = 'daily';

export function renderForecasts(main: HTMLElement, params: string[]): void {
  const [kind, rawName] = params;
  const name = rawName ? decodeURIComponent(rawName) : '';
  main.append(h('h1', null, 'Forecasts'));
  const pickerSlot = panel('Choose a product or category', (body) => fillPicker(body, kind, name), { id: 'forecast-picker', wide: true });
  main.append(pickerSlot);
  if (!kind) {
    main.append(h('p', { class: 'muted' }, 'Pick a product or a category above; the best-selling product is shown by default.'));
  }
  const chartSlot = h('div');
  main.append(chartSlot);
  const draw = (k: string, n: string) => {
    chartSlot.replaceChildren(
      panel(`${k === 'category' ? 'Category' : 'Product'} ${n}: ${level} demand`, (body) => fillForecast(body, k, n), { id: 'forecast', wide: true }),
      h('div', { class: 'grid' }, panel('Model accuracy (registry)', fillRegistry, { id: 'forecast-accuracy' })),
    );
  };
  if (kind) draw(kind, name);
  else {
    // Default to the best-selling product so the page shows a chart at once.
    getShared<{ items: AbcItem[] }>('inventory/abc').then(
      (abc) => {
        if (abc.items.length) draw('sku', abc.items[0].sku);
        else chartSlot.replaceChildren(missingNote('No product has sales history yet, so there is nothing to forecast.'));
      },
      // The picker panel shows the error; nothing is drawn until a product is chosen.
      () => undefined,
    );
  }
}

async function fillPicker(body: HTMLElement, kind: string, name: string): Promise<void> {
  const abc = await getShared<{ items: AbcItem[] }>('inventory/abc');
  const cats = [...new Set(abc.items.map((i) => i.category).filter(Boolean))].sort();
  const list = h('datalist', { id: 'sku-list' }, abc.items.slice(0, 200).map((i) => h('option', { value: i.sku }, i.name)));
  const skuInput = h('input', { id: 'fc-sku', list: 'sku-list', value: kind === 'sku' ? name : '', placeholder: 'SKU, e.g. SKU-000001' });
  const catSelect = h('select', { id: 'fc-cat' }, h('option', { value: '' }, 'Choose…'), cats.map((c) => h('option', { value: c, selected: kind === 'category' && c === name }, c)));
  const levelSelect = h('select', { id: 'fc-level' }, ['daily', 'weekly'].map((l) => h('option', { value: l, selected: l === level }, l)));
  const skuForm = h('form', { class: 'inline-form' }, h('label', { for: 'fc-sku' }, 'Product'), skuInput, list, h('button', { type: 'submit' }, 'Show'));
  skuForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = skuInput.value.trim();
    if (v) location.hash = `#/forecasts/sku/${encodeURIComponent(v)}`;
  });
  catSelect.addEventListener('change', () => {
    if (catSelect.value) location.hash = `#/forecasts/category/${encodeURIComponent(catSelect.value)}`;
  });
  levelSelect.addEventListener('change', () => {
    level = levelSelect.value as typeof level;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  body.append(h('div', { class: 'pickers' },
    skuForm,
    h('div', { class: 'inline-form' }, h('label', { for: 'fc-cat' }, 'Category'), catSelect),
    h('div', { class: 'inline-form' }, h('label', { for: 'fc-level' }, 'Level'), levelSelect),
  ));
}

async function fillForecast(body: HTMLElement, kind: string, name: string): Promise<void> {
  const path = kind === 'category' ? `forecast/category/${encodeURIComponent(name)}` : `forecast/${encodeURIComponent(name)}`;
  const fc = await get<Forecast>(path, { level });
  const unit = level === 'daily' ? 'units/day' : 'units/week';
  let history: { date: string; value: number }[] = [];
  let historyNote = '';
  if (fc.history?.length) {
    // Stock-out periods (null) are gaps: demand there is unknown, not zero.
    history = fc.history.filter((p) => p.value !== null).map((p) => ({ date: p.period_start, value: p.value as number }));
    historyNote = 'History: the demand the model saw (stock-out periods left out).';
  } else if (kind === 'sku' && fc.product_id !== undefined) {
    const res = await salesHistory(fc.product_id, fc.period_start[0], level);
    history = res.points;
    historyNote = res.note;
  } else {
    historyNote = 'The category forecast answer carries no history; only the forecast is drawn.';
  }
  const chartEl = h('div', { class: 'chart', id: 'forecast-chart', role: 'img', 'aria-label': `Forecast of ${name} with 80 and 95 % intervals` });
  const total = fc.mean.reduce((s, v) => s + (v ?? 0), 0);
  body.append(
    facts([
      ['Model', h('span', { class: 'model-name' }, fc.model || 'not named by the API')],
      ['Horizon', `${int(fc.horizon)} ${level === 'daily' ? 'days' : 'weeks'} from ${date(fc.period_start[0])}`],
      ['Expected demand over the horizon', `${num(total)} units`],
      ['Data up to', date(fc.data_date)],
      ...(fc.accuracy ? [['Accuracy on its own last periods', accuracyText(fc.accuracy, level)] as [string, string]] : []),
      ...(fc.censored_periods !== undefined ? [['Stock-out periods censored', int(fc.censored_periods)] as [string, string]] : []),
      ...(fc.reconciliation ? [['Reconciliation', `${fc.reconciliation}${fc.shrinkage !== undefined ? `, shrinkage ${num(fc.shrinkage)}` : ''}`] as [string, string]] : []),
      ...(kind === 'sku' ? [['Product page', link(`#/products/${encodeURIComponent(name)}`, name)] as [string, HTMLElement]] : []),
    ]),
    chartEl,
  );
  const extra = [fc.note, historyNote].filter((s): s is string => Boolean(s));
  const n1 = notes(fc.caveats, 'Caveats');
  const n2 = notes(extra, 'Notes');
  if (n1) body.append(n1);
  if (n2) body.append(n2);
  if (fc.params && Object.keys(fc.params).length) {
    body.append(h('details', null, h('summary', null, 'Model parameters'),
      facts(Object.entries(fc.params).map(([k, v]) => [words(k), typeof v === 'number' ? num(v) : JSON.stringify(v)]))));
  }
  if (fc.children?.length) {
    const sums = fc.children.map((c) => ({ name: c.name, total: c.mean.reduce((s, v) => s + (v ?? 0), 0) }))
      .sort((a, b) => b.total - a.total).slice(0, 10);
    body.append(h('details', null, h('summary', null, `Largest parts (${fc.children.length})`),
      h('ul', null, sums.map((c) => h('li', null, kind === 'category' ? link(`#/forecasts/sku/${encodeURIComponent(c.name)}`, c.name) : c.name, `: ${num(c.total)} units`)))));
  }
  // Drawn once the chart chunk is in and the element is in the document (ECharts measures it).
  const { forecastChart } = await loadCharts();
  await new Promise((r) => requestAnimationFrame(r));
  forecastChart(chartEl, history, {
    dates: fc.period_start, mean: fc.mean, lo80: fc.lo80, hi80: fc.hi80, lo95: fc.lo95, hi95: fc.hi95,
  }, unit);
}

function accuracyText(a: NonNullable<Forecast['accuracy']>, lvl: string): string {
  if (!a.available) return `not measured: ${a.reason ?? 'no reason given'}`;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${num(v * 100)} %`);
  return `WAPE ${pct(a.wape)} over ${int(a.held_out_periods ?? 0)} ${lvl === 'daily' ? 'days' : 'weeks'} from ${date(a.from)} ` +
    `(naive forecast: ${pct(a.naive_wape)}; one backtest, fitted without those periods)`;
}

/** Recent sales per day/week from the ledger: 8 weeks daily or 26 weeks weekly, at most 8 pages. */
async function salesHistory(productId: number, firstForecast: string, lvl: string): Promise<{ points: { date: string; value: number }[]; note: string }> {
  const days = lvl === 'daily' ? 56 : 182;
  const end = new Date(`${firstForecast}T00:00:00Z`);
  const start = new Date(end.getTime() - days * 86400000);
  const buckets = new Map<string, number>();
  const key = (d: Date) => {
    const b = lvl === 'daily' ? d : new Date(end.getTime() - Math.ceil((end.getTime() - d.getTime()) / (7 * 86400000)) * 7 * 86400000);
    return b.toISOString().slice(0, 10);
  };
  for (let t = start.getTime(); t < end.getTime(); t += (lvl === 'daily' ? 1 : 7) * 86400000) buckets.set(key(new Date(t)), 0);
  let cursor: string | null = null;
  let pages = 0;
  let truncated = false;
  let seen = 0;
  do {
    const page: { items: Movement[]; next_cursor: string | null } = await get('stock/movements', {
      product_id: productId, type: 'sale', from: start.toISOString(), to: end.toISOString(), limit: 1000, cursor,
    });
    for (const m of page.items) {
      const k = key(new Date(m.at));
      if (buckets.has(k)) buckets.set(k, (buckets.get(k) ?? 0) - m.quantity);
      seen++;
    }
    cursor = page.next_cursor;
    if (++pages >= 8 && cursor) { truncated = true; break; }
  } while (cursor);
  const points = [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([d, value]) => ({ date: d, value }));
  if (seen === 0) return { points: [], note: 'No sales in the stock ledger for this period (a store without a stock ledger has none): history is not drawn.' };
  return { points, note: `History: sales from the stock ledger, last ${days} days${truncated ? ' (partial: more than 8,000 sales)' : ''}.` };
}

async function fillRegistry(body: HTMLElement): Promise<void> {
  const res = await get<{ items: ModelVersion[] }>('models', { family: 'forecast' });
  if (!res.items.length) {
    body.append(missingNote('No forecast model is registered yet, so there is no backtest accuracy to show (an admin can train one: POST /api/v1/models/forecast/train).'));
    return;
  }
  const prod = res.items.find((v) => v.stage === 'production') ?? res.items[0];
  body.append(h('p', null, `Version ${prod.version} (${prod.stage ?? 'no stage'})`));
  // metrics = {test, validation, train, promotion_metric, inputs}; inputs are drift bins.
  const m = (prod.metrics ?? {}) as Record<string, unknown>;
  const pairs = flatten({ test: m.test ?? {}, validation: m.validation ?? {} }).slice(0, 16);
  body.append(pairs.length ? facts(pairs) : missingNote('The registry entry carries no metrics.'));
  body.append(button('All versions', () => { location.hash = '#/models'; }));
}

export function flatten(o: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(o)) {
    const name = prefix ? `${prefix} ${words(k)}` : words(k);
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, name));
    else out.push([name, typeof v === 'number' ? num(v) : v === null ? 'unknown' : String(v)]);
  }
  return out;
}
