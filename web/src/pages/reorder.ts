// Reorder plan: GET /inventory/reorder-plan as a paged, filterable table (a 10,000-product
// plan renders one page of rows at a time), the ABC/XYZ matrix of GET /inventory/abc, and
// the draft purchase orders (GET /purchase-orders?status=draft) with Approve for write keys.
import { canWrite, get, post } from '../api';
import { badge, button, cls, Column, errorBox, h, link, missingNote, notes, panel, row, table } from '../dom';
import { date, int, money } from '../format';

interface PlanLine {
  sku: string;
  name: string | null;
  product_id: number;
  supplier: string | null;
  supplier_id: number | null;
  quantity: number | null;
  order_by: string | null;
  stockout_date: string | null;
  cost: number | null;
  unit_cost: number | null;
  on_hand: number | null;
  on_order: number | null;
  reason: string;
  abc?: string;
  missing: (string | { field: string; reason: string })[];
}
interface Plan {
  date: string;
  lines: PlanLine[];
  drafts: unknown[];
  total_cost: number | null;
  products_reviewed: number;
  lines_without_cost: number;
  unplanned: { sku: string; name: string; field: string; reason: string }[];
  caveats: string[];
  forecast_method: string;
}
interface PurchaseOrder {
  id: number;
  supplier_id: number | null;
  status: string;
  created_at: string;
  expected_at: string | null;
  lines: { product_id: number; quantity: number; unit_cost: number | null }[];
}

// Fewer rows per page on a phone, where each row is a stacked card.
export const PAGE_SIZE = window.matchMedia('(max-width: 760px)').matches ? 20 : 50;
// Product names for draft lines (purchase orders carry product ids only), filled by the plan.
const productNames = new Map<number, { sku: string; name: string | null }>();

export function renderReorder(main: HTMLElement): void {
  main.append(
    h('h1', null, 'Reorder plan'),
    panel('What to order now', fillPlan, { id: 'plan', wide: true }),
    h('div', { class: 'grid' },
      panel('ABC / XYZ matrix', fillMatrix, { id: 'abc' }),
      panel('Draft purchase orders', fillDrafts, { id: 'drafts' }),
    ),
  );
}

async function fillPlan(body: HTMLElement): Promise<void> {
  const t0 = performance.now();
  const plan = await get<Plan>('inventory/reorder-plan');
  for (const l of plan.lines) productNames.set(l.product_id, { sku: l.sku, name: l.name });
  body.append(h('p', { class: 'muted' },
    `Plan for ${date(plan.date)}: ${int(plan.lines.length)} products to order out of ${int(plan.products_reviewed)} reviewed, total ${money(plan.total_cost)}` +
    `${plan.lines_without_cost ? ` (${int(plan.lines_without_cost)} lines without a known cost are not in the total)` : ''}; forecaster ${plan.forecast_method}.`));
  for (const n of [notes(plan.caveats, 'Caveats'), notes(plan.unplanned, `Not planned (${plan.unplanned.length})`)]) if (n) body.append(n);
  if (!plan.lines.length) {
    body.append(missingNote('Nothing to order now.'));
    return;
  }
  body.append(pagedTable(plan.lines));
  performance.measure('reorder-table', { start: t0 });
}

const COLUMNS: Column<PlanLine>[] = [
  { label: 'Product', cell: (l) => [link(`#/products/${encodeURIComponent(l.sku)}`, l.sku), h('br'), h('span', { class: 'muted' }, l.name ?? 'unnamed')] },
  { label: 'Supplier', cell: (l) => l.supplier ?? h('span', { class: 'missing' }, 'no supplier') },
  { label: 'Quantity', num: true, cell: (l) => int(l.quantity) },
  { label: 'Order by', nowrap: true, cell: (l) => date(l.order_by) },
  { label: 'Stock-out', nowrap: true, cell: (l) => l.stockout_date ? date(l.stockout_date) : h('span', { class: 'muted' }, 'none expected') },
  { label: 'Cost', num: true, cell: (l) => l.cost === null ? h('span', { class: 'missing' }, 'unknown cost') : money(l.cost) },
  { label: 'ABC', cell: (l) => l.abc ?? '—', narrowHide: true },
  { label: 'Reason', wide: true, cell: (l) => [l.reason, ...(l.missing?.length ? [h('br'), h('span', { class: 'missing' }, `Missing: ${l.missing.map((m) => typeof m === 'string' ? m : `${m.field}: ${m.reason}`).join('; ')}`)] : [])] },
];

/** Filter + sort + pages: only PAGE_SIZE rows are ever in the DOM. */
function pagedTable(all: PlanLine[]): HTMLElement {
  let page = 0;
  let rows = all;
  const filter = h('input', { id: 'plan-filter', type: 'search', placeholder: 'Filter by SKU, name or supplier' });
  const sort = h('select', { id: 'plan-sort' },
    h('option', { value: 'order_by' }, 'Order-by date'),
    h('option', { value: 'stockout' }, 'Stock-out date'),
    h('option', { value: 'cost' }, 'Cost (highest first)'),
    h('option', { value: 'sku' }, 'SKU'),
  );
  const tbody = h('tbody');
  const status = h('span', { class: 'pager-status', 'aria-live': 'polite' });
  const prev = button('‹ Previous', () => show(page - 1), { class: 'pager-prev' });
  const next = button('Next ›', () => show(page + 1), { class: 'pager-next' });
  const show = (p: number) => {
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    page = Math.min(Math.max(0, p), pages - 1);
    tbody.replaceChildren(...rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((r) => row(r, COLUMNS)));
    status.textContent = rows.length
      ? `Rows ${int(page * PAGE_SIZE + 1)}–${int(Math.min(rows.length, (page + 1) * PAGE_SIZE))} of ${int(rows.length)} (page ${page + 1} of ${pages})`
      : 'No line matches the filter.';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  const refilter = () => {
    const q = filter.value.trim().toLowerCase();
    rows = q ? all.filter((l) => `${l.sku} ${l.name ?? ''} ${l.supplier ?? ''}`.toLowerCase().includes(q)) : all.slice();
    const by = sort.value;
    const str = (s: string | null) => s ?? '9999';
    rows.sort((a, b) =>
      by === 'cost' ? (b.cost ?? -1) - (a.cost ?? -1)
        : by === 'sku' ? a.sku.localeCompare(b.sku)
          : by === 'stockout' ? str(a.stockout_date).localeCompare(str(b.stockout_date))
            : str(a.order_by).localeCompare(str(b.order_by)));
    show(0);
  };
  filter.addEventListener('input', refilter);
  sort.addEventListener('change', refilter);
  const head = h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col', class: cls(c) }, c.label)));
  refilter();
  return h('div', { class: 'paged' },
    h('div', { class: 'table-tools' },
      h('label', { for: 'plan-filter', class: 'sr-only' }, 'Filter'), filter,
      h('label', { for: 'plan-sort' }, 'Sort'), sort),
    h('div', { class: 'table-wrap' }, h('table', { id: 'plan-table', class: 'cards-on-phone' }, h('thead', null, head), tbody)),
    h('div', { class: 'pager' }, prev, status, next),
  );
}

async function fillMatrix(body: HTMLElement): Promise<void> {
  const abc = await get<{ matrix: Record<string, number>; items: unknown[]; caveats?: string[] }>('inventory/abc');
  const m = abc.matrix ?? {};
  const total = Object.values(m).reduce((s, v) => s + v, 0);
  const cell = (k: string) => h('td', { class: `num matrix-${k}` }, int(m[k] ?? 0));
  body.append(
    h('div', { class: 'table-wrap' }, h('table', { class: 'matrix', id: 'abc-matrix' },
      h('caption', { class: 'muted' }, `${int(total)} products: ABC by revenue share, XYZ by demand variability`),
      h('thead', null, h('tr', null, h('td'), ['X (steady)', 'Y (variable)', 'Z (erratic)'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, ['A', 'B', 'C'].map((a) => h('tr', null, h('th', { scope: 'row' }, a), ['X', 'Y', 'Z'].map((x) => cell(a + x))))),
    )),
  );
  const n = notes(abc.caveats, 'Caveats');
  if (n) body.append(n);
}

async function fillDrafts(body: HTMLElement, reload: () => void): Promise<void> {
  const [pos, suppliers] = await Promise.all([
    get<{ items: PurchaseOrder[]; next_cursor: string | null }>('purchase-orders', { status: 'draft', limit: 100 }),
    get<{ items: { id: number; name: string }[] }>('suppliers', { limit: 1000 }),
  ]);
  const supplierName = new Map(suppliers.items.map((s) => [s.id, s.name]));
  const write = canWrite();
  if (write) {
    body.append(button('Create drafts from the plan', async (ev) => {
      const b = ev.currentTarget as HTMLButtonElement;
      b.disabled = true;
      try {
        await post('inventory/reorder-plan/drafts');
        reload();
      } catch (e) {
        b.disabled = false;
        b.after(errorBox(e, 'Could not create drafts'));
      }
    }, { id: 'make-drafts' }));
  } else {
    body.append(h('p', { class: 'muted' }, 'Your key is read-only: drafts can be viewed, not approved.'));
  }
  if (!pos.items.length) {
    body.append(missingNote('No draft purchase orders. Drafts are made from the plan (a write key can create them here).'));
    return;
  }
  const cols: Column<PurchaseOrder>[] = [
    { label: 'PO', cell: (p) => `#${p.id}` },
    { label: 'Supplier', cell: (p) => (p.supplier_id !== null ? supplierName.get(p.supplier_id) ?? `supplier ${p.supplier_id}` : 'none') },
    { label: 'Lines', cell: (p) => h('details', null, h('summary', null, `${p.lines.length} products`),
      h('ul', null, p.lines.map((l) => {
        const n = productNames.get(l.product_id);
        return h('li', null, n ? `${n.sku} ${n.name ?? ''}` : `product ${l.product_id}`, ` × ${int(l.quantity)}`);
      }))) },
    { label: 'Cost', num: true, cell: (p) => {
      const known = p.lines.every((l) => l.unit_cost !== null);
      return known ? money(p.lines.reduce((s, l) => s + l.quantity * (l.unit_cost as number), 0)) : 'unknown';
    } },
    { label: 'Status', cell: (p) => badge(p.status, 'status') },
    ...(write ? [{ label: 'Action', cell: (p: PurchaseOrder) => approveButton(p) }] : []),
  ];
  body.append(table(pos.items, cols, { id: 'drafts-table', class: 'cards-on-phone' }));
  if (pos.next_cursor) body.append(h('p', { class: 'muted' }, 'More than 100 drafts: the oldest 100 are listed.'));
}

function approveButton(p: PurchaseOrder): HTMLElement {
  const slot = h('span');
  const b = button(`Approve #${p.id}`, async () => {
    b.disabled = true;
    try {
      const res = await post<PurchaseOrder>(`purchase-orders/${p.id}/approve`);
      const tr = b.closest('tr');
      tr?.querySelector('.status')?.replaceWith(badge(res.status, 'status ok'));
      slot.replaceChildren(h('span', { class: 'ok', role: 'status' }, `Approved: now ${res.status}`));
    } catch (e) {
      b.disabled = false;
      slot.append(errorBox(e, 'Approval failed'));
    }
  }, { class: 'approve', 'data-po': p.id, 'aria-label': `Approve purchase order ${p.id}` });
  slot.append(b);
  return slot;
}

