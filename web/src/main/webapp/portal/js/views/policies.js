// A project's policies, as Harbor's "Policy" tab: tag retention (rules, schedule, dry run, run now,
// run history with each repository's result and log) and tag immutability rules. Project admins change them.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {abilities, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';

const TEMPLATES = {
  latestPushedK: 'retain the most recently pushed # artifacts',
  latestPulledN: 'retain the most recently pulled # artifacts',
  nDaysSinceLastPush: 'retain the artifacts pushed within the last # days',
  nDaysSinceLastPull: 'retain the artifacts pulled within the last # days',
  always: 'retain always',
};

const selector = (decoration, pattern, untagged) =>
  ({kind: 'doublestar', decoration, pattern, extras: JSON.stringify({untagged: !!untagged})});
const describeSelectors = (list, negative) =>
  (list || []).map((s) => (s.decoration === negative ? 'not ' : '') + s.pattern).join(', ');
const untaggedOf = (rule) => (rule.tag_selectors || []).some((s) => { try { return JSON.parse(s.extras || '{}').untagged; } catch { return false; } });

export async function projectPoliciesPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  const canManage = abilities(ctx.user, project).configure;
  document.title = name + ' policies · Wharf';
  const retentionId = project.metadata && project.metadata.retention_id;
  let policy = null;
  let runs = [];
  if (retentionId) {
    try {
      policy = (await api.get('/api/v2.0/retentions/' + encodeURIComponent(retentionId))).data;
      runs = (await api.get('/api/v2.0/retentions/' + policy.id + '/executions?page_size=10')).data || [];
    } catch (e) {
      if (e.status !== 404 && e.status !== 403) throw e;
    }
  }
  const immutable = (await api.get(api.paths.project(name) + '/immutabletagrules')).data || [];
  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)}, {label: 'Policies'}]),
      pageTitle(name + ' · Policies'),
      h('h2.section-title', 'Tag retention'),
      h('p.muted', 'Artifacts in repositories a rule covers are kept when any rule retains them; the rest are deleted. '
          + 'Immutable tags are always kept. A dry run shows what a run would delete.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', disabled: !canManage, 'data-action': 'add-retention-rule',
            onclick: () => editRetentionRule(ctx, project, policy)}, '+ Add rule'),
          h('button.btn.btn-outline', {type: 'button', disabled: !canManage || !policy, 'data-action': 'dry-run',
            onclick: () => startRun(ctx, policy, true)}, 'Dry run'),
          h('button.btn.btn-outline', {type: 'button', disabled: !canManage || !policy, 'data-action': 'run-now',
            onclick: () => startRun(ctx, policy, false)}, 'Run now'),
          h('button.btn.btn-outline', {type: 'button', disabled: !canManage || !policy, 'data-action': 'edit-schedule',
            onclick: () => editSchedule(ctx, policy)}, 'Schedule: ' + ((policy && policy.trigger.settings.cron) || 'none')),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Rule', cell: (r) => TEMPLATES[r.template].replace('#', String((r.params || {})[r.template] ?? ''))},
        {title: 'Repositories', cell: (r) => describeSelectors(r.scope_selectors.repository, 'repoExcludes')},
        {title: 'Tags', cell: (r) => describeSelectors(r.tag_selectors, 'excludes') + (untaggedOf(r) ? ' (and untagged)' : '')},
        {title: '', className: 'nowrap', cell: (r, i) => canManage ? h('button.btn.btn-outline.btn-small', {type: 'button',
          'data-action': 'delete-retention-rule', onclick: () => saveRules(ctx, project, policy, policy.rules.filter((x) => x !== r))}, 'Delete') : null},
      ], policy ? policy.rules : [], {empty: 'No retention rules: nothing is ever deleted.', rowAttrs: () => ({'data-retention-rule': ''})}),
      h('h3', 'Runs'),
      grid([
        {title: 'Run', cell: (e) => String(e.id)},
        {title: 'Status', cell: (e) => h('span', {'data-run-status': e.status}, e.status)},
        {title: 'Dry run', cell: (e) => e.dry_run ? 'yes' : 'no'},
        {title: 'Trigger', cell: (e) => e.trigger},
        {title: 'Started', cell: (e) => time(e.start_time)},
        {title: '', className: 'nowrap', cell: (e) => [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'show-run', onclick: (ev) => showTasks(ev.target, policy, e)}, 'Repositories'),
          canManage && ['Pending', 'Running'].includes(e.status) ? h('button.btn.btn-outline.btn-small', {type: 'button',
            onclick: () => stopRun(ctx, policy, e)}, 'Stop') : null,
        ]},
      ], runs, {empty: 'No runs yet.', rowAttrs: (e) => ({'data-run': String(e.id)})}),
      h('h2.section-title', 'Tag immutability'),
      h('p.muted', 'A tag an enabled rule matches cannot be pushed again with another image or deleted; retention keeps it.'),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', disabled: !canManage, 'data-action': 'add-immutable-rule',
            onclick: () => editImmutableRule(ctx, name)}, '+ Add rule')),
      grid([
        {title: 'Repositories', cell: (r) => describeSelectors(r.scope_selectors.repository, 'repoExcludes')},
        {title: 'Tags', cell: (r) => describeSelectors(r.tag_selectors, 'excludes')},
        {title: 'Enabled', cell: (r) => r.disabled ? 'no' : 'yes'},
        {title: '', className: 'nowrap', cell: (r) => canManage ? [
          h('button.btn.btn-outline.btn-small', {type: 'button', onclick: () => toggleImmutable(ctx, name, r)}, r.disabled ? 'Enable' : 'Disable'), ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-immutable-rule', onclick: () => deleteImmutable(ctx, name, r)}, 'Delete'),
        ] : null},
      ], immutable, {empty: 'No immutability rules.', rowAttrs: () => ({'data-immutable-rule': ''})}));
}

function selectorFields(prefix, withUntagged) {
  return [
    h('label', {for: prefix + '_repo'}, 'Repositories (doublestar pattern, e.g. ** or team/*)'),
    h('div', h('select', {id: prefix + '_repo_dec', name: 'repoDecoration'}, h('option', {value: 'repoMatches'}, 'matching'),
        h('option', {value: 'repoExcludes'}, 'excluding')), h('input', {id: prefix + '_repo', name: 'repo', required: true, value: '**'})),
    h('label', {for: prefix + '_tags'}, 'Tags (doublestar pattern, e.g. v* or {latest,stable})'),
    h('div', h('select', {id: prefix + '_tags_dec', name: 'tagDecoration'}, h('option', {value: 'matches'}, 'matching'),
        h('option', {value: 'excludes'}, 'excluding')), h('input', {id: prefix + '_tags', name: 'tags', required: true, value: '**'})),
    withUntagged ? h('label', h('input', {type: 'checkbox', name: 'untagged'}), ' untagged artifacts too') : null,
  ];
}

function selectorsFrom(form) {
  return {
    tag_selectors: [selector(form.elements.tagDecoration.value, form.elements.tags.value.trim(), form.elements.untagged && form.elements.untagged.checked)],
    scope_selectors: {repository: [selector(form.elements.repoDecoration.value, form.elements.repo.value.trim(), false)]},
  };
}

async function saveRules(ctx, project, policy, rules, cron) {
  const body = {algorithm: 'or', rules,
    trigger: {kind: 'Schedule', settings: {cron: cron ?? (policy ? policy.trigger.settings.cron : '')}},
    scope: {level: 'project', ref: project.project_id}};
  try {
    if (policy) await api.put('/api/v2.0/retentions/' + policy.id, body);
    else await api.post('/api/v2.0/retentions', body);
    toast('Retention policy saved', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not save the retention policy', e);
    throw e;
  }
}

function editRetentionRule(ctx, project, policy) {
  openDialog({
    title: 'Add a retention rule',
    submitLabel: 'Add',
    fields: [
      h('label', {for: 'ret_template'}, 'For the selected artifacts'),
      h('select', {id: 'ret_template', name: 'template'}, Object.entries(TEMPLATES).map(([k, v]) => h('option', {value: k}, v))),
      h('label', {for: 'ret_count'}, '# (count or days)'),
      h('input', {id: 'ret_count', name: 'count', type: 'number', min: 1, max: 99999, value: 10}),
      ...selectorFields('ret', true),
    ],
    onSubmit: async (form) => {
      const template = form.elements.template.value;
      const params = template === 'always' ? {} : {[template]: parseInt(form.elements.count.value, 10)};
      const rule = {disabled: false, action: 'retain', template, params, ...selectorsFrom(form)};
      await saveRules(ctx, project, policy, [...(policy ? policy.rules : []), rule]);
    },
  });
}

function editSchedule(ctx, policy) {
  openDialog({
    title: 'Retention schedule',
    submitLabel: 'Save',
    fields: [
      h('label', {for: 'ret_cron'}, 'Cron, six fields with seconds first (e.g. 0 0 3 * * * daily at 03:00); empty for none'),
      h('input', {id: 'ret_cron', name: 'cron', value: policy.trigger.settings.cron || ''}),
    ],
    onSubmit: async (form) => {
      await saveRules(ctx, {project_id: policy.scope.ref}, policy, policy.rules, form.elements.cron.value.trim());
    },
  });
}

async function startRun(ctx, policy, dryRun) {
  try {
    await api.post('/api/v2.0/retentions/' + policy.id + '/executions', {dry_run: dryRun});
    toast(dryRun ? 'Dry run started' : 'Retention run started', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not start the run', e);
  }
}

async function stopRun(ctx, policy, run) {
  try {
    await api.request('PATCH', '/api/v2.0/retentions/' + policy.id + '/executions/' + run.id, {body: {action: 'stop'}});
    ctx.reload();
  } catch (e) {
    failed('Could not stop run ' + run.id, e);
  }
}

async function showTasks(button, policy, run) {
  const row = button.closest('tr');
  if (row.nextElementSibling && row.nextElementSibling.dataset.tasksOf === String(run.id)) {
    row.nextElementSibling.remove();
    return;
  }
  const base = '/api/v2.0/retentions/' + policy.id + '/executions/' + run.id + '/tasks';
  try {
    const tasks = (await api.get(base + '?page_size=100')).data || [];
    const log = h('pre.log', {hidden: true, 'data-retention-log': ''});
    const detail = h('tr', {'data-tasks-of': String(run.id)}, h('td', {colSpan: 6},
        grid([
          {title: 'Repository', cell: (t) => t.repository},
          {title: 'Status', cell: (t) => t.status},
          {title: 'Artifacts', className: 'num', cell: (t) => String(t.total)},
          {title: 'Retained', className: 'num', cell: (t) => String(t.retained)},
          {title: run.dry_run ? 'Would delete' : 'Deleted', className: 'num', cell: (t) => String(t.total - t.retained)},
          {title: '', cell: (t) => h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'show-log', onclick: async () => {
            log.textContent = (await api.get(base + '/' + t.id, {text: true})).data || '';
            log.hidden = false;
          }}, 'Log')},
        ], tasks, {empty: 'No repository matched the rules.', rowAttrs: (t) => ({'data-task': t.repository})}), log));
    row.after(detail);
  } catch (e) {
    failed('Could not read run ' + run.id, e);
  }
}

function editImmutableRule(ctx, project) {
  openDialog({
    title: 'Add an immutability rule',
    submitLabel: 'Add',
    fields: selectorFields('imm', false),
    onSubmit: async (form) => {
      await api.post(api.paths.project(project) + '/immutabletagrules',
          {disabled: false, action: 'immutable', template: 'immutable_template', ...selectorsFrom(form)});
      toast('Immutability rule added', 'success');
      ctx.reload();
    },
  });
}

async function toggleImmutable(ctx, project, rule) {
  try {
    await api.put(api.paths.project(project) + '/immutabletagrules/' + rule.id, {disabled: !rule.disabled});
    ctx.reload();
  } catch (e) {
    failed('Could not change the rule', e);
  }
}

async function deleteImmutable(ctx, project, rule) {
  if (!confirm('Delete this immutability rule? Its tags can then be overwritten and deleted.')) return;
  try {
    await api.del(api.paths.project(project) + '/immutabletagrules/' + rule.id);
    toast('Immutability rule deleted', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not delete the rule', e);
  }
}
