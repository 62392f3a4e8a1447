// Administration > Authentication, as Harbor's "Configuration > Authentication": the mode (database
// or LDAP), the directory's settings with "Test connection", and LDAP groups as project members.
import {h} from '../dom.js';
import * as api from '../api.js';
import {pageTitle} from '../parts/layout.js';
import {grid} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';

const TEXT = [
  ['ldap_url', 'LDAP URL', 'ldap://ldap.example.com or ldaps://ldap.example.com'],
  ['ldap_search_dn', 'LDAP search DN', 'cn=search,dc=example,dc=com'],
  ['ldap_base_dn', 'LDAP base DN', 'ou=people,dc=example,dc=com'],
  ['ldap_filter', 'LDAP filter', '(objectClass=person)'],
  ['ldap_uid', 'LDAP UID', 'uid'],
  ['ldap_group_base_dn', 'LDAP group base DN', 'ou=groups,dc=example,dc=com'],
  ['ldap_group_search_filter', 'LDAP group filter', '(objectClass=groupOfNames)'],
  ['ldap_group_attribute_name', 'LDAP group GID', 'cn'],
  ['ldap_group_admin_dn', 'LDAP group admin DN', 'cn=admins,ou=groups,dc=example,dc=com'],
  ['ldap_group_membership_attribute', 'LDAP group membership', 'memberof'],
];

export async function authenticationPage(ctx) {
  document.title = 'Authentication · Wharf';
  const config = (await api.get('/api/v2.0/configurations')).data;
  const value = (k) => (config[k] ? config[k].value : '');
  const field = (k, label, placeholder, attrs = {}) => [
    h('label', {for: k}, label),
    h('input', {id: k, name: k, placeholder, value: value(k) ?? '', ...attrs}),
  ];
  const result = h('p.muted', {'data-ping-result': ''});
  const form = h('form.settings-form', {'data-form': 'authentication'},
      h('label', {for: 'auth_mode'}, 'Auth mode'),
      h('select', {id: 'auth_mode', name: 'auth_mode'},
          h('option', {value: 'db_auth', selected: value('auth_mode') === 'db_auth'}, 'Database'),
          h('option', {value: 'ldap_auth', selected: value('auth_mode') === 'ldap_auth'}, 'LDAP')),
      TEXT.map(([k, label, placeholder]) => field(k, label, placeholder)),
      h('label', {for: 'ldap_search_password'}, 'LDAP search password'),
      h('input', {id: 'ldap_search_password', name: 'ldap_search_password', type: 'password',
        placeholder: 'unchanged when left empty', autocomplete: 'new-password'}),
      h('label', {for: 'ldap_scope'}, 'LDAP scope'),
      h('select', {id: 'ldap_scope', name: 'ldap_scope'},
          [['0', 'Base'], ['1', 'One level'], ['2', 'Subtree']].map(([v, l]) =>
            h('option', {value: v, selected: String(value('ldap_scope')) === v}, l))),
      h('label', {}, h('input', {type: 'checkbox', name: 'ldap_verify_cert', checked: value('ldap_verify_cert') !== false}),
          ' Verify the server certificate'),
      h('label', {}, h('input', {type: 'checkbox', name: 'ldap_starttls', checked: value('ldap_starttls') === true}),
          ' StartTLS (ldap:// URLs)'),
      h('div.toolbar',
          h('button.btn.btn-outline', {type: 'button', 'data-action': 'test-ldap', onclick: () => ping(form, result)},
              'Test LDAP server'),
          h('button.btn.btn-primary', {type: 'submit', 'data-action': 'save-auth'}, 'Save')),
      result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.put('/api/v2.0/configurations', body(form, true));
      toast('Authentication settings saved', 'success');
    } catch (err) {
      failed('Saving the settings', err);
    }
  });
  ctx.show(pageTitle('Authentication'),
      h('p.muted', 'Users sign in with Wharf\'s own passwords or against an LDAP directory. The local admin always '
          + 'signs in with its own password, even when the directory is down. The mode can change only while admin '
          + 'is the only user.'),
      form,
      h('h2', 'Project members by LDAP group'),
      await groupMembers(ctx));
}

function body(form, forSave) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.name === 'ldap_scope') out[el.name] = parseInt(el.value, 10);
    else if (el.name === 'ldap_search_password') { if (el.value) out[el.name] = el.value; }
    else out[el.name] = el.value.trim();
  }
  if (!forSave) delete out.auth_mode;
  return out;
}

async function ping(form, result) {
  result.textContent = 'Testing…';
  try {
    const r = (await api.post('/api/v2.0/ldap/ping', body(form, false))).data;
    result.textContent = (r.success ? 'Connection OK: ' : 'Connection failed: ') + r.message;
  } catch (err) {
    result.textContent = 'Connection failed: ' + err.message;
  }
}

// The directory's groups whose name matches, each a button that puts its DN in the form.
async function searchGroups(form, results) {
  const name = form.querySelector('#gm_search').value.trim();
  if (!name) return;
  results.replaceChildren(h('span.muted', 'Searching…'));
  try {
    const found = (await api.get('/api/v2.0/ldap/groups/search?groupname=' + encodeURIComponent(name))).data || [];
    results.replaceChildren(...(found.length ? found.map((g) => h('button.btn.btn-outline.btn-small',
        {type: 'button', 'data-group-result': g.group_name, title: g.ldap_group_dn,
          onclick: () => { form.elements.dn.value = g.ldap_group_dn; }}, g.group_name + ' (' + g.ldap_group_dn + ')'))
      : [h('span.muted', 'No group named ' + name + ' in the directory.')]));
  } catch (err) {
    results.replaceChildren();
    failed('Searching the directory', err);
  }
}

async function groupMembers(ctx) {
  const groups = (await api.get('/api/v2.0/usergroups?page_size=100')).data || [];
  const results = h('div.toolbar', {'data-group-results': ''});
  const form = h('form.settings-form', {'data-form': 'group-member'},
      h('label', {for: 'gm_project'}, 'Project'),
      h('input', {id: 'gm_project', name: 'project', required: true, placeholder: 'project name'}),
      h('label', {for: 'gm_search'}, 'Find an LDAP group by name'),
      h('div.toolbar',
          h('input', {id: 'gm_search', placeholder: 'devs'}),
          h('button.btn.btn-outline', {type: 'button', 'data-action': 'search-ldap-groups', onclick: () => searchGroups(form, results)},
              'Search the directory')),
      results,
      h('label', {for: 'gm_dn'}, 'LDAP group DN'),
      h('input', {id: 'gm_dn', name: 'dn', required: true, placeholder: 'cn=devs,ou=groups,dc=example,dc=com'}),
      h('label', {for: 'gm_role'}, 'Role'),
      h('select', {id: 'gm_role', name: 'role'},
          [[1, 'Project Admin'], [4, 'Maintainer'], [2, 'Developer'], [3, 'Guest'], [5, 'Limited Guest']]
              .map(([v, l]) => h('option', {value: v}, l))),
      h('div.toolbar', h('button.btn.btn-primary', {type: 'submit', 'data-action': 'add-group-member'}, 'Add group')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const project = form.elements.project.value.trim();
    try {
      await api.post('/api/v2.0/projects/' + encodeURIComponent(project) + '/members', {
        role_id: parseInt(form.elements.role.value, 10),
        member_group: {group_type: 1, ldap_group_dn: form.elements.dn.value.trim()},
      });
      toast('Group added to ' + project, 'success');
      ctx.reload();
    } catch (err) {
      failed('Adding the group', err);
    }
  });
  return [form,
    grid([
      {title: 'Group', cell: (g) => g.group_name},
      {title: 'DN', cell: (g) => g.ldap_group_dn},
    ], groups, {empty: 'No LDAP groups yet: add one to a project above.', rowAttrs: (g) => ({'data-group-row': g.group_name})})];
}
