// A repository's artifacts: tags, digest, size, push and pull times, and the scan column, which
// follows running scans by polling until each one ends. "Scan" scans the selected artifacts.
import {labelChip} from '../parts/label-chip.js';
import {h, icon, mount} from '../dom.js';
import * as api from '../api.js';
import {abilities, inProgress, overviewOf, pullCommand, shortDigest, size, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {copyButton, commandLine} from '../parts/copy.js';
import {scanCell} from '../parts/scan-bar.js';
import {failed, toast} from '../parts/toast.js';
import {Requests} from './scan-requests.js';

const PAGE_SIZE = 15;
const POLL_MS = 2000;

export async function repositoryPage(ctx) {
  const {project: p, repository: r} = ctx.params;
  const full = p + '/' + r;
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const base = '#/projects/' + encodeURIComponent(p) + '/repositories/' + encodeURIComponent(r);
  document.title = full + ' · Wharf';

  const [project, repo] = await Promise.all([
    api.get(api.paths.project(p)).then((x) => x.data),
    api.get(api.paths.repository(p, r)).then((x) => x.data),
  ]);
  const can = abilities(ctx.user, project);
  const selected = new Set();
  const requests = new Requests();
  let result = await api.get(api.paths.artifacts(p, r, {page, page_size: PAGE_SIZE}));
  let artifacts = result.data || [];

  const gridBox = h('div');
  const scanButton = h('button.btn.btn-primary', {type: 'button', 'data-action': 'scan', disabled: true,
    title: can.scan ? 'Scan the selected artifacts for vulnerabilities' : 'Guests cannot start scans'}, 'Scan');
  const selectionNote = h('span.muted');
  scanButton.addEventListener('click', () => scanSelected());

  const logHref = (a, o) => o && o.report_id ? api.paths.scanLog(p, r, a.digest, o.report_id) : null;
  const cellOf = (a) => scanCell(overviewOf(a), {requested: requests.pending(a, overviewOf(a)), logHref: logHref(a, overviewOf(a))});

  function syncToolbar() {
    scanButton.disabled = !can.scan || selected.size === 0;
    selectionNote.textContent = selected.size ? selected.size + ' selected' : '';
  }

  function drawGrid() {
    const all = h('input', {type: 'checkbox', 'aria-label': 'Select all artifacts',
      checked: artifacts.length > 0 && artifacts.every((a) => selected.has(a.digest))});
    all.addEventListener('change', () => {
      artifacts.forEach((a) => (all.checked ? selected.add(a.digest) : selected.delete(a.digest)));
      drawGrid();
    });
    mount(gridBox,
        grid([
          {title: all, className: 'select', cell: (a) => rowCheckbox(a)},
          {title: 'Artifacts', cell: (a) => h('span.digest',
              h('a.strong.mono', {href: base + '/artifacts/' + encodeURIComponent(a.digest), title: a.digest}, shortDigest(a.digest)),
              copyButton(a.digest, 'Copy digest'))},
          {title: 'Tags', cell: (a) => tagChips(a)},
          {title: 'Labels', cell: (a) => (a.labels || []).length ? h('span.labels', a.labels.map((l) => labelChip(l))) : ''},
          {title: 'Pull Command', className: 'center', cell: (a) => copyButton(pullCommand(full, firstRef(a)), 'Copy pull command')},
          {title: 'Size', className: 'num', cell: (a) => size(a.size)},
          {title: 'Vulnerabilities', className: 'scan', cell: (a) => h('div', {'data-scan-cell': a.digest}, cellOf(a))},
          {title: 'Push Time', className: 'nowrap', cell: (a) => time(a.push_time)},
          {title: 'Pull Time', className: 'nowrap', cell: (a) => time(a.pull_time) || h('span.muted', '—')},
        ], artifacts, {
          empty: 'No artifacts: push one with ' + pullCommand(full, 'TAG').replace('docker pull', 'docker push'),
          rowAttrs: (a) => ({'data-digest': a.digest, 'data-tags': (a.tags || []).map((t) => t.name).join(' '),
            class: selected.has(a.digest) ? 'selected' : null}),
        }),
        pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'artifacts',
          onPage: (n) => { location.hash = base + '?page=' + n; }}));
    syncToolbar();
  }

  function rowCheckbox(a) {
    const box = h('input', {type: 'checkbox', checked: selected.has(a.digest), 'aria-label': 'Select ' + firstRef(a)});
    box.addEventListener('change', () => {
      if (box.checked) selected.add(a.digest); else selected.delete(a.digest);
      box.closest('tr').classList.toggle('selected', box.checked);
      syncToolbar();
    });
    return box;
  }

  async function scanSelected() {
    const chosen = artifacts.filter((a) => selected.has(a.digest));
    scanButton.disabled = true;
    let started = 0;
    for (const a of chosen) {
      try {
        await api.post(api.paths.scan(p, r, a.digest));
        requests.add(a, overviewOf(a));
        started++;
      } catch (e) {
        failed('Could not scan ' + firstRef(a), e);
      }
    }
    if (started) toast('Scan requested for ' + started + (started === 1 ? ' artifact' : ' artifacts'), 'success');
    selected.clear();
    drawGrid();
    poll();
  }

  // While any scan is queued or running, read the list again and redraw only the scan cells.
  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      while (ctx.alive() && artifacts.some((a) => inProgress(overviewOf(a)) || requests.pending(a, overviewOf(a)))) {
        await new Promise((done) => setTimeout(done, POLL_MS));
        if (!ctx.alive()) break;
        try {
          result = await api.get(api.paths.artifacts(p, r, {page, page_size: PAGE_SIZE}));
        } catch (e) {
          failed('Could not refresh the scan status', e);
          continue;
        }
        const fresh = result.data || [];
        const sameRows = fresh.length === artifacts.length && fresh.every((a, i) => a.digest === artifacts[i].digest);
        artifacts = fresh;
        if (!sameRows) { drawGrid(); continue; }
        for (const a of artifacts) {
          const cell = gridBox.querySelector(`[data-scan-cell="${CSS.escape(a.digest)}"]`);
          if (cell) mount(cell, cellOf(a));
        }
      }
    } finally {
      polling = false;
    }
  }

  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'},
        {label: p, href: '#/projects/' + encodeURIComponent(p)}, {label: r}]),
      pageTitle(full),
      h('div.summary',
          fact('Artifacts', String(repo.artifact_count)),
          fact('Pulls', String(repo.pull_count)),
          fact('Last push', time(repo.update_time) || '—'),
          h('div.fact.fact-wide', h('div.fact-label', 'Pull'), commandLine(pullCommand(full, firstRef(artifacts[0] || {tags: [{name: 'latest'}]}))))),
      h('div.toolbar', scanButton, selectionNote, h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      gridBox);
  drawGrid();
  poll();
}

export function firstRef(a) {
  return a.tags && a.tags.length ? a.tags[0].name : a.digest;
}

function tagChips(a) {
  if (!a.tags || !a.tags.length) return h('span.muted', 'untagged');
  return h('span.tags', a.tags.map((t) => h('span.tag', {title: 'pushed ' + time(t.push_time)}, t.name)));
}

function fact(label, value) {
  return h('div.fact', h('div.fact-label', label), h('div.fact-value', value));
}
