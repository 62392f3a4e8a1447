// Robot accounts and workload identity (administrators), at #/robots: robots with a permission
// picker, their secret shown once with a copy button, refresh, disable and delete; the trusted
// OIDC issuers whose pipeline tokens act as a bound robot.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {time} from '../format.js';
import {pageTitle} from '../parts/layout.js';
import {grid} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {copyButton} from '../parts/copy.js';
import {failed, toast} from '../parts/toast.js';

export const ACCESSES = [
  ['repository', 'pull'], ['repository', 'push'], ['repository', 'delete'], ['artifact', 'read'],
  ['artifact', 'delete'], ['tag', 'create'], ['tag', 'delete'], ['scan', 'create'], ['scan', 'read'],
];

export async function robotsPage(ctx) {
  document.title = 'Robot Accounts · Wharf';
  const robots = (await api.get('/api/v2.0/robots?page_size=100')).data || [];
  const issuers = (await api.get('/api/v2.0/trusted-issuers')).data || [];
  ctx.show(
      pageTitle('Robot Accounts'),
      h('p.muted', 'Robots log in with docker, podman or skopeo as robot$name and their secret, with only the permissions given here.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', 'data-action': 'new-robot', onclick: () => newRobot(ctx)}, '+ New robot account'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (r) => r.name},
        {title: 'Status', cell: (r) => r.disable ? 'Disabled' : 'Enabled'},
        {title: 'Permissions', cell: (r) => (r.permissions || []).map((p) => p.namespace + ': '
            + p.access.map((a) => a.resource + ' ' + a.action).join(', ')).join('; ')},
        {title: 'Expires', cell: (r) => r.expires_at < 0 ? 'Never' : time(new Date(r.expires_at * 1000).toISOString())},
        {title: 'Creation Time', cell: (r) => time(r.creation_time)},
        {title: '', className: 'nowrap', cell: (r) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'refresh-secret', onclick: () => refresh(ctx, r)}, 'Refresh secret'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'toggle-robot', onclick: () => toggle(ctx, r)}, r.disable ? 'Enable' : 'Disable'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-robot', onclick: () => remove(ctx, r)}, 'Delete'),
        ]},
      ], robots, {empty: 'No robot accounts yet.', rowAttrs: (r) => ({'data-robot-row': r.name})}),
      h('h2', 'Trusted issuers'),
      h('p.muted', 'A pipeline exchanges its OIDC token from one of these issuers at /service/token for a registry token of the robot its claims are bound to.'),
      h('div.toolbar', h('button.btn.btn-primary', {type: 'button', 'data-action': 'new-issuer', onclick: () => newIssuer(ctx)}, '+ Trust an issuer')),
      grid([
        {title: 'Issuer', cell: (i) => i.issuer},
        {title: 'Audience', cell: (i) => i.audience},
        {title: 'Keys', cell: (i) => i.jwks_url || 'PEM key'},
        {title: '', className: 'nowrap', cell: (i) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'bind-robot', onclick: () => bind(ctx, i, robots)}, 'Bind robot'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', onclick: () => showBindings(i, robots)}, 'Bindings'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', onclick: () => removeIssuer(ctx, i)}, 'Delete'),
        ]},
      ], issuers, {empty: 'No trusted issuers.', rowAttrs: (i) => ({'data-issuer-row': i.issuer})}));
}

export function showSecret(name, secret) {
  openDialog({
    title: 'Secret of ' + name,
    submitLabel: 'Done',
    fields: [h('p', 'Copy the secret now: it is not shown again.'),
      h('code', {'data-secret': ''}, secret), ' ', copyButton(secret, 'Copy secret')],
    onSubmit: async () => {},
  });
}

function newRobot(ctx) {
  openDialog({
    title: 'New robot account',
    submitLabel: 'Create',
    fields: [
      h('label', {for: 'robot_name'}, 'Name'),
      h('input', {id: 'robot_name', name: 'name', required: true, pattern: '[a-z0-9]+([._-][a-z0-9]+)*'}),
      h('label', {for: 'robot_project'}, 'Project (empty: a system robot on every project)'),
      h('input', {id: 'robot_project', name: 'project'}),
      h('label', {for: 'robot_duration'}, 'Expires after days (-1: never)'),
      h('input', {id: 'robot_duration', name: 'duration', type: 'number', value: '-1'}),
      h('fieldset', h('legend', 'Permissions'), ...ACCESSES.map(([resource, action]) => h('label.checkbox',
          h('input', {type: 'checkbox', name: 'access', value: resource + ':' + action, checked: resource === 'repository' && action === 'pull'}),
          ' ' + resource + ' ' + action))),
    ],
    onSubmit: async (form) => {
      const project = form.elements.project.value.trim();
      const access = [...form.querySelectorAll('input[name=access]:checked')].map((c) => {
        const [resource, action] = c.value.split(':');
        return {resource, action};
      });
      const body = {name: form.elements.name.value.trim(), level: project ? 'project' : 'system',
        duration: parseInt(form.elements.duration.value, 10),
        permissions: [{kind: 'project', namespace: project || '*', access}]};
      const created = (await api.post('/api/v2.0/robots', body)).data;
      ctx.reload();
      showSecret(created.name, created.secret);
    },
  });
}

export async function refresh(ctx, robot) {
  if (!confirm('Give ' + robot.name + ' a new secret? The old one stops working at once.')) return;
  try {
    const answer = (await api.request('PATCH', '/api/v2.0/robots/' + robot.id, {body: {secret: ''}})).data;
    showSecret(robot.name, answer.secret);
  } catch (e) {
    failed('Could not refresh ' + robot.name, e);
  }
}

export async function toggle(ctx, robot) {
  try {
    await api.put('/api/v2.0/robots/' + robot.id, {disable: !robot.disable});
    toast(robot.name + (robot.disable ? ' enabled' : ' disabled'), 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not change ' + robot.name, e);
  }
}

export async function remove(ctx, robot) {
  if (!confirm('Delete ' + robot.name + '? Its credentials stop working at once.')) return;
  try {
    await api.del('/api/v2.0/robots/' + robot.id);
    toast(robot.name + ' deleted', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not delete ' + robot.name, e);
  }
}

function newIssuer(ctx) {
  openDialog({
    title: 'Trust an OIDC issuer',
    submitLabel: 'Trust',
    fields: [
      h('label', {for: 'issuer_iss'}, 'Issuer (iss)'), h('input', {id: 'issuer_iss', name: 'issuer', required: true}),
      h('label', {for: 'issuer_aud'}, 'Audience (aud)'), h('input', {id: 'issuer_aud', name: 'audience', required: true}),
      h('label', {for: 'issuer_jwks'}, 'JWKS URL'), h('input', {id: 'issuer_jwks', name: 'jwks'}),
      h('label', {for: 'issuer_pem'}, 'or PEM public key'), h('textarea', {id: 'issuer_pem', name: 'pem'}),
    ],
    onSubmit: async (form) => {
      const body = {issuer: form.elements.issuer.value.trim(), audience: form.elements.audience.value.trim()};
      if (form.elements.jwks.value.trim()) body.jwks_url = form.elements.jwks.value.trim();
      if (form.elements.pem.value.trim()) body.public_key_pem = form.elements.pem.value.trim();
      await api.post('/api/v2.0/trusted-issuers', body);
      toast('Issuer trusted', 'success');
      ctx.reload();
    },
  });
}

function bind(ctx, issuer, robots) {
  openDialog({
    title: 'Bind a robot to tokens of ' + issuer.issuer,
    submitLabel: 'Bind',
    fields: [
      h('label', {for: 'bind_robot'}, 'Robot'),
      h('select', {id: 'bind_robot', name: 'robot'}, ...robots.map((r) => h('option', {value: String(r.id)}, r.name))),
      h('label', {for: 'bind_claims'}, 'Conditions, one per line: claim=value (* matches anything)'),
      h('textarea', {id: 'bind_claims', name: 'claims', required: true, placeholder: 'sub=repo:acme/shop:ref:refs/heads/main'}),
    ],
    onSubmit: async (form) => {
      const conditions = {};
      for (const line of form.elements.claims.value.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) conditions[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      await api.post('/api/v2.0/trusted-issuers/' + issuer.id + '/bindings',
          {robot_id: parseInt(form.elements.robot.value, 10), conditions});
      toast('Robot bound', 'success');
      ctx.reload();
    },
  });
}

async function showBindings(issuer, robots) {
  try {
    const bindings = (await api.get('/api/v2.0/trusted-issuers/' + issuer.id + '/bindings')).data || [];
    const names = Object.fromEntries(robots.map((r) => [r.id, r.name]));
    openDialog({
      title: 'Bindings of ' + issuer.issuer,
      submitLabel: 'Close',
      fields: bindings.length ? bindings.map((b) => h('p', (names[b.robot_id] || 'robot ' + b.robot_id) + ' when '
          + Object.entries(b.conditions).map(([k, v]) => k + ' = ' + v).join(' and '))) : [h('p.muted', 'No bindings yet.')],
      onSubmit: async () => {},
    });
  } catch (e) {
    failed('Could not read the bindings', e);
  }
}

async function removeIssuer(ctx, issuer) {
  if (!confirm('Stop trusting ' + issuer.issuer + '? Its tokens are refused from now on.')) return;
  try {
    await api.del('/api/v2.0/trusted-issuers/' + issuer.id);
    ctx.reload();
  } catch (e) {
    failed('Could not delete the issuer', e);
  }
}
