// Development only: answers for endpoints the server does not offer yet (GET /kpis, the
// /alerts routes), shaped as issue 17 specifies, so their panels can be looked at before the
// server side lands. Used by dev-server.mjs with OIIS_DEV_STUBS=1 and only when the real
// server answers 404 for the route. Figures are made up and marked as such in the caveats.
const days = (n, end) => Array.from({ length: n }, (_, i) => {
  const d = new Date(Date.parse(end) - (n - 1 - i) * 86400000);
  return d.toISOString().slice(0, 10);
});

export function stubKpis(url) {
  const period = url.searchParams.get('period') || 'week';
  const asOf = url.searchParams.get('as_of') || '2026-12-05';
  const n = { week: 7, month: 30, quarter: 91 }[period] || 7;
  const spark = (base) => days(n, asOf).map((day, i) => ({ day, value: base * (1 + 0.2 * Math.sin(i / 2)) }));
  const range = (endOffset) => {
    const to = new Date(Date.parse(asOf) - endOffset * 86400000);
    return { from: new Date(to - (n - 1) * 86400000).toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  };
  const k = (key, label, unit, value, previous, lastYear, missing = null) =>
    ({ key, label, unit, value, previous, last_year: lastYear, spark: value === null ? [] : spark(value / n), missing });
  return {
    as_of: asOf, period, current: range(0), previous: range(n), last_year: range(364),
    kpis: [
      k('revenue', 'Revenue', 'money', 123456.78 * n / 7, 120000 * n / 7, null, null),
      k('orders', 'Orders', 'count', 500 * n / 7, 480 * n / 7, null),
      k('average_order_value', 'Average order value', 'money', 246.91, 250.0, null),
      k('units', 'Units sold', 'count', 1400 * n / 7, 1300 * n / 7, null),
      k('inventory_value', 'Inventory value', 'money', 456789.01, 440000, null),
      k('turnover', 'Inventory turnover', 'per_year', 8.2, 7.9, null),
      k('fill_rate', 'Fill rate', 'ratio', 0.963, 0.951, null),
      k('stockouts', 'Stock-outs', 'count', null, null, null, 'no stock ledger in this store (dev stub)'),
      k('open_alerts', 'Open alerts', 'count', 7, 5, null),
    ],
    caveats: ['DEV STUB: made-up figures from web/tools/dev-stubs.mjs, not from the store', 'last year: the store has less than a year of history'],
  };
}

const alerts = [
  { id: 1, type: 'fraud', severity: 'high', title: 'Order 123: unusual basket for a new customer', detail: 'Three high-value electronics on a first order, shipped to a new address.', score: 0.93, reasons: [{ code: 'new_customer', text: 'first order of this customer' }, { code: 'basket_value', text: 'basket value 9x the median' }], check: 'fraud.isolation_forest', record: { kind: 'order', id: 123 } },
  { id: 2, type: 'shrinkage', severity: 'medium', title: 'SKU-000001: stock count 8 below the ledger', detail: null, score: 0.71, reasons: [{ code: 'count_gap', text: 'count 4 vs ledger 12' }], check: 'shrinkage.count_gap', record: { kind: 'product', id: 1, sku: 'SKU-000001' } },
  { id: 3, type: 'supplier', severity: 'low', title: 'Harbor Imports 3: lead time up 40%', detail: null, score: null, reasons: [], check: 'supplier.lead_time', record: { kind: 'supplier', id: 3 } },
].map((a) => ({ ...a, status: 'open', created_at: '2026-12-05T10:00:00Z', updated_at: '2026-12-05T10:00:00Z', note: null }));

export function stubAlerts(method, url, body) {
  const m = url.pathname.match(/^\/api\/v1\/alerts(?:\/(\d+|scan))?(?:\/(acknowledge|resolve))?$/);
  if (!m) return null;
  const counts = () => Object.fromEntries(['open', 'acknowledged', 'resolved'].map((s) => [s, alerts.filter((a) => a.status === s).length]));
  if (method === 'GET' && !m[1]) {
    const status = url.searchParams.get('status');
    const type = url.searchParams.get('type');
    return { items: alerts.filter((a) => (!status || a.status === status) && (!type || a.type === type)), next_cursor: null, counts: counts() };
  }
  if (method === 'POST' && m[1] === 'scan') return { created: 0, counts: counts() };
  const a = alerts.find((x) => String(x.id) === m[1]);
  if (!a) return { status: 404, body: { error: { code: 'not_found', message: `no alert ${m[1]}`, field: 'id' } } };
  if (method === 'POST' && m[2]) {
    a.status = m[2] === 'acknowledge' ? 'acknowledged' : 'resolved';
    a.note = body?.note ?? a.note;
    a.updated_at = new Date().toISOString();
  }
  return a;
}
