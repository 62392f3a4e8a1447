// Sign in with a Wharf user name and password: POST /c/login sets the session cookie.
import {h} from '../dom.js';
import * as api from '../api.js';

export function signInPage({redirect, onSignedIn}) {
  const error = h('div.form-error', {hidden: true, role: 'alert'});
  const principal = h('input', {name: 'principal', id: 'principal', autocomplete: 'username', required: true,
    placeholder: 'Username', autofocus: true});
  const password = h('input', {name: 'password', id: 'password', type: 'password', autocomplete: 'current-password',
    required: true, placeholder: 'Password'});
  const submit = h('button.btn.btn-primary.btn-block', {type: 'submit', id: 'log_in'}, 'Log in');
  const form = h('form.sign-in-form', {novalidate: true},
      h('label', {for: 'principal'}, 'Username'), principal,
      h('label', {for: 'password'}, 'Password'), password,
      error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!principal.value.trim() || !password.value) {
      error.textContent = 'Enter your username and password.';
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      await api.signIn(principal.value.trim(), password.value);
      password.value = '';
      await onSignedIn(redirect);
    } catch (err) {
      error.textContent = err.status === 401 ? 'Invalid user name or password.' : err.message;
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Log in';
    }
  });
  return h('div.sign-in-page',
      h('div.sign-in-card',
          h('div.sign-in-brand', h('img', {src: '/portal/img/logo.svg', alt: '', width: 48, height: 48}),
              h('div', h('div.sign-in-title', 'Wharf'), h('div.sign-in-sub', 'Container registry with vulnerability scanning'))),
          form));
}
