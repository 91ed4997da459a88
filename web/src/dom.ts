// Tiny DOM helpers: h() builds elements (text is always set as text, never as HTML, so
// names from the data cannot inject markup), panel() gives every panel the same loading
// and error states, notes() shows the API's caveats/missing as readable lines.
import { ApiError } from './api';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
      else if (k === 'class') el.className = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.describe();
  return e instanceof Error ? e.message : String(e);
}

export function errorBox(e: unknown, prefix = 'Could not load this panel'): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, `${prefix}: `), errorMessage(e));
}

/** Readable notes for the API's caveats, missing inputs or notes (strings or {field, reason}). */
export function notes(items: unknown, title = 'Notes'): HTMLElement | null {
  if (!Array.isArray(items) || items.length === 0) return null;
  const lines = items.map((it) => {
    if (typeof it === 'string') return it;
    if (it && typeof it === 'object') {
      const o = it as Record<string, unknown>;
      const head = o.sku ?? o.field ?? o.name ?? o.code ?? '';
      const text = o.reason ?? o.text ?? o.message ?? JSON.stringify(o);
      return head ? `${head}: ${text}` : String(text);
    }
    return String(it);
  });
  // Long lists (an imported shop: thousands of unplanned products) stay short: the first few,
  // then the rest behind a disclosure, capped so the page stays light.
  const SHOWN = 6;
  const CAP = 200;
  const box = h('div', { class: 'notes', role: 'note' }, h('strong', null, title), h('ul', null, lines.slice(0, SHOWN).map((l) => h('li', null, l))));
  if (lines.length > SHOWN) {
    const rest = lines.slice(SHOWN, SHOWN + CAP);
    const more = lines.length - SHOWN - rest.length;
    box.append(h('details', null, h('summary', null, `${lines.length - SHOWN} more`),
      h('ul', null, rest.map((l) => h('li', null, l))),
      more > 0 ? h('p', null, `… and ${more} more not listed here.`) : null));
  }
  return box;
}

/** A missing-data note that replaces a figure: says why rather than showing zero. */
export function missingNote(why: string): HTMLElement {
  return h('p', { class: 'missing' }, why);
}

export function link(href: string, text: string, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { href, ...attrs }, text);
}

export function button(text: string, onclick: (ev: Event) => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, onclick: onclick as EventListener }, text);
}

/**
 * A titled panel that shows "Loading…" until fill() resolves and the API's error message if
 * it throws. fill() gets the body element; reload() runs it again (after an action).
 */
export function panel(
  title: string,
  fill: (body: HTMLElement, reload: () => void) => Promise<void>,
  opts: { id?: string; wide?: boolean; actions?: HTMLElement } = {},
): HTMLElement {
  const body = h('div', { class: 'panel-body' });
  const section = h(
    'section',
    { class: `panel${opts.wide ? ' wide' : ''}`, id: opts.id, 'aria-busy': 'true' },
    h('header', { class: 'panel-head' }, h('h2', null, title), opts.actions),
    body,
  );
  const run = () => {
    section.setAttribute('aria-busy', 'true');
    section.dataset.state = 'loading';
    body.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
    fill(body, run).then(
      () => {
        section.dataset.state = 'ready';
        section.setAttribute('aria-busy', 'false');
        const loading = body.querySelector(':scope > .loading');
        if (loading) loading.remove();
      },
      (e) => {
        console.warn(title, e);
        section.dataset.state = 'error';
        section.setAttribute('aria-busy', 'false');
        body.replaceChildren(errorBox(e));
      },
    );
  };
  run();
  return section;
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child | Child[];
  num?: boolean;
  /** Hidden on narrow screens (phone) to keep the table readable. */
  narrowHide?: boolean;
  /** Dates and codes: never broken over lines. */
  nowrap?: boolean;
  /** Long text (reasons): given room so other columns do not wrap. */
  wide?: boolean;
}

export function table<T>(rows: T[], cols: Column<T>[], attrs: Attrs = {}): HTMLElement {
  const head = h('tr', null, cols.map((c) => h('th', { scope: 'col', class: cls(c) }, c.label)));
  const body = h('tbody', null, rows.map((r) => row(r, cols)));
  return h('div', { class: 'table-wrap' }, h('table', attrs, h('thead', null, head), body));
}

export function row<T>(r: T, cols: Column<T>[]): HTMLTableRowElement {
  return h('tr', null, cols.map((c) => h('td', { class: cls(c), 'data-label': c.label }, c.cell(r))));
}

export function cls<T>(c: Column<T>): string | null {
  const parts = [c.num ? 'num' : '', c.narrowHide ? 'narrow-hide' : '', c.nowrap ? 'nowrap' : '', c.wide ? 'wrap-wide' : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

/** Key/value list for detail pages. */
export function facts(pairs: [string, Child | Child[]][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]).flat());
}

export function badge(text: string, kind = ''): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}
