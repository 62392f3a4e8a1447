// Registries, as Harbor's "Registries" page (Administration): the remote registries that proxy cache
// projects and replication rules name. Administrators add, test, edit and delete them; a stored
// password is never shown again (the API answers it as *****).
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {time} from '../format.js';
import {pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';

const PAGE_SIZE = 15;
const registriesPath = (q) => '/api/v2.0/registries' + (q ? '?' + new URLSearchParams(q) : '');
const registryPath = (id) => '/api/v2.0/registries/' + encodeURIComponent(id);
const PROVIDERS = [['docker-registry', 'Docker Registry'], ['harbor', 'Harbor'], ['wharf', 'Wharf']];

export async function registriesPage(ctx) {
  document.title = 'Registries · Wharf';
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const result = await api.get(registriesPath({page, page_size: PAGE_SIZE}));
  const rows = result.data || [];
  ctx.show(
      pageTitle('Registries'),
      h('p.muted', 'Remote registries that proxy cache projects pull through and replication rules copy to and from.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', 'data-action': 'new-registry', onclick: () => editRegistry(ctx, {})},
              '+ New endpoint'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (r) => r.name},
        {title: 'Status', cell: (r) => h('span.badge' + (r.status === 'healthy' ? '.badge-ok' : '.badge-warn'),
            {'data-status': r.status}, r.status === 'healthy' ? 'Healthy' : r.status === 'unhealthy' ? 'Unhealthy' : 'Unknown')},
        {title: 'Endpoint URL', cell: (r) => r.url},
        {title: 'Provider', cell: (r) => (PROVIDERS.find(([v]) => v === r.type) || [r.type, r.type])[1]},
        {title: 'Verify Remote Cert', cell: (r) => r.insecure ? 'No' : 'Yes'},
        {title: 'Access ID', cell: (r) => r.credential && r.credential.access_key || h('span.muted', '—')},
        {title: 'Creation Time', cell: (r) => time(r.creation_time)},
        {title: '', className: 'nowrap', cell: (r) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'test-registry', onclick: () => testSaved(ctx, r)}, 'Test'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'edit-registry', onclick: () => editRegistry(ctx, r)}, 'Edit'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-registry', onclick: () => deleteRegistry(ctx, r)}, 'Delete'),
        ]},
      ], rows, {empty: 'No registry endpoints yet.', rowAttrs: (r) => ({'data-registry-row': r.name})}),
      pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'endpoints',
        onPage: (n) => { location.hash = location.hash.split('?')[0] + '?page=' + n; }}));
}

function editRegistry(ctx, r) {
  const isNew = !r.id;
  const result = h('p.muted', {'data-test-result': '', hidden: true});
  const fields = [
    h('label', {for: 'registry_type'}, 'Provider'),
    h('select', {id: 'registry_type', name: 'type', disabled: !isNew},
        PROVIDERS.map(([v, label]) => h('option', {value: v, selected: v === (r.type || 'docker-registry')}, label))),
    h('label', {for: 'registry_name'}, 'Name'),
    h('input', {id: 'registry_name', name: 'name', required: true, maxLength: 255, value: r.name || ''}),
    h('label', {for: 'registry_url'}, 'Endpoint URL'),
    h('input', {id: 'registry_url', name: 'url', required: true, type: 'url', placeholder: 'https://registry.example.com',
      value: r.url || ''}),
    h('label', {for: 'registry_description'}, 'Description'),
    h('input', {id: 'registry_description', name: 'description', value: r.description || ''}),
    h('label', {for: 'registry_access_key'}, 'Access ID'),
    h('input', {id: 'registry_access_key', name: 'access_key', autocomplete: 'off',
      value: r.credential && r.credential.access_key || ''}),
    h('label', {for: 'registry_access_secret'}, 'Access Secret'),
    h('input', {id: 'registry_access_secret', name: 'access_secret', type: 'password', autocomplete: 'new-password',
      placeholder: isNew ? '' : 'unchanged unless you type a new one'}),
    h('label.checkbox', h('input', {type: 'checkbox', name: 'verify', checked: !r.insecure}), ' Verify remote certificate'),
    h('div', h('button.btn.btn-outline', {type: 'button', 'data-action': 'test-connection', onclick: async (e) => {
      const form = e.target.closest('form');
      result.hidden = false;
      result.textContent = 'Testing…';
      try {
        await api.post('/api/v2.0/registries/ping', pingBody(form, r));
        result.textContent = 'Connection tested successfully.';
      } catch (err) {
        result.textContent = err.message;
      }
    }}, 'Test connection')),
    result,
  ];
  openDialog({
    title: isNew ? 'New registry endpoint' : 'Edit endpoint ' + r.name,
    submitLabel: isNew ? 'OK' : 'Save',
    fields,
    onSubmit: async (form) => {
      const v = values(form);
      if (isNew) {
        const body = {name: v.name, url: v.url, type: v.type, description: v.description, insecure: v.insecure};
        if (v.access_key) body.credential = {type: 'basic', access_key: v.access_key, access_secret: v.access_secret};
        await api.post(registriesPath(), body);
        toast('Endpoint ' + v.name + ' created', 'success');
      } else {
        const body = {name: v.name, url: v.url, description: v.description, insecure: v.insecure, access_key: v.access_key};
        if (v.access_secret) body.access_secret = v.access_secret;
        await api.put(registryPath(r.id), body);
        toast('Endpoint ' + v.name + ' saved', 'success');
      }
      ctx.reload();
    },
  });
}

function values(form) {
  const e = form.elements;
  return {type: e.type.value, name: e.name.value.trim(), url: e.url.value.trim(), description: e.description.value.trim(),
    access_key: e.access_key.value.trim(), access_secret: e.access_secret.value, insecure: !e.verify.checked};
}

function pingBody(form, r) {
  const v = values(form);
  const body = {type: v.type, url: v.url, insecure: v.insecure, credential_type: 'basic', access_key: v.access_key};
  if (r.id) body.id = r.id;
  if (v.access_secret) body.access_secret = v.access_secret;
  return body;
}

async function testSaved(ctx, r) {
  try {
    await api.post('/api/v2.0/registries/ping', {id: r.id});
    toast('Endpoint ' + r.name + ' is healthy', 'success');
  } catch (e) {
    failed('Endpoint ' + r.name, e);
  }
  ctx.reload();
}

async function deleteRegistry(ctx, r) {
  if (!confirm('Delete registry endpoint ' + r.name + '?')) return;
  try {
    await api.del(registryPath(r.id));
    toast('Endpoint ' + r.name + ' deleted', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not delete ' + r.name, e);
  }
}
