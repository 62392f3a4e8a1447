// A project's robot accounts, as Harbor's project "Robot Accounts" tab, at #/projects/P/robots:
// the project's admins create robot$P+name with a permission picker limited to this project, copy
// the secret once, refresh it, disable and delete. The server decides who may (ROBOT_* rows).
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {abilities, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {ACCESSES, refresh, remove, showSecret, toggle} from './robots.js';

export async function projectRobotsPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  const canManage = abilities(ctx.user, project).configure;
  document.title = 'Robot Accounts · ' + name + ' · Wharf';
  const head = [
    crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)},
      {label: 'Robot Accounts'}]),
    pageTitle('Robot accounts of ' + name),
  ];
  if (!canManage) {
    ctx.show(...head, h('p.muted', 'Only the project\'s admins manage its robot accounts.'));
    return;
  }
  const q = encodeURIComponent('Level=project,ProjectID=' + project.project_id);
  const robots = (await api.get('/api/v2.0/robots?page_size=100&q=' + q)).data || [];
  ctx.show(...head,
      h('p.muted', 'A robot of this project logs in with docker, podman or skopeo as robot$' + name
          + '+name and its secret, and reaches this project only.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', 'data-action': 'new-project-robot', onclick: () => newRobot(ctx, name)},
              '+ New robot account'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (r) => r.name},
        {title: 'Status', cell: (r) => r.disable ? 'Disabled' : 'Enabled'},
        {title: 'Permissions', cell: (r) => (r.permissions || []).flatMap((p) => p.access.map((a) => a.resource + ' ' + a.action)).join(', ')},
        {title: 'Expires', cell: (r) => r.expires_at < 0 ? 'Never' : time(new Date(r.expires_at * 1000).toISOString())},
        {title: 'Description', cell: (r) => r.description || ''},
        {title: '', className: 'nowrap', cell: (r) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'refresh-secret', onclick: () => refresh(ctx, r)}, 'Refresh secret'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'toggle-robot', onclick: () => toggle(ctx, r)}, r.disable ? 'Enable' : 'Disable'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-robot', onclick: () => remove(ctx, r)}, 'Delete'),
        ]},
      ], robots, {empty: 'No robot accounts in this project yet.', rowAttrs: (r) => ({'data-robot-row': r.name})}));
}

function newRobot(ctx, project) {
  openDialog({
    title: 'New robot account in ' + project,
    submitLabel: 'Create',
    fields: [
      h('label', {for: 'robot_name'}, 'Name (robot$' + project + '+…)'),
      h('input', {id: 'robot_name', name: 'name', required: true, pattern: '[a-z0-9]+([._-][a-z0-9]+)*'}),
      h('label', {for: 'robot_description'}, 'Description'),
      h('input', {id: 'robot_description', name: 'description'}),
      h('label', {for: 'robot_duration'}, 'Expires after days (-1: never)'),
      h('input', {id: 'robot_duration', name: 'duration', type: 'number', value: '-1'}),
      h('fieldset', h('legend', 'Permissions in ' + project), ...ACCESSES.map(([resource, action]) => h('label.checkbox',
          h('input', {type: 'checkbox', name: 'access', value: resource + ':' + action, checked: resource === 'repository' && action === 'pull'}),
          ' ' + resource + ' ' + action))),
    ],
    onSubmit: async (form) => {
      const access = [...form.querySelectorAll('input[name=access]:checked')].map((c) => {
        const [resource, action] = c.value.split(':');
        return {resource, action};
      });
      const body = {name: form.elements.name.value.trim(), description: form.elements.description.value.trim(),
        level: 'project', duration: parseInt(form.elements.duration.value, 10),
        permissions: [{kind: 'project', namespace: project, access}]};
      const created = (await api.post('/api/v2.0/robots', body)).data;
      ctx.reload();
      showSecret(created.name, created.secret);
    },
  });
}
