// Reorder plan: GET /inventory/reorder-plan as a paged, filterable table (a 10,000-product
// plan renders one page of rows at a time), the ABC/XYZ matrix of GET /inventory/abc, and
// the draft purchase orders (GET /purchase-orders?status=draft) with Approve for write keys.
import { canWrite, get, getShared, post } from '../api';
import { badge, button, Column, errorBox, h, link, missingNote, notes, panel, table } from '../dom';
import { byNumDesc, byText, pagedTable } from '../paged';
import { date, dec2, int, money, pct } from '../format';

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
    panel('Products by ABC / XYZ class', fillClasses, { id: 'classes', wide: true }),
  );
}

/**
 * The ABC list waits for the plan: on a large catalogue both are big answers that the server
 * compresses (Brotli) on the same few cores, and the plan is what the page is for.
 */
const afterPlan = () => getShared<Plan>('inventory/reorder-plan').then(() => undefined, () => undefined);

async function fillPlan(body: HTMLElement): Promise<void> {
  const t0 = performance.now();
  const plan = await getShared<Plan>('inventory/reorder-plan');
  for (const l of plan.lines) productNames.set(l.product_id, { sku: l.sku, name: l.name });
  body.append(h('p', { class: 'muted' },
    `Plan for ${date(plan.date)}: ${int(plan.lines.length)} products to order out of ${int(plan.products_reviewed)} reviewed${plan.lines.length ? `, total ${money(plan.total_cost)}` : ''}` +
    `${plan.lines_without_cost ? ` (${int(plan.lines_without_cost)} lines without a known cost are not in the total)` : ''}; forecaster ${plan.forecast_method}.`));
  // What the unplanned products lack, counted by input (e.g. "supplier_id: 2,788 products").
  const lacking = new Map<string, number>();
  for (const u of plan.unplanned) {
    const f = (u.field || 'other').replace(/^.*\./, '');
    lacking.set(f, (lacking.get(f) ?? 0) + 1);
  }
  const summary = [...lacking].map(([f, n]) => `${int(n)} products lack ${f.replace(/_id$/, '').replace(/_/g, ' ')}`);
  for (const n of [notes(plan.caveats, 'Caveats'), notes(summary, 'What the plan lacks'), notes(plan.unplanned, `Not planned (${int(plan.unplanned.length)})`)]) if (n) body.append(n);
  if (!plan.lines.length) {
    body.append(missingNote(plan.unplanned.length
      ? 'Nothing could be planned: every product reviewed lacks an input listed above (an imported shop has no suppliers or stock ledger until they are imported).'
      : 'Nothing to order now.'));
    return;
  }
  body.append(pagedTable(plan.lines, COLUMNS, {
    id: 'plan-table',
    filterLabel: 'Filter by SKU, name or supplier',
    text: (l) => `${l.sku} ${l.name ?? ''} ${l.supplier ?? ''}`,
    sorts: [
      { label: 'Order-by date', compare: byText((l) => l.order_by) },
      { label: 'Stock-out date', compare: byText((l) => l.stockout_date) },
      { label: 'Cost (highest first)', compare: byNumDesc((l) => l.cost) },
      { label: 'SKU', compare: byText((l) => l.sku) },
    ],
  }));
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

async function fillMatrix(body: HTMLElement): Promise<void> {
  await afterPlan();
  const abc = await getShared<Abc>('inventory/abc');
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

interface AbcItem { sku: string; name: string | null; category: string | null; class: string; abc: string; xyz: string; revenue: number | null; revenue_share: number | null; cv: number | null }
interface Abc { matrix: Record<string, number>; items: AbcItem[]; caveats?: string[] }

/** Every product's class (10,000 rows on a large catalogue): paged like the plan. */
async function fillClasses(body: HTMLElement): Promise<void> {
  await afterPlan();
  const abc = await getShared<Abc>('inventory/abc');
  if (!abc.items.length) {
    body.append(missingNote('No product has sales history to classify.'));
    return;
  }
  body.append(pagedTable(abc.items, [
    { label: 'Product', cell: (i) => [link(`#/products/${encodeURIComponent(i.sku)}`, i.sku), ' ', h('span', { class: 'muted' }, i.name ?? '')] },
    { label: 'Category', cell: (i) => i.category ?? '—', narrowHide: true },
    { label: 'Class', cell: (i) => i.class },
    { label: 'Revenue', num: true, cell: (i) => money(i.revenue) },
    { label: 'Share', num: true, cell: (i) => pct(i.revenue_share) },
    { label: 'Demand CV', num: true, cell: (i) => dec2(i.cv), narrowHide: true },
  ], {
    id: 'class-table',
    filterLabel: 'Filter by SKU, name, category or class',
    text: (i) => `${i.sku} ${i.name ?? ''} ${i.category ?? ''} class:${i.class}`,
    sorts: [
      { label: 'Revenue (highest first)', compare: byNumDesc((i) => i.revenue) },
      { label: 'Class', compare: byText((i) => i.class) },
      { label: 'SKU', compare: byText((i) => i.sku) },
    ],
  }));
  body.append(h('p', { class: 'muted' }, 'Tip: filter with class:AX (or AY, BZ, …) to list one cell of the matrix.'));
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

