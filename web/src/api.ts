// The only place that talks to the server: relative /api/v1 URLs (same origin as the page),
// the key from sessionStorage as a Bearer token, and the API's JSON error body turned into
// an ApiError whose message is the server's own words.

const KEY_STORAGE = 'oiis.key';
const ROLE_STORAGE = 'oiis.role';
const NAME_STORAGE = 'oiis.name';
const LOGIN_MESSAGE = 'oiis.loginMessage';

export type Role = 'read' | 'write' | 'admin';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
  /** A sentence for a panel: the API's message plus the HTTP status and code. */
  describe(): string {
    const where = this.field ? ` (field: ${this.field})` : '';
    return `${this.message}${where} — HTTP ${this.status}${this.code ? ' ' + this.code : ''}`;
  }
}

export function getKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}
export function getRole(): Role {
  return (sessionStorage.getItem(ROLE_STORAGE) as Role | null) ?? 'read';
}
export function getKeyName(): string {
  return sessionStorage.getItem(NAME_STORAGE) ?? '';
}
export function canWrite(): boolean {
  const r = getRole();
  return r === 'write' || r === 'admin';
}

export function saveSession(key: string, role: Role, name: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
  sessionStorage.setItem(ROLE_STORAGE, role);
  sessionStorage.setItem(NAME_STORAGE, name);
  sessionStorage.removeItem(LOGIN_MESSAGE);
}

/** Forget the key; the message (if any) is shown on the login page. */
export function endSession(message?: string): void {
  sessionStorage.removeItem(KEY_STORAGE);
  sessionStorage.removeItem(ROLE_STORAGE);
  sessionStorage.removeItem(NAME_STORAGE);
  if (message) sessionStorage.setItem(LOGIN_MESSAGE, message);
}

/**
 * The message stays until the next successful login: several panels may be refused at once
 * and the login page may be drawn more than once, each time with the same message.
 */
export function loginMessage(): string | null {
  return sessionStorage.getItem(LOGIN_MESSAGE);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

let onUnauthenticated: (message: string) => void = () => {};
/** The router registers how a refused key sends the user back to the login page. */
export function setUnauthenticatedHandler(fn: (message: string) => void): void {
  onUnauthenticated = fn;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = '';
  let message = `${res.status} ${res.statusText || 'error'}`;
  let field: string | null = null;
  try {
    const body = await res.json();
    if (body && body.error) {
      code = String(body.error.code ?? '');
      message = String(body.error.message ?? message);
      field = body.error.field ?? null;
    }
  } catch {
    // Not JSON (a proxy or an old server): keep the status line.
  }
  if (res.status === 404 && code === 'not_found' && /no such route|route/i.test(message)) {
    message = `${message} (this server does not offer this endpoint yet)`;
  }
  return new ApiError(res.status, code, message, field);
}

/** Requests with an explicit key (login) skip the session and the 401 redirect. */
export async function request<T>(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; key?: string } = {},
): Promise<T> {
  const key = opts.key ?? getKey();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1/${path.replace(/^\//, '')}`, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', `The server could not be reached (${(e as Error).message}).`);
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && opts.key === undefined) {
      onUnauthenticated(`Your API key was refused: ${err.message}. Log in again.`);
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * POSTs a binary body (a WAV recording) or JSON and answers the raw response (a WAV for
 * /voice/speak); errors as request() raises them.
 */
export async function postForBlob(path: string, body: Blob | string, contentType: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1/${path.replace(/^\//, '')}`, { method: 'POST', headers, body });
  } catch (e) {
    throw new ApiError(0, 'network', `The server could not be reached (${(e as Error).message}).`);
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401) onUnauthenticated(`Your API key was refused: ${err.message}. Log in again.`);
    throw err;
  }
  return res;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query });

// GETs shared by several panels of one page (the ABC classes feed the picker, the matrix and
// the class list) are fetched once per page view; main.ts clears this on every route change.
const pageCache = new Map<string, Promise<unknown>>();
export function clearPageCache(): void {
  pageCache.clear();
}
export function getShared<T>(path: string, query?: Query): Promise<T> {
  const url = withQuery(path, query);
  let p = pageCache.get(url);
  if (!p) {
    p = get<T>(path, query);
    pageCache.set(url, p);
    p.catch(() => pageCache.delete(url));
  }
  return p as Promise<T>;
}
export const post = <T>(path: string, body?: unknown, query?: Query) =>
  request<T>('POST', path, { body, query });

export interface Me {
  key_id: number | string | null;
  name: string;
  role: Role;
}

/** Validates a key and learns its role (GET /api/v1/me answers both). */
export function whoAmI(key: string): Promise<Me> {
  return request<Me>('GET', 'me', { key });
}
