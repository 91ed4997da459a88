// One assistant answer on screen: its text with the [n] markers as buttons that open their
// citation, its tables (CSV download), its charts (drawn from the agents' specifications with
// the dashboard's ECharts), caveats, proposed actions, and the Markdown export. Text from the
// answer only ever becomes text nodes.
import { canWrite, get } from './api';
import type { ChatAnswer, ChatTable, PendingApproval } from './chat-api';
import { citationDetail, linkEntities } from './chat-citations';
import { answerMarkdown, copyText, download, slug, tableCsv } from './chat-export';
import { loadCharts } from './chart-registry';
import { button, errorBox, h, notes } from './dom';
import { int, num, words } from './format';

const MARKER = /\[(\d+)\]/g;
/** Rows shown before "Show all" (the side panel is narrow; reorder answers have 150+ lines). */
const ROWS_SHOWN = 8;

/** Paragraphs of the answer, each with its citation markers as toggle buttons. */
function answerText(a: ChatAnswer, slot: HTMLElement): HTMLElement {
  const box = h('div', { class: 'answer-text' });
  for (const para of a.answer.split(/\n{2,}/)) {
    const p = h('p');
    let last = 0;
    for (const m of para.matchAll(MARKER)) {
      const at = m.index ?? 0;
      if (at > last) p.append(...linkEntities(para.slice(last, at)));
      p.append(citeButton(a, Number(m[1]), slot));
      last = at + m[0].length;
    }
    if (last < para.length) p.append(...linkEntities(para.slice(last)));
    box.append(p);
  }
  return box;
}

function citeButton(a: ChatAnswer, n: number, slot: HTMLElement): HTMLButtonElement {
  const b = button(`[${n}]`, () => {
    const open = b.getAttribute('aria-expanded') === 'true';
    // One citation open at a time per answer: the slot shows the last one asked for.
    for (const other of slot.closest('.chat-answer')?.querySelectorAll('button.cite[aria-expanded="true"]') ?? []) {
      other.setAttribute('aria-expanded', 'false');
    }
    if (open) {
      slot.replaceChildren();
      return;
    }
    b.setAttribute('aria-expanded', 'true');
    slot.replaceChildren(a.citations
      ? citationDetail(a.citations.find((c) => c.id === n) ?? a.citations[n - 1], n)
      : h('div', { class: 'cite-detail', 'data-cite': n }, h('p', { class: 'missing' },
          'The server keeps only the text of past turns, not their sources: ask the question again to see this source.')));
  }, { class: 'cite', 'data-cite': n, 'aria-expanded': 'false', 'aria-label': `Source ${n}` });
  return b;
}

function cell(v: unknown, column: string): HTMLElement | string | (Node | string)[] {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? words(x) : String(x))).join(', ');
  if (typeof v === 'number') {
    if (/probability|share|rate/.test(column) && Math.abs(v) <= 1) return `${(v * 100).toFixed(1)}%`;
    return Number.isInteger(v) ? int(v) : Math.abs(v) >= 1 ? v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : num(v);
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return linkEntities(String(v));
}

function answerTable(t: ChatTable, index: number): HTMLElement {
  const numeric = t.columns.map((_, i) => t.rows.some((r) => typeof r[i] === 'number'));
  const rowEl = (r: unknown[]) => h('tr', null, r.map((v, i) => h('td', { class: numeric[i] ? 'num' : null, 'data-label': words(t.columns[i]) }, cell(v, t.columns[i]))));
  const tbody = h('tbody', null, t.rows.slice(0, ROWS_SHOWN).map(rowEl));
  const title = t.title ?? `Table ${index + 1}`;
  const csv = button('Download CSV', () => download(`${slug(t.title, `table-${index + 1}`)}.csv`, tableCsv(t), 'text/csv'),
    { class: 'secondary csv', 'aria-label': `Download ${title} as CSV` });
  const more = t.rows.length > ROWS_SHOWN
    ? button(`Show all ${t.rows.length} rows`, () => {
        tbody.append(...t.rows.slice(ROWS_SHOWN).map(rowEl));
        more?.remove();
      }, { class: 'secondary show-all' })
    : null;
  return h('figure', { class: 'chat-table', 'data-rows': t.rows.length },
    h('figcaption', null, h('span', null, title, ` (${t.rows.length} rows)`), csv),
    h('div', { class: 'table-wrap' }, h('table', { class: 'cards-on-phone' },
      h('thead', null, h('tr', null, t.columns.map((c, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, words(c))))),
      tbody)),
    more);
}

function answerCharts(a: ChatAnswer): HTMLElement[] {
  return (a.charts ?? []).map((spec, i) => {
    const el = h('div', { class: 'chat-chart', role: 'img', 'aria-label': spec.title ?? `Chart ${i + 1}` });
    // Drawn once the element is in the document (ECharts measures its container).
    requestAnimationFrame(() => {
      loadCharts().then(({ answerChart }) => answerChart(el, spec)).catch((e) => el.replaceChildren(errorBox(e, 'Could not draw the chart')));
    });
    return h('figure', { class: 'chat-figure' }, h('figcaption', null, spec.title ?? 'Chart'), el);
  });
}

/** A person's change to one line of the draft: its new quantity, 0 drops the line. */
export interface LineChange { id: number; quantity: number }
export type DecideFn = (approve: boolean, box: HTMLElement, lines?: LineChange[]) => void;

/** What the graph waits for: the write described; approve / edit / reject for write keys. */
export function approvalBlock(p: PendingApproval, onDecide: DecideFn): HTMLElement {
  const action = p.action ?? { type: 'unknown', description: '' };
  const box = h('section', { class: 'approval', 'aria-label': 'Waiting for approval' },
    h('h3', null, 'Waiting for a decision'),
    h('p', null, p.question),
    h('p', { class: 'muted' }, 'What will be written: ', h('code', null, action.tool ?? action.type),
      action.args ? [' with ', h('code', null, JSON.stringify(action.args))] : null));
  const editable = canWrite() && Array.isArray(action.lines) && action.lines.every((l) => typeof l.line_id === 'number');
  const editor = editable ? lineEditor(action.lines as DraftLine[]) : null;
  const poId = typeof action.args?.purchase_order_id === 'number' ? action.args.purchase_order_id : null;
  if (editor) box.append(editor.element);
  else if (poId !== null) box.append(purchaseOrderPreview(poId));
  if (canWrite()) {
    const approve = button('Approve', () => onDecide(true, box, editor?.changes()), { class: 'approve-chat', 'data-decision': 'approve' });
    const reject = button('Reject', () => onDecide(false, box), { class: 'secondary reject-chat', 'data-decision': 'reject' });
    // An edited draft is approved "with changes": the button says so before it is pressed.
    editor?.onChange((n) => { approve.textContent = n ? `Approve with ${n} change${n > 1 ? 's' : ''}` : 'Approve'; });
    box.append(h('div', { class: 'approval-actions' }, approve, reject));
  } else {
    box.append(h('p', { class: 'notes read-only-note' }, 'Your key is read-only: you can see this request, but only a write key can approve or reject it.'));
  }
  return box;
}

interface DraftLine { line_id: number; sku: string; name: string; quantity: number; unit_cost: number | null }

/** The draft's lines with a quantity field each; changes() lists the lines whose quantity moved. */
function lineEditor(lines: DraftLine[]): { element: HTMLElement; changes: () => LineChange[]; onChange: (fn: (n: number) => void) => void } {
  const inputs = lines.map((l) => {
    const input = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', class: 'line-quantity',
      'data-line': String(l.line_id), 'aria-label': `Quantity of ${l.sku} ${l.name}`, value: String(l.quantity) }) as HTMLInputElement;
    return { line: l, input };
  });
  const total = h('p', { class: 'muted draft-total' });
  const changes = (): LineChange[] => inputs
    .map(({ line, input }) => ({ id: line.line_id, quantity: Math.max(0, Math.round(Number(input.value))) }))
    .filter((c, i) => Number.isFinite(c.quantity) && c.quantity !== inputs[i].line.quantity);
  const listeners: ((n: number) => void)[] = [];
  const refresh = () => {
    const units = inputs.reduce((s, { input }) => s + Math.max(0, Math.round(Number(input.value) || 0)), 0);
    const cost = inputs.reduce((s, { line, input }) => s + Math.max(0, Number(input.value) || 0) * (line.unit_cost ?? 0), 0);
    total.textContent = `${int(units)} units, ${cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} at the draft's unit costs · 0 drops a line`;
    for (const fn of listeners) fn(changes().length);
  };
  for (const { input } of inputs) input.addEventListener('input', refresh);
  const element = h('div', { class: 'draft-lines' },
    h('table', { class: 'data' },
      h('thead', null, h('tr', null, h('th', null, 'SKU'), h('th', null, 'Product'), h('th', null, 'Quantity'), h('th', null, 'Unit cost'))),
      h('tbody', null, inputs.map(({ line, input }) => h('tr', null,
        h('td', null, line.sku), h('td', null, line.name), h('td', null, input),
        h('td', null, line.unit_cost !== null ? num(line.unit_cost) : '–'))))),
    total);
  refresh();
  return { element, changes, onChange: (fn) => { listeners.push(fn); } };
}

interface PurchaseOrder {
  id: number;
  status: string;
  supplier_id: number | null;
  lines: { product_id: number; quantity: number; unit_cost: number | null }[];
}

/** The purchase order the approval would move from draft to ordered, line by line. */
function purchaseOrderPreview(id: number): HTMLElement {
  const box = h('div', { class: 'po-preview' }, h('p', { class: 'loading', role: 'status' }, `Loading purchase order ${id}…`));
  get<PurchaseOrder>(`purchase-orders/${id}`).then((po) => {
    const total = po.lines.every((l) => l.unit_cost !== null) ? po.lines.reduce((s, l) => s + l.quantity * (l.unit_cost as number), 0) : null;
    box.replaceChildren(
      h('p', null, `Purchase order ${po.id}: status `, h('strong', null, po.status), ' → ', h('strong', null, 'ordered'),
        ` · ${po.lines.length} lines, ${int(po.lines.reduce((s, l) => s + l.quantity, 0))} units`,
        total !== null ? `, ${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : ''),
      h('details', null, h('summary', null, 'Lines'), h('ul', null, po.lines.map((l) =>
        h('li', null, `product ${l.product_id} × ${int(l.quantity)}`, l.unit_cost !== null ? ` at ${num(l.unit_cost)}` : ''))))); 
  }, (e) => box.replaceChildren(errorBox(e, `Could not load purchase order ${id}`)));
  return box;
}

export interface AnswerOptions {
  question: string | null;
  /** Called with the decision; resolves when the resumed answer is shown. */
  onDecide?: DecideFn;
}

/** The whole answer: text, citation slot, tables, charts, notes, actions, approval, export. */
export function renderAnswer(a: ChatAnswer, opts: AnswerOptions): HTMLElement {
  const slot = h('div', { class: 'cite-slot', 'aria-live': 'polite' });
  const copied = h('span', { class: 'muted copy-status', role: 'status' });
  const md = () => answerMarkdown(opts.question, a);
  const tools = h('div', { class: 'answer-tools' },
    button('Copy as Markdown', async () => {
      copied.textContent = (await copyText(md())) ? 'Copied.' : 'Copying was refused by the browser: use Download.';
    }, { class: 'secondary copy-md' }),
    button('Download .md', () => download(`answer-${slug(a.thread, 'chat')}.md`, md(), 'text/markdown'), { class: 'secondary download-md' }),
    copied);
  const el = h('div', { class: 'chat-answer', 'data-agent': a.agent, 'data-state': 'done' },
    answerText(a, slot),
    slot,
    (a.tables ?? []).map(answerTable),
    answerCharts(a),
    notes(a.caveats, 'Caveats'),
    a.actions?.length
      ? h('div', { class: 'proposed' }, h('strong', null, 'Proposed actions'), h('ul', null, a.actions.map((x) =>
          h('li', null, x.description, x.requires_approval ? h('span', { class: 'muted' }, ' (needs approval; not run from the chat)') : null))))
      : null,
    a.pending_approval && opts.onDecide ? approvalBlock(a.pending_approval, opts.onDecide) : null,
    tools);
  return el;
}
