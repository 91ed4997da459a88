// What stands behind an answer's [n] marker: citations[n-1] holds the tool, its arguments and
// its sources (the SQL with its values, the model and version, a service, a knowledge-base
// passage). This module draws one citation, links it to the dashboard page that shows the same
// thing (a product, a customer, a report), and turns SKUs and customer references in the
// answer's text and tables into links. Everything is text nodes: answers quote documents.
import { get } from './api';
import { kbSearch, type ChatCitation, type ChatSource } from './chat-api';
import { errorBox, h, link } from './dom';

const SKU = /^SKU-\d+$/;
const CUSTOMER_REF = /^CUST-\d+$/;
/** Product SKUs and customer references as the agents write them in text and tables. */
export const ENTITY = /\b(SKU-\d{3,}|CUST-\d{3,})\b/g;

export function productLink(sku: string): HTMLAnchorElement {
  return link(`#/products/${encodeURIComponent(sku)}`, sku, { class: 'entity', 'data-sku': sku });
}

/**
 * A customer is named by its external reference (CUST-000420); the page wants the numeric id,
 * so the link looks it up when followed (GET /customers?q=, exact external_id match).
 */
export function customerLink(ref: string): HTMLAnchorElement {
  const a = link('#/customers', ref, { class: 'entity', 'data-customer-ref': ref });
  a.addEventListener('click', async (ev) => {
    ev.preventDefault();
    try {
      const found = await get<{ items: { id: number; external_id: string | null }[] }>('customers', { q: ref, limit: 5 });
      const hit = found.items.find((c) => c.external_id === ref) ?? (found.items.length === 1 ? found.items[0] : undefined);
      location.hash = hit ? `#/customers/${hit.id}` : `#/customers`;
    } catch {
      location.hash = '#/customers';
    }
  });
  return a;
}

export function entityLink(token: string): HTMLElement | string {
  if (SKU.test(token)) return productLink(token);
  if (CUSTOMER_REF.test(token)) return customerLink(token);
  return token;
}

/** Text with SKUs and customer references made into links (as nodes; nothing is parsed as HTML). */
export function linkEntities(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of text.matchAll(ENTITY)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(entityLink(m[1]));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The dashboard page that shows what a tool computed ("open the report"). */
function reportFor(c: ChatCitation): [string, string] | null {
  const sku = typeof c.args?.sku === 'string' ? c.args.sku : null;
  const customerId = typeof c.args?.customer_id === 'number' ? c.args.customer_id : null;
  switch (c.tool) {
    case 'reorder_plan':
    case 'inventory_summary':
    case 'purchase_order':
    case 'approve_purchase_order':
    case 'open_purchase_orders':
      return ['#/reorder', 'Reorder plan and drafts'];
    case 'demand_forecast':
      return sku ? [`#/forecasts/sku/${encodeURIComponent(sku)}`, `Forecast of ${sku}`] : ['#/forecasts', 'Forecasts'];
    case 'stock_status':
    case 'pricing_advice':
    case 'product_sales':
    case 'product_supplier':
      return sku ? [`#/products/${encodeURIComponent(sku)}`, `Product ${sku}`] : ['#/products', 'Products'];
    case 'customer_profile':
    case 'customer_recommendations':
      return customerId !== null ? [`#/customers/${customerId}`, `Customer ${customerId}`] : ['#/customers', 'Customers'];
    case 'churn_risk':
    case 'customer_segments':
    case 'lapsed_customers':
    case 'top_customers':
      return ['#/customers', 'Customers: segments and churn risk'];
    case 'sales_summary':
    case 'revenue_by_month':
    case 'order_status_counts':
      return ['#/overview', 'Overview KPIs'];
    case 'top_products':
    case 'top_categories':
      return ['#/products', 'Products: best sellers'];
    case 'price_anomalies':
    case 'order_risk_scan':
    case 'supplier_performance':
      return ['#/alerts', 'Alerts'];
    default:
      return null;
  }
}

function argsLine(args: Record<string, unknown>): HTMLElement | null {
  const entries = Object.entries(args ?? {});
  if (!entries.length) return null;
  const parts: (Node | string)[] = ['Arguments: '];
  entries.forEach(([k, v], i) => {
    parts.push(i ? ', ' : '', h('code', null, k), ' = ');
    if (typeof v === 'string') parts.push(...linkEntities(v));
    else parts.push(JSON.stringify(v));
  });
  return h('p', { class: 'cite-args' }, parts);
}

function paramsText(p: unknown): string | null {
  if (p === undefined || p === null) return null;
  if (Array.isArray(p) && !p.length) return null;
  if (typeof p === 'object' && !Array.isArray(p) && !Object.keys(p as object).length) return null;
  return JSON.stringify(p, null, Array.isArray(p) ? 0 : 1);
}

/** SQL values that are Unix times (the store keeps seconds) read as dates beside them. */
function timesNote(p: unknown): string {
  if (!Array.isArray(p)) return '';
  const days = p.filter((v): v is number => typeof v === 'number' && v >= 946684800 && v <= 4102444800 && v % 60 === 0)
    .map((v) => new Date(v * 1000).toISOString().replace('T00:00:00.000Z', '').replace(/:00\.000Z$/, ' UTC').replace('T', ' '));
  return days.length ? ` (times: ${days.join(', ')})` : '';
}

function sourceBlock(s: ChatSource, c: ChatCitation): HTMLElement {
  const params = paramsText(s.params);
  switch (s.kind) {
    case 'sql':
      return h('div', { class: 'cite-source', 'data-kind': 'sql' },
        h('strong', null, 'SQL'),
        h('pre', { class: 'sql' }, s.detail),
        params ? h('p', null, 'Values: ', h('code', null, params), timesNote(s.params)) : null);
    case 'document':
      return documentBlock(s, c);
    case 'model':
      return h('div', { class: 'cite-source', 'data-kind': 'model' },
        h('strong', null, 'Model: '), s.detail, ' ', link('#/models', 'registry'),
        params ? h('details', null, h('summary', null, 'Parameters'), h('pre', null, params)) : null);
    default:
      return h('div', { class: 'cite-source', 'data-kind': s.kind },
        h('strong', null, `${s.kind}: `), s.detail,
        params ? h('details', null, h('summary', null, 'Parameters'), h('pre', null, params)) : null);
  }
}

/**
 * A knowledge-base passage: the citation names the document and the passage's offsets; the
 * passage text comes from GET /kb/search on that document, shown among the document's other
 * matching passages (in document order) with the cited one highlighted.
 */
function documentBlock(s: ChatSource, c: ChatCitation): HTMLElement {
  const p = (s.params ?? {}) as { doc?: string; begin?: number; end?: number };
  const box = h('div', { class: 'cite-source', 'data-kind': 'document' },
    h('strong', null, 'Knowledge base: '), s.detail);
  const passages = h('div', { class: 'kb-passages' }, h('p', { class: 'loading', role: 'status' }, 'Loading the passage…'));
  box.append(passages);
  if (!p.doc) {
    passages.replaceChildren(h('p', { class: 'missing' }, 'The citation does not name its document.'));
    return box;
  }
  const query = typeof c.args?.query === 'string' && c.args.query ? c.args.query : s.detail;
  kbSearch(query, p.doc).then((r) => {
    const same = r.results.filter((x) => x.doc === p.doc).sort((a, b) => a.begin - b.begin);
    const cited = same.find((x) => x.begin === p.begin && x.end === p.end);
    if (!cited) {
      passages.replaceChildren(h('p', { class: 'missing' },
        `The passage (characters ${p.begin}–${p.end} of ${p.doc}) is not among the document's passages the search returns now; the document may have changed.`));
      return;
    }
    passages.replaceChildren(...same.map((x) => x === cited
      ? h('blockquote', { class: 'kb-passage cited' }, h('mark', null, x.text))
      : h('blockquote', { class: 'kb-passage' }, x.text)));
    // Scrolls the passage list only, not the page: the cited passage at the top of the box.
    const citedEl = passages.querySelector<HTMLElement>('.cited');
    if (citedEl) passages.scrollTop += citedEl.getBoundingClientRect().top - passages.getBoundingClientRect().top;
  }, (e) => passages.replaceChildren(errorBox(e, 'Could not load the passage')));
  return box;
}

/** The expandable block for citations[n-1]. */
export function citationDetail(c: ChatCitation | undefined, n: number): HTMLElement {
  if (!c) {
    return h('div', { class: 'cite-detail', 'data-cite': n },
      h('p', { class: 'missing' }, `The answer cites [${n}] but carries no such citation.`));
  }
  const report = reportFor(c);
  const hasModel = c.sources.some((s) => s.kind === 'model');
  return h('div', { class: 'cite-detail', 'data-cite': n, role: 'region', 'aria-label': `Source ${n}` },
    h('p', { class: 'cite-head' }, h('strong', null, `[${n}] ${c.tool.replace(/_/g, ' ')}`),
      report ? [' · ', link(report[0], `Open: ${report[1]}`, { class: 'cite-report' })] : null,
      hasModel && !report ? [' · ', link('#/models', 'Open: Models')] : null),
    argsLine(c.args),
    c.sources.length ? c.sources.map((s) => sourceBlock(s, c)) : h('p', { class: 'missing' }, 'This tool returned no source (nothing was found).'),
  );
}
