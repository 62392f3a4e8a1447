// Labels, as Harbor's "Labels" pages: the global ones (administrators manage them) at #/labels,
// and a project's own at #/projects/P/labels (its admins and maintainers manage them).
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {abilities, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {openDialog} from '../parts/dialog.js';
import {failed, toast} from '../parts/toast.js';
import {labelChip} from '../parts/label-chip.js';

const PAGE_SIZE = 15;

export async function globalLabelsPage(ctx) {
  document.title = 'Labels · Wharf';
  await labelsPage(ctx, {scope: 'g', canManage: !!ctx.user.sysadmin_flag, head: [pageTitle('Labels')],
    hint: 'Global labels can be attached to artifacts of every project; only administrators create them.'});
}

export async function projectLabelsPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  document.title = name + ' labels · Wharf';
  await labelsPage(ctx, {scope: 'p', projectId: project.project_id, canManage: abilities(ctx.user, project).configure,
    head: [crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)},
      {label: 'Labels'}]), pageTitle(name + ' · Labels')],
    hint: 'Labels of this project; its admins and maintainers create them, developers attach them to artifacts.'});
}

async function labelsPage(ctx, {scope, projectId, canManage, head, hint}) {
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const q = {scope, page, page_size: PAGE_SIZE};
  if (projectId) q.project_id = projectId;
  const result = await api.get(api.paths.labels(q));
  const labels = result.data || [];
  ctx.show(
      ...head,
      h('p.muted', hint),
      h('div.toolbar',
          h('button.btn.btn-primary', {type: 'button', disabled: !canManage, 'data-action': 'new-label',
            title: canManage ? 'Create a label' : 'You cannot create labels here',
            onclick: () => editLabel(ctx, {scope, project_id: projectId})}, '+ New label'),
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Label', cell: (l) => labelChip(l)},
        {title: 'Description', cell: (l) => l.description || h('span.muted', '—')},
        {title: 'Creation Time', cell: (l) => time(l.creation_time)},
        {title: '', className: 'nowrap', cell: (l) => canManage ? [
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'edit-label', onclick: () => editLabel(ctx, l)}, 'Edit'),
          ' ',
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': 'delete-label', onclick: () => deleteLabel(ctx, l)}, 'Delete'),
        ] : null},
      ], labels, {empty: 'No labels yet.', rowAttrs: (l) => ({'data-label-row': l.name})}),
      pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'labels',
        onPage: (n) => { location.hash = location.hash.split('?')[0] + '?page=' + n; }}));
}

function editLabel(ctx, label) {
  const isNew = !label.id;
  openDialog({
    title: isNew ? 'New label' : 'Edit label ' + label.name,
    submitLabel: isNew ? 'Create' : 'Save',
    fields: [
      h('label', {for: 'label_name'}, 'Name'),
      h('input', {id: 'label_name', name: 'name', required: true, maxLength: 128, value: label.name || ''}),
      h('label', {for: 'label_color'}, 'Color'),
      h('input', {id: 'label_color', name: 'color', type: 'color', value: label.color || '#0072a3'}),
      h('label', {for: 'label_description'}, 'Description'),
      h('input', {id: 'label_description', name: 'description', value: label.description || ''}),
    ],
    onSubmit: async (form) => {
      const body = {name: form.elements.name.value.trim(), color: form.elements.color.value,
        description: form.elements.description.value.trim()};
      if (isNew) {
        await api.post(api.paths.labels(), {...body, scope: label.scope, project_id: label.project_id});
        toast('Label ' + body.name + ' created', 'success');
      } else {
        await api.put(api.paths.label(label.id), body);
        toast('Label ' + body.name + ' saved', 'success');
      }
      ctx.reload();
    },
  });
}

async function deleteLabel(ctx, label) {
  if (!confirm('Delete label ' + label.name + '? It is removed from every artifact that has it.')) return;
  try {
    await api.del(api.paths.label(label.id));
    toast('Label ' + label.name + ' deleted', 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not delete ' + label.name, e);
  }
}
