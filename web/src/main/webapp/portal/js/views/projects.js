// Projects the user can see: access level, role, repository count and the scan-on-push switch.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {ROLES, abilities, time} from '../format.js';
import {pageTitle} from '../parts/layout.js';
import {grid, pager, toggle} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';

const PAGE_SIZE = 15;

export async function projectsPage(ctx) {
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const name = ctx.query.get('name') || '';
  const q = {page, page_size: PAGE_SIZE};
  if (name) q.name = name;
  const result = await api.get(api.paths.projects(q));
  const projects = result.data || [];

  const go = (changes) => {
    const next = new URLSearchParams({page: String(page), name, ...changes});
    if (!next.get('name')) next.delete('name');
    location.hash = '#/projects?' + next;
  };
  const search = h('input.search', {type: 'search', placeholder: 'Filter by name', value: name, 'aria-label': 'Filter projects by name'});
  search.addEventListener('change', () => go({name: search.value.trim(), page: '1'}));

  ctx.show(
      pageTitle('Projects'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', onclick: () => newProject(ctx), 'data-action': 'new-project'}, '+ New project'),
          h('div.spacer'), search,
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Project Name', cell: (p) => h('a.strong', {href: '#/projects/' + encodeURIComponent(p.name)}, p.name)},
        {title: 'Access Level', cell: (p) => accessBadge(p)},
        {title: 'Type', cell: (p) => (p.registry_id ? 'Proxy Cache' : 'Project')},
        {title: 'Role', cell: (p) => ctx.user.sysadmin_flag && !p.current_user_role_id ? 'System Admin' : (ROLES[p.current_user_role_id] || '—')},
        {title: 'Repositories', className: 'num', cell: (p) => String(p.repo_count ?? '—')},
        {title: 'Scan on push', cell: (p) => scanOnPush(ctx, p)},
        {title: 'Creation Time', cell: (p) => time(p.creation_time)},
      ], projects, {
        empty: name ? 'No project matches “' + name + '”.' : 'No projects yet. Create one, then push images to it.',
        rowAttrs: (p) => ({'data-project': p.name}),
      }),
      pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'projects', onPage: (n) => go({page: String(n)})}));
}

export function accessBadge(p) {
  const isPublic = p.metadata && p.metadata.public === 'true';
  return h('span.badge' + (isPublic ? '.badge-public' : '.badge-private'), isPublic ? 'Public' : 'Private');
}

/** The project's auto_scan switch: live for those who may change the project, read-only for others. */
export function scanOnPush(ctx, p) {
  const on = p.metadata && p.metadata.auto_scan === 'true';
  return toggle({
    checked: on,
    disabled: !abilities(ctx.user, p).configure,
    label: 'Scan on push for ' + p.name,
    name: 'auto_scan',
    onChange: async (value) => {
      try {
        await api.put(api.paths.project(p.name), {metadata: {auto_scan: String(value)}});
        p.metadata = {...p.metadata, auto_scan: String(value)};
        toast('Scan on push ' + (value ? 'on' : 'off') + ' for ' + p.name, 'success');
      } catch (e) {
        failed('Could not change ' + p.name, e);
        throw e;
      }
    },
  });
}

async function newProject(ctx) {
  // A system administrator may make the project a proxy cache of a registry endpoint (Harbor's registry_id).
  const endpoints = ctx.user.sysadmin_flag ? ((await api.get('/api/v2.0/registries?page_size=100')).data || []) : [];
  const proxyFields = endpoints.length === 0 ? [] : [
    h('label.checkbox', h('input', {type: 'checkbox', name: 'proxy_cache', 'data-field': 'proxy-cache'}), 'Proxy cache'),
    h('label', {for: 'registry_id'}, 'Registry endpoint (pulls of this project are served from it on a miss)'),
    h('select', {id: 'registry_id', name: 'registry_id'},
        ...endpoints.map((r) => h('option', {value: String(r.id)}, r.name + ' — ' + r.url))),
  ];
  openDialog({
    title: 'New project',
    submitLabel: 'OK',
    fields: [
      h('label', {for: 'project_name'}, 'Project name'),
      h('input', {id: 'project_name', name: 'project_name', required: true, pattern: '[a-z0-9]+([._-][a-z0-9]+)*',
        placeholder: 'lower-case letters, digits, . _ -'}),
      h('label.checkbox', h('input', {type: 'checkbox', name: 'public'}), 'Public (anyone may pull)'),
      // Harbor's storage quota of a new project, for administrators (empty: the system default).
      ...(ctx.user.sysadmin_flag ? [h('label', {for: 'storage_limit_mib'}, 'Storage quota in MiB (-1: unlimited, empty: the default)'),
        h('input', {id: 'storage_limit_mib', name: 'storage_limit_mib', type: 'number', min: '-1', step: 'any'})] : []),
      ...proxyFields,
    ],
    onSubmit: async (form) => {
      const name = form.elements.project_name.value.trim();
      const body = {project_name: name, metadata: {public: String(form.elements.public.checked)}};
      const quota = form.elements.storage_limit_mib ? form.elements.storage_limit_mib.value.trim() : '';
      if (quota !== '') body.storage_limit = Number(quota) < 0 ? -1 : Math.round(Number(quota) * 1024 * 1024);
      if (form.elements.proxy_cache && form.elements.proxy_cache.checked) {
        body.registry_id = parseInt(form.elements.registry_id.value, 10);
      }
      await api.post(api.paths.projects(), body);
      toast('Project ' + name + ' created' + (body.registry_id ? ' as a proxy cache' : ''), 'success');
      location.hash = '#/projects/' + encodeURIComponent(name);
    },
  });
}
