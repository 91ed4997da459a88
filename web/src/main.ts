// Entry point: the page shell (header, navigation, main region, the assistant side panel),
// hash routing and the login page. Pages live in pages/*.ts; each one fills <main>.
import { clearPageCache, endSession, getKey, getKeyName, getRole, setUnauthenticatedHandler } from './api';
import { button, errorBox, h, link } from './dom';
import { disposeCharts } from './chart-registry';
import { renderLogin } from './pages/login';
import { renderOverview } from './pages/overview';
import { renderForecasts } from './pages/forecasts';
import { renderReorder } from './pages/reorder';
import { renderCustomers, renderCustomer } from './pages/customers';
import { renderProducts, renderProduct } from './pages/products';
import { renderAlerts } from './pages/alerts';
import { renderModels } from './pages/models';
// The chat is its own chunk, loaded when the panel opens or #/assistant is visited, so the
// pages without it paint as fast as before.
import type { Chat } from './pages/chat';

type Page = (main: HTMLElement, params: string[]) => void;

interface Route {
  pattern: RegExp;
  page: Page;
  nav: string;
}

const routes: Route[] = [
  { pattern: /^overview$/, page: renderOverview, nav: 'overview' },
  { pattern: /^forecasts(?:\/(sku|category)\/(.+))?$/, page: renderForecasts, nav: 'forecasts' },
  { pattern: /^reorder$/, page: renderReorder, nav: 'reorder' },
  { pattern: /^customers$/, page: renderCustomers, nav: 'customers' },
  { pattern: /^customers\/(\d+)$/, page: renderCustomer, nav: 'customers' },
  { pattern: /^products$/, page: renderProducts, nav: 'products' },
  { pattern: /^products\/(.+)$/, page: renderProduct, nav: 'products' },
  { pattern: /^alerts$/, page: renderAlerts, nav: 'alerts' },
  { pattern: /^models$/, page: renderModels, nav: 'models' },
  { pattern: /^assistant$/, page: renderAssistantPage, nav: 'assistant' },
];

const NAV: [string, string][] = [
  ['overview', 'Overview'],
  ['forecasts', 'Forecasts'],
  ['reorder', 'Reorder plan'],
  ['customers', 'Customers'],
  ['products', 'Products'],
  ['alerts', 'Alerts'],
  ['models', 'Models'],
  ['assistant', 'Assistant'],
];

const app = document.getElementById('app') as HTMLElement;
let firstRoute = true;
interface Shell {
  main: HTMLElement;
  nav: HTMLElement;
  who: HTMLElement;
  chat: () => Promise<Chat>;
  /** The conversation once loaded (null until the panel or #/assistant first needs it). */
  loaded: Chat | null;
  assistant: HTMLElement;
  assistantBody: HTMLElement;
}
let shell: Shell | null = null;

function currentPath(): string {
  return decodeURIComponent(location.hash.replace(/^#\/?/, '')).split('?')[0];
}

export function go(path: string): void {
  location.hash = `#/${path}`;
}

setUnauthenticatedHandler((message) => {
  // Every panel of a page may be refused at once: only the first one sends us to login.
  if (!getKey()) return;
  endSession(message);
  shell = null;
  if (currentPath() === 'login') route();
  else go('login');
});

const PANEL_OPEN = 'oiis.chat.panelOpen';
const phone = () => window.matchMedia('(max-width: 760px)').matches;

/**
 * The assistant's side panel: collapsible, on the right of every page; its conversation is
 * not redrawn on navigation, so the thread stays while the user moves between pages. On a
 * phone it is a bar at the bottom that opens the full-screen #/assistant route.
 */
function assistantPanel(chat: () => Promise<Chat>): { aside: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'assistant-body', id: 'assistant-body', hidden: true });
  const setOpen = (open: boolean, focus = true) => {
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    aside.classList.toggle('open', open);
    sessionStorage.setItem(PANEL_OPEN, open ? '1' : '');
    if (open) {
      chat().then((c) => {
        if (body.hidden) return;
        if (!body.contains(c.root)) c.mount(body, 'panel');
        if (focus) c.focus();
      }, (e) => body.replaceChildren(errorBox(e, 'Could not load the assistant')));
    }
  };
  const toggle = button('Assistant', () => {
    if (phone()) {
      go('assistant');
      return;
    }
    setOpen(toggle.getAttribute('aria-expanded') !== 'true');
  }, { 'aria-expanded': 'false', 'aria-controls': 'assistant-body', class: 'assistant-toggle' });
  const aside = h('aside', { class: 'assistant', 'aria-label': 'Assistant' }, toggle, body);
  if (sessionStorage.getItem(PANEL_OPEN) && !phone()) queueMicrotask(() => setOpen(true, false));
  return { aside, body };
}

function buildShell(): Shell {
  const nav = h('nav', { class: 'side', id: 'nav', 'aria-label': 'Pages' },
    h('ul', null, NAV.map(([path, label]) => h('li', null, link(`#/${path}`, label, { 'data-nav': path })))),
  );
  const navToggle = button('Menu', () => {
    const open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    navToggle.setAttribute('aria-expanded', String(open));
  }, { class: 'nav-toggle', 'aria-controls': 'nav', 'aria-expanded': 'false' });
  const who = h('span', { class: 'who' });
  const logout = button('Log out', () => {
    endSession('You are logged out.');
    shell = null;
    go('login');
  }, { class: 'logout' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  // The hash holds the route, so the skip link moves the focus itself instead of following
  // "#main" (which the router would read as an unknown page).
  const skip = h('a', { href: '#main', class: 'skip' }, 'Skip to content');
  skip.addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });
  const top = h('header', { class: 'top' },
    skip,
    navToggle,
    h('a', { href: '#/overview', class: 'brand' }, 'OIIS'),
    who,
    logout,
  );
  let loading: Promise<Chat> | null = null;
  const chat = () => (loading ??= import('./pages/chat').then(({ Chat }) => {
    const c = new Chat();
    created.loaded = c;
    return c;
  }));
  const panel = assistantPanel(chat);
  app.replaceChildren(h('div', { class: 'shell' }, top, nav, main, panel.aside));
  const created: Shell = { main, nav, who, chat, loaded: null, assistant: panel.aside, assistantBody: panel.body };
  return created;
}

/** #/assistant: the conversation full-screen (the side panel steps aside meanwhile). */
function renderAssistantPage(main: HTMLElement): void {
  const holder = h('div', { class: 'assistant-page' }, h('p', { class: 'loading', role: 'status' }, 'Loading the assistant…'));
  main.append(h('h1', null, 'Assistant'), holder);
  shell?.chat().then((c) => {
    if (!holder.isConnected) return; // the user has moved on
    holder.replaceChildren();
    c.mount(holder, 'page');
    // Not on a phone: focusing the box there opens the keyboard over the conversation.
    if (!phone()) c.focus();
  }, (e) => holder.replaceChildren(errorBox(e, 'Could not load the assistant')));
}

function route(): void {
  const path = currentPath();
  performance.mark(`route-start:${path}`);
  disposeCharts();
  clearPageCache();
  if (path === 'login' || !getKey()) {
    shell = null;
    renderLogin(app, path === 'login' ? null : path);
    requestAnimationFrame(() => performance.mark('route-painted:login'));
    return;
  }
  if (!shell) shell = buildShell();
  shell.who.textContent = `${getKeyName() || 'key'} · ${getRole()}`;
  shell.who.title = `Logged in with a ${getRole()} key`;
  shell.nav.classList.remove('open');
  const match = routes.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m);
  if (!match) {
    go('overview');
    return;
  }
  for (const a of shell.nav.querySelectorAll<HTMLAnchorElement>('a[data-nav]')) {
    if (a.dataset.nav === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = shell.main;
  // The conversation leaves the full-screen page for the side panel (when that is open)
  // before <main> is cleared; on #/assistant the side panel steps aside.
  const onAssistant = match.r.nav === 'assistant';
  shell.assistant.hidden = onAssistant;
  const chat = shell.loaded;
  if (!onAssistant && chat && chat.root.dataset.mode === 'page') {
    chat.root.remove();
    if (!shell.assistantBody.hidden) chat.mount(shell.assistantBody, 'panel');
  }
  main.replaceChildren();
  main.dataset.route = match.r.nav;
  match.r.page(main, match.m!.slice(1).map((p) => p ?? ''));
  // Keyboard and screen-reader users land on the new page, not on the link they followed.
  if (!firstRoute) {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
  firstRoute = false;
  const title = main.querySelector('h1')?.textContent;
  document.title = title ? `${title} · OIIS` : 'OIIS dashboard';
  // The mark the e2e test reads: the page's frame (heading, panels) is on screen.
  requestAnimationFrame(() => performance.mark(`route-painted:${path}`));
}

window.addEventListener('hashchange', route);
route();
