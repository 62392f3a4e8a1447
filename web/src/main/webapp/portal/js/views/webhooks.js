// A project's webhooks, as Harbor's "Webhooks" tab: its policies (create, edit, enable, test,
// delete) at #/projects/P/webhooks, and one policy's delivery history at ...?policy=ID: one
// execution per event, one task per target, and each task's log.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {abilities, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';

const PAGE_SIZE = 15;
const base = (p) => api.paths.project(p) + '/webhook';

export async function projectWebhooksPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  const canManage = abilities(ctx.user, project).configure;
  document.title = name + ' webhooks · Wharf';
  const [policies, supported] = await Promise.all([
    api.get(base(name) + '/policies?page_size=100'),
    api.get(base(name) + '/events'),
  ]);
  const list = policies.data || [];
  const selected = ctx.query.get('policy');
  const here = '#/projects/' + encodeURIComponent(name) + '/webhooks';
  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)}, {label: 'Webhooks'}]),
      pageTitle(name + ' · Webhooks'),
      h('p.muted', 'Webhooks tell other systems (CI, chat) about pushes, pulls, deletes and scans in this project. '
          + 'Each event is delivered with its id in the X-Wharf-Event-Id header, retried with backoff when the receiver fails.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', disabled: !canManage, 'data-action': 'new-webhook',
            title: canManage ? 'Create a webhook policy' : 'Only project admins create webhooks',
            onclick: () => editPolicy(ctx, name, supported.data, {})}, '+ New webhook'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (p) => h('a.strong', {href: here + '?policy=' + p.id}, p.name)},
        {title: 'Enabled', cell: (p) => p.enabled ? 'Enabled' : h('span.muted', 'Disabled')},
        {title: 'Notify Type', cell: (p) => p.targets.map((t) => t.type + (t.payload_format === 'CloudEvents' ? ' (CloudEvents)' : '')).join(', ')},
        {title: 'Target URL', cell: (p) => p.targets.map((t) => t.address).join(', ')},
        {title: 'Event Types', cell: (p) => p.event_types.join(', ')},
        {title: 'Creation Time', cell: (p) => time(p.creation_time)},
        {title: '', className: 'nowrap', cell: (p) => canManage ? [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'test-webhook', onclick: () => testPolicy(ctx, name, p)}, 'Test'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'edit-webhook',
            onclick: () => editPolicy(ctx, name, supported.data, p)}, 'Edit'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-webhook', onclick: () => deletePolicy(ctx, name, p)}, 'Delete'),
        ] : null},
      ], list, {empty: 'No webhooks yet.', rowAttrs: (p) => ({'data-webhook-row': p.name})}),
      selected ? await history(ctx, name, list.find((p) => String(p.id) === selected)) : null);
}

async function history(ctx, project, policy) {
  if (!policy) return h('p.muted', 'That webhook no longer exists.');
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const path = base(project) + '/policies/' + policy.id + '/executions';
  const result = await api.get(path + '?page=' + page + '&page_size=' + PAGE_SIZE);
  const log = h('pre.log', {hidden: true, 'data-webhook-log': ''});
  const showTasks = async (execution, cell) => {
    const tasks = (await api.get(path + '/' + execution.id + '/tasks')).data || [];
    cell.replaceChildren(...tasks.map((t) => h('div', {'data-task-status': t.status},
        t.status + ' · ' + t.extra_attrs.address + ' · ' + t.run_count + ' attempt' + (t.run_count === 1 ? '' : 's') + ' ',
        h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'task-log', onclick: async () => {
          try {
            log.textContent = (await api.get(path + '/' + execution.id + '/tasks/' + t.id + '/log', {text: true})).data;
            log.hidden = false;
          } catch (e) { failed('No log yet', e); }
        }}, 'Log'))));
  };
  return h('section.webhook-history',
      h('h2.section-title', 'Delivery history · ' + policy.name),
      grid([
        {title: 'Execution', cell: (e) => String(e.id)},
        {title: 'Event Type', cell: (e) => e.extra_attrs.event_type},
        {title: 'Status', cell: (e) => h('span', {'data-execution-status': e.status}, e.status)},
        {title: 'Trigger', cell: (e) => e.trigger === 'MANUAL' ? 'Test' : 'Event'},
        {title: 'Start Time', cell: (e) => time(e.start_time)},
        {title: 'Deliveries', cell: (e) => {
          const cell = h('div', h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'show-tasks',
            onclick: () => showTasks(e, cell).catch((err) => failed('Could not read the deliveries', err))},
          e.metrics.success_task_count + ' of ' + e.metrics.task_count + ' delivered'));
          return cell;
        }},
      ], result.data || [], {empty: 'Nothing delivered yet.', rowAttrs: (e) => ({'data-execution-row': e.extra_attrs.event_type})}),
      pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'executions',
        onPage: (n) => { location.hash = location.hash.split('?')[0] + '?policy=' + policy.id + '&page=' + n; }}),
      log);
}

function editPolicy(ctx, project, supported, policy) {
  const isNew = !policy.id;
  const target = (policy.targets || [])[0] || {type: 'http', payload_format: 'Default'};
  const chosen = new Set(policy.event_types || supported.event_type);
  openDialog({
    title: isNew ? 'New webhook' : 'Edit webhook ' + policy.name,
    submitLabel: isNew ? 'Add' : 'Save',
    fields: [
      h('label', {for: 'webhook_name'}, 'Name'),
      h('input', {id: 'webhook_name', name: 'name', required: true, maxLength: 256, value: policy.name || ''}),
      h('label', {for: 'webhook_description'}, 'Description'),
      h('input', {id: 'webhook_description', name: 'description', value: policy.description || ''}),
      h('label', {for: 'webhook_type'}, 'Notify Type'),
      h('select', {id: 'webhook_type', name: 'type'}, supported.notify_type.map((t) => h('option', {value: t, selected: t === target.type}, t))),
      h('label', {for: 'webhook_format'}, 'Payload Format'),
      h('select', {id: 'webhook_format', name: 'payload_format'},
          ['Default', 'CloudEvents'].map((f) => h('option', {value: f, selected: f === target.payload_format}, f))),
      h('fieldset.checks', h('legend', 'Event Type'), supported.event_type.map((t) => h('label.check',
          h('input', {type: 'checkbox', name: 'event_types', value: t, checked: chosen.has(t)}), ' ' + t))),
      h('label', {for: 'webhook_address'}, 'Endpoint URL'),
      h('input', {id: 'webhook_address', name: 'address', type: 'url', required: true, placeholder: 'https://ci.example.com/hooks/wharf',
        value: target.address || ''}),
      h('label', {for: 'webhook_auth'}, 'Auth Header'),
      h('input', {id: 'webhook_auth', name: 'auth_header', placeholder: 'Bearer …', value: target.auth_header || ''}),
      h('label.check', h('input', {type: 'checkbox', name: 'skip_cert_verify', checked: !!target.skip_cert_verify}), ' Skip certificate verification'),
      h('label.check', h('input', {type: 'checkbox', name: 'enabled', checked: policy.enabled !== false}), ' Enabled'),
    ],
    onSubmit: async (form) => {
      const el = form.elements;
      const body = {
        name: el.name.value.trim(), description: el.description.value.trim(), enabled: el.enabled.checked,
        event_types: [...form.querySelectorAll('input[name=event_types]:checked')].map((c) => c.value),
        targets: [{type: el.type.value, address: el.address.value.trim(), auth_header: el.auth_header.value,
          skip_cert_verify: el.skip_cert_verify.checked, payload_format: el.type.value === 'slack' ? 'Default' : el.payload_format.value}],
      };
      if (isNew) {
        await api.post(base(project) + '/policies', body);
        toast('Webhook ' + body.name + ' created', 'success');
      } else {
        await api.put(base(project) + '/policies/' + policy.id, body);
        toast('Webhook ' + body.name + ' saved', 'success');
      }
      ctx.reload();
    },
  });
}

async function testPolicy(ctx, project, policy) {
  try {
    await api.post(base(project) + '/policies/' + policy.id + '/test');
    toast('A test event is on its way to ' + policy.targets.map((t) => t.address).join(', '), 'success');
    location.hash = '#/projects/' + encodeURIComponent(project) + '/webhooks?policy=' + policy.id;
    ctx.reload();
  } catch (e) {
    failed('Could not send a test event', e);
  }
}

async function deletePolicy(ctx, project, policy) {
  if (!confirm('Delete webhook ' + policy.name + ' and its delivery history?')) return;
  try {
    await api.del(base(project) + '/policies/' + policy.id);
    toast('Webhook ' + policy.name + ' deleted', 'success');
    location.hash = '#/projects/' + encodeURIComponent(project) + '/webhooks';
  } catch (e) {
    failed('Could not delete ' + policy.name, e);
  }
}
