// A filterable, sortable table that keeps only one page of rows in the DOM, so a plan or a
// class list of 10,000 products renders and pages as fast as one of 50.
import { button, cls, Column, h, row } from './dom';
import { int } from './format';

export interface PagedOptions<T> {
  id: string;
  /** Text a row is found by when filtering (lower-cased here). */
  text: (r: T) => string;
  sorts: { label: string; compare: (a: T, b: T) => number }[];
  filterLabel: string;
  pageSize?: number;
}

// Fewer rows per page on a phone, where each row is a stacked card.
export const PAGE_SIZE = window.matchMedia('(max-width: 760px)').matches ? 20 : 50;

export function pagedTable<T>(all: T[], cols: Column<T>[], opts: PagedOptions<T>): HTMLElement {
  const size = opts.pageSize ?? PAGE_SIZE;
  const haystack = all.map((r) => opts.text(r).toLowerCase());
  let page = 0;
  let rows = all;
  const filter = h('input', { id: `${opts.id}-filter`, type: 'search', placeholder: opts.filterLabel, 'aria-label': opts.filterLabel });
  const sort = h('select', { id: `${opts.id}-sort` }, opts.sorts.map((s, i) => h('option', { value: i }, s.label)));
  const tbody = h('tbody');
  const status = h('span', { class: 'pager-status', 'aria-live': 'polite' });
  const prev = button('‹ Previous', () => show(page - 1), { class: 'pager-prev', 'aria-controls': opts.id });
  const next = button('Next ›', () => show(page + 1), { class: 'pager-next', 'aria-controls': opts.id });
  const show = (p: number) => {
    const pages = Math.max(1, Math.ceil(rows.length / size));
    page = Math.min(Math.max(0, p), pages - 1);
    tbody.replaceChildren(...rows.slice(page * size, (page + 1) * size).map((r) => row(r, cols)));
    status.textContent = rows.length
      ? `Rows ${int(page * size + 1)}–${int(Math.min(rows.length, (page + 1) * size))} of ${int(rows.length)} (page ${page + 1} of ${int(pages)})`
      : 'No row matches the filter.';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  const refilter = () => {
    const q = filter.value.trim().toLowerCase();
    rows = q ? all.filter((_, i) => haystack[i].includes(q)) : all.slice();
    const s = opts.sorts[Number(sort.value)] ?? opts.sorts[0];
    if (s) rows.sort(s.compare);
    show(0);
  };
  filter.addEventListener('input', refilter);
  sort.addEventListener('change', refilter);
  refilter();
  const head = h('tr', null, cols.map((c) => h('th', { scope: 'col', class: cls(c) }, c.label)));
  return h('div', { class: 'paged', 'data-rows': all.length },
    h('div', { class: 'table-tools' }, filter, h('label', { for: `${opts.id}-sort` }, 'Sort'), sort),
    h('div', { class: 'table-wrap' }, h('table', { id: opts.id, class: 'cards-on-phone' }, h('thead', null, head), tbody)),
    h('div', { class: 'pager' }, prev, status, next),
  );
}

/** Compare helpers: nulls last. */
export const byText = <T>(f: (r: T) => string | null) => (a: T, b: T) => (f(a) ?? '\uffff').localeCompare(f(b) ?? '\uffff');
export const byNumDesc = <T>(f: (r: T) => number | null) => (a: T, b: T) => (f(b) ?? -Infinity) - (f(a) ?? -Infinity);
