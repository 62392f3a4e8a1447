// Replications, as Harbor's "Replications" page (Administration): rules that copy images from Wharf
// to a registry endpoint (push-based) or from an endpoint into Wharf (pull-based), run by hand, on a
// schedule or on every push and delete; each run's progress, its tasks (one per image) and their logs.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {time} from '../format.js';
import {pageTitle} from '../parts/layout.js';
import {grid} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';

const POLL_MS = 2000;
const POLICIES = '/api/v2.0/replication/policies';
const EXECUTIONS = '/api/v2.0/replication/executions';
const TRIGGERS = [['manual', 'Manual'], ['scheduled', 'Scheduled'], ['event_based', 'Event based']];

export async function replicationsPage(ctx) {
  document.title = 'Replications · Wharf';
  const [policies, registries] = await Promise.all([
    api.get(POLICIES + '?page_size=100'), api.get('/api/v2.0/registries?page_size=100')]);
  const rules = policies.data || [];
  const endpoints = registries.data || [];
  let selected = rules.length ? rules[0] : null;
  const executionsBox = h('div', {'data-executions': ''});
  const tasksBox = h('div', {'data-tasks': ''});
  const logBox = h('pre.log', {'data-task-log': '', hidden: true});

  async function loadExecutions() {
    if (!selected) {
      executionsBox.replaceChildren(h('p.muted', 'No rule selected.'));
      return [];
    }
    const rule = selected;
    const result = await api.get(EXECUTIONS + '?' + new URLSearchParams({policy_id: rule.id, page_size: 15}));
    const rows = result.data || [];
    if (selected !== rule) return rows; // another rule was picked meanwhile: its own load shows it
    executionsBox.replaceChildren(
        h('h2.panel-title', 'Executions of ' + selected.name),
        grid([
          {title: 'ID', cell: (e) => String(e.id)},
          {title: 'Status', cell: (e) => h('span.badge' + badge(e.status), {'data-status': e.status}, e.status)},
          {title: 'Trigger', cell: (e) => e.trigger},
          {title: 'Start Time', cell: (e) => time(e.start_time)},
          {title: 'Progress', cell: (e) => h('span', {'data-progress': ''}, progress(e))},
          {title: '', className: 'nowrap', cell: (e) => [
            h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'show-tasks', onclick: () => loadTasks(e)}, 'Tasks'),
            e.status === 'InProgress' ? [' ', h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'stop-execution',
              onclick: () => stop(e)}, 'Stop')] : null,
          ]},
        ], rows, {empty: 'Not run yet.', rowAttrs: (e) => ({'data-execution-row': String(e.id)})}));
    return rows;
  }

  async function loadTasks(e) {
    const result = await api.get(EXECUTIONS + '/' + e.id + '/tasks?page_size=100');
    logBox.hidden = true;
    tasksBox.replaceChildren(
        h('h2.panel-title', 'Tasks of execution ' + e.id),
        grid([
          {title: 'Resource', cell: (t) => t.src_resource},
          {title: 'Destination', cell: (t) => t.dst_resource},
          {title: 'Operation', cell: (t) => t.operation},
          {title: 'Status', cell: (t) => h('span.badge' + badge(t.status), {'data-status': t.status}, t.status)},
          {title: 'Detail', cell: (t) => t.status_text || ''},
          {title: '', cell: (t) => h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'task-log',
            onclick: async () => {
              const log = await api.get(EXECUTIONS + '/' + e.id + '/tasks/' + t.id + '/log', {text: true});
              logBox.textContent = log.data || '(no log yet)';
              logBox.hidden = false;
            }}, 'Log')},
        ], result.data || [], {empty: e.status === 'InProgress' ? 'No tasks yet: the source is being listed.' : 'No tasks: nothing matched the filters.', rowAttrs: (t) => ({'data-task-row': t.src_resource})}));
  }

  async function stop(e) {
    try {
      await api.put(EXECUTIONS + '/' + e.id, {});
      toast('Execution ' + e.id + ' stopped', 'success');
    } catch (err) {
      failed('Could not stop execution ' + e.id, err);
    }
    await loadExecutions();
  }

  async function follow() {
    let rows = await loadExecutions();
    while (ctx.alive() && rows.some((e) => e.status === 'InProgress')) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      if (!ctx.alive()) return;
      rows = await loadExecutions();
    }
  }

  async function replicate(r) {
    // The panels show the rule being run from now on: another rule's executions (or tasks) left
    // on screen while the new one is started would read as this run's.
    selected = r;
    executionsBox.replaceChildren(h('h2.panel-title', 'Executions of ' + r.name), h('p.muted', 'Starting…'));
    tasksBox.replaceChildren();
    logBox.hidden = true;
    try {
      await api.post(EXECUTIONS, {policy_id: r.id});
      toast('Replication of ' + r.name + ' started', 'success');
      follow();
    } catch (e) {
      failed('Could not start ' + r.name, e);
    }
  }

  ctx.show(
      pageTitle('Replications'),
      h('p.muted', 'Rules that copy images between Wharf and the registry endpoints, with every platform, signature and SBOM.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', 'data-action': 'new-rule', disabled: !endpoints.length,
            title: endpoints.length ? '' : 'Add a registry endpoint first', onclick: () => editRule(ctx, {}, endpoints)}, '+ New replication rule'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (r) => h('button.link-button', {type: 'button', 'data-action': 'show-executions',
          onclick: () => { selected = r; tasksBox.replaceChildren(); logBox.hidden = true; follow(); }}, r.name)},
        {title: 'Status', cell: (r) => r.enabled ? 'Enabled' : 'Disabled'},
        {title: 'Source', cell: (r) => r.src_registry ? r.src_registry.name : 'Local'},
        {title: 'Destination', cell: (r) => (r.dest_registry ? r.dest_registry.name : 'Local') + (r.dest_namespace ? ' / ' + r.dest_namespace : '')},
        {title: 'Trigger', cell: (r) => (TRIGGERS.find(([v]) => v === r.trigger.type) || [0, r.trigger.type])[1]
            + (r.trigger.type === 'scheduled' ? ' (' + r.trigger.trigger_settings.cron + ')' : '')},
        {title: '', className: 'nowrap', cell: (r) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'replicate', onclick: () => replicate(r)}, 'Replicate'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'edit-rule', onclick: () => editRule(ctx, r, endpoints)}, 'Edit'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-rule', onclick: () => deleteRule(ctx, r)}, 'Delete'),
        ]},
      ], rules, {empty: 'No replication rules yet.', rowAttrs: (r) => ({'data-rule-row': r.name})}),
      h('div.panel', executionsBox),
      h('div.panel', tasksBox, logBox));
  follow();
}

function badge(status) {
  return status === 'Succeed' ? '.badge-ok' : status === 'Failed' ? '.badge-warn' : '';
}

function progress(e) {
  // Planned in the background: for a moment an execution has no task yet, its source still being listed.
  if (e.status === 'InProgress' && !e.total) return 'listing the source…';
  return e.succeed + ' of ' + e.total + ' done' + (e.failed ? ', ' + e.failed + ' failed' : '')
      + (e.in_progress ? ', ' + e.in_progress + ' in progress' : '') + (e.stopped ? ', ' + e.stopped + ' stopped' : '');
}

function editRule(ctx, r, endpoints) {
  const isNew = !r.id;
  const pull = !!(r.src_registry && r.src_registry.id);
  const remote = pull ? r.src_registry : r.dest_registry;
  const filter = (type) => (r.filters || []).find((f) => f.type === type) || {};
  const fields = [
    h('label', {for: 'rule_name'}, 'Name'),
    h('input', {id: 'rule_name', name: 'name', required: true, maxLength: 255, value: r.name || ''}),
    h('label', {for: 'rule_description'}, 'Description'),
    h('input', {id: 'rule_description', name: 'description', value: r.description || ''}),
    h('label', {for: 'rule_mode'}, 'Replication mode'),
    h('select', {id: 'rule_mode', name: 'mode'},
        h('option', {value: 'push', selected: !pull}, 'Push-based (Wharf to the endpoint)'),
        h('option', {value: 'pull', selected: pull}, 'Pull-based (the endpoint into Wharf)')),
    h('label', {for: 'rule_registry'}, 'Registry endpoint'),
    h('select', {id: 'rule_registry', name: 'registry'},
        endpoints.map((e) => h('option', {value: String(e.id), selected: remote && remote.id === e.id}, e.name + ' (' + e.url + ')'))),
    h('label', {for: 'rule_name_filter'}, 'Name filter (e.g. library/**)'),
    h('input', {id: 'rule_name_filter', name: 'name_filter', value: filter('name').value || ''}),
    h('label', {for: 'rule_tag_filter'}, 'Tag filter (e.g. v*)'),
    h('input', {id: 'rule_tag_filter', name: 'tag_filter', value: filter('tag').value || ''}),
    h('label.checkbox', h('input', {type: 'checkbox', name: 'tag_excludes', checked: filter('tag').decoration === 'excludes'}),
        ' Tags matching the filter are left out'),
    h('label', {for: 'rule_namespace'}, 'Destination namespace'),
    h('input', {id: 'rule_namespace', name: 'dest_namespace', value: r.dest_namespace || ''}),
    h('label', {for: 'rule_replace'}, 'Path components replaced (-1: all but the last, 0: prefix)'),
    h('input', {id: 'rule_replace', name: 'replace_count', type: 'number', min: -1, max: 10,
      value: r.dest_namespace_replace_count === undefined ? -1 : r.dest_namespace_replace_count}),
    h('label', {for: 'rule_trigger'}, 'Trigger'),
    h('select', {id: 'rule_trigger', name: 'trigger'},
        TRIGGERS.map(([v, label]) => h('option', {value: v, selected: v === (r.trigger ? r.trigger.type : 'manual')}, label))),
    h('label', {for: 'rule_cron'}, 'Cron (scheduled: seconds minutes hours day month weekday)'),
    h('input', {id: 'rule_cron', name: 'cron', placeholder: '0 0 * * * *', value: r.trigger && r.trigger.trigger_settings.cron || ''}),
    h('label', {for: 'rule_speed'}, 'Bandwidth limit (KiB/s, 0: none)'),
    h('input', {id: 'rule_speed', name: 'speed', type: 'number', min: 0, value: r.speed || 0}),
    h('label.checkbox', h('input', {type: 'checkbox', name: 'override', checked: r.override !== false}), ' Override what the destination has'),
    h('label.checkbox', h('input', {type: 'checkbox', name: 'deletion', checked: !!r.replicate_deletion}), ' Replicate deletions'),
    h('label.checkbox', h('input', {type: 'checkbox', name: 'enabled', checked: r.enabled !== false}), ' Enabled'),
  ];
  openDialog({
    title: isNew ? 'New replication rule' : 'Edit rule ' + r.name,
    submitLabel: isNew ? 'Save' : 'Save',
    fields,
    onSubmit: async (form) => {
      const e = form.elements;
      const registry = {id: parseInt(e.registry.value, 10)};
      const filters = [];
      if (e.name_filter.value.trim()) filters.push({type: 'name', value: e.name_filter.value.trim()});
      if (e.tag_filter.value.trim()) {
        filters.push({type: 'tag', value: e.tag_filter.value.trim(), decoration: e.tag_excludes.checked ? 'excludes' : 'matches'});
      }
      const body = {
        name: e.name.value.trim(), description: e.description.value.trim(),
        src_registry: e.mode.value === 'pull' ? registry : null, dest_registry: e.mode.value === 'push' ? registry : null,
        dest_namespace: e.dest_namespace.value.trim(), dest_namespace_replace_count: parseInt(e.replace_count.value, 10),
        trigger: {type: e.trigger.value, trigger_settings: {cron: e.cron.value.trim()}}, filters,
        override: e.override.checked, replicate_deletion: e.deletion.checked, enabled: e.enabled.checked,
        speed: parseInt(e.speed.value || '0', 10),
      };
      if (isNew) await api.post(POLICIES, body);
      else await api.put(POLICIES + '/' + r.id, body);
      toast('Rule ' + body.name + ' saved', 'success');
      ctx.reload();
    },
  });
}

async function deleteRule(ctx, r) {
  if (!confirm('Delete replication rule ' + r.name + '?')) return;
  try {
    await api.del(POLICIES + '/' + r.id);
    toast('Rule ' + r.name + ' deleted', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not delete ' + r.name, e);
  }
}
