// Login with an API key: GET /api/v1/me validates it and gives the role (pages hide the
// write buttons from a read key; the API refuses such writes anyway).
import { ApiError, saveSession, loginMessage, whoAmI } from '../api';
import { errorMessage, h } from '../dom';

export function renderLogin(app: HTMLElement, wanted: string | null): void {
  const message = loginMessage();
  const status = h('div', { class: 'login-status', role: 'alert', 'aria-live': 'assertive' });
  if (message) status.append(h('p', { class: /refused|invalid|expired/i.test(message) ? 'error' : 'info' }, message));
  const input = h('input', {
    id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'current-password',
    required: true, spellcheck: 'false', 'aria-describedby': 'key-help',
  });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h('form', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'OIIS dashboard'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'key-help', class: 'muted' }, 'The key is kept in this browser tab only (session storage) and sent as a Bearer token.'),
    submit,
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    submit.disabled = true;
    status.replaceChildren(h('p', { role: 'status' }, 'Checking the key…'));
    try {
      const me = await whoAmI(key);
      saveSession(key, me.role, me.name);
      const target = wanted && wanted !== 'login' ? wanted : 'overview';
      if (location.hash === `#/${target}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = `#/${target}`;
    } catch (e) {
      const text = e instanceof ApiError && e.status === 401
        ? `This API key was refused by the server (${e.message}). Check the key and try again.`
        : `Could not log in: ${errorMessage(e)}`;
      status.replaceChildren(h('p', { class: 'error' }, text));
      submit.disabled = false;
      input.focus();
    }
  });
  app.replaceChildren(h('div', { class: 'login-page' }, form));
  input.focus();
}
