// Administration: garbage collection ("Clean Up" in Harbor). Its schedule and options, "GC Now" and
// "Dry run", and the history of runs with what each removed and its log.
import {h, mount} from '../dom.js';
import * as api from '../api.js';
import {pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';
import {size, time} from '../format.js';

const POLL_MS = 2000;
const PAGE_SIZE = 10;
const TYPES = ['None', 'Hourly', 'Daily', 'Weekly', 'Custom'];

export async function gcPage(ctx) {
  document.title = 'Clean Up · Wharf';
  if (!ctx.user.sysadmin_flag) {
    ctx.show(pageTitle('Clean Up'), h('div.empty', 'Only administrators can run garbage collection.'));
    return;
  }
  const type = h('select', {name: 'schedule-type', 'aria-label': 'Schedule'}, TYPES.map((t) => h('option', {value: t}, t)));
  const cron = h('input', {type: 'text', name: 'cron', placeholder: '0 0 3 * * 6 (second minute hour day month weekday)', size: 34});
  const untagged = h('input', {type: 'checkbox', name: 'delete-untagged'});
  const workers = h('select', {name: 'workers', 'aria-label': 'Workers'}, [1, 2, 3, 4, 5].map((n) => h('option', {value: String(n)}, String(n))));
  const save = h('button.btn', {type: 'button', 'data-action': 'gc-save'}, 'Save');
  const now = h('button.btn.btn-primary', {type: 'button', 'data-action': 'gc-now'}, 'GC Now');
  const dry = h('button.btn', {type: 'button', 'data-action': 'gc-dry-run'}, 'Dry run');
  const historyBox = h('div', {'data-gc-history': ''});
  const logBox = h('div');
  let page = 1;
  let runs = [];

  const parameters = () => ({delete_untagged: untagged.checked, workers: Number(workers.value)});
  const showCron = () => { cron.hidden = type.value !== 'Custom'; };
  type.addEventListener('change', showCron);

  async function loadSchedule() {
    const s = (await api.get('/api/v2.0/system/gc/schedule')).data;
    type.value = s.schedule.type || 'None';
    if (!TYPES.includes(type.value)) type.value = 'Custom';
    cron.value = s.schedule.cron || '';
    const p = JSON.parse(s.job_parameters || '{}');
    untagged.checked = !!p.delete_untagged;
    workers.value = String(p.workers || 1);
    showCron();
  }

  async function loadHistory() {
    const result = await api.get('/api/v2.0/system/gc?' + new URLSearchParams({page, page_size: PAGE_SIZE}));
    runs = result.data || [];
    const results = (run) => JSON.parse(run.job_parameters || '{}');
    mount(historyBox,
        grid([
          {title: 'ID', cell: (r) => String(r.id)},
          {title: 'Trigger', cell: (r) => r.schedule && r.schedule.type === 'Manual' ? 'Manual' : 'Schedule'},
          {title: 'Dry run', cell: (r) => results(r).dry_run ? 'Yes' : 'No'},
          {title: 'Status', cell: (r) => h('span.count.status-' + String(r.job_status).toLowerCase(), {'data-status': r.job_status}, h('i.dot'), r.job_status)},
          {title: 'Removed', cell: (r) => {
            const x = results(r);
            return x.blobs_deleted === undefined ? '' : `${x.blobs_deleted} blobs, ${x.manifests_deleted} manifests, `
                + `${x.artifacts_deleted} untagged, ${x.uploads_purged} uploads`;
          }},
          {title: 'Freed', cell: (r) => { const x = results(r); return x.freed_space === undefined ? '' : size(x.freed_space); }},
          {title: 'Duration', cell: (r) => { const x = results(r); return x.duration_ms === undefined ? '' : (x.duration_ms / 1000).toFixed(1) + ' s'; }},
          {title: 'Created', cell: (r) => time(r.creation_time)},
          {title: 'Updated', cell: (r) => time(r.update_time)},
          {title: 'Log', cell: (r) => h('a', {href: '#', 'data-action': 'gc-log', onclick: (e) => { e.preventDefault(); showLog(r.id); }}, 'Log')},
        ], runs, {empty: 'No garbage collection has run yet.', rowAttrs: (r) => ({'data-gc-id': String(r.id)})}),
        pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'runs', onPage: (n) => { page = n; loadHistory(); }}));
  }

  async function showLog(id) {
    try {
      const text = (await api.get('/api/v2.0/system/gc/' + id + '/log', {text: true})).data || '';
      mount(logBox, h('div.panel', h('h2.panel-title', 'Log of run ' + id), h('pre.log', {'data-gc-log': String(id)}, text)));
    } catch (e) {
      failed('Could not read the log', e);
    }
  }

  async function start(dryRun) {
    now.disabled = dry.disabled = true;
    try {
      await api.post('/api/v2.0/system/gc/schedule', {schedule: {type: 'Manual'}, parameters: {...parameters(), dry_run: dryRun}});
      toast(dryRun ? 'Dry run started' : 'Garbage collection started', 'success');
      page = 1;
      await loadHistory();
      follow();
    } catch (e) {
      failed('Could not start garbage collection', e);
    } finally {
      now.disabled = dry.disabled = false;
    }
  }

  async function follow() {
    while (ctx.alive() && runs.some((r) => r.job_status === 'Pending' || r.job_status === 'Running')) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      if (!ctx.alive()) return;
      await loadHistory();
    }
  }

  now.addEventListener('click', () => start(false));
  dry.addEventListener('click', () => start(true));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await api.put('/api/v2.0/system/gc/schedule', {schedule: {type: type.value, cron: type.value === 'Custom' ? cron.value : null},
        parameters: parameters()});
      toast('Schedule saved', 'success');
      await loadSchedule();
    } catch (e) {
      failed('Could not save the schedule', e);
    } finally {
      save.disabled = false;
    }
  });

  ctx.show(
      pageTitle('Clean Up'),
      h('div.panel',
          h('h2.panel-title', 'Garbage collection'),
          h('p', 'Removes the manifests, blobs and abandoned uploads that no artifact uses any more, and gives their disk space back. '
              + 'Pushes and pulls go on while it runs: what was written or asked for recently is kept.'),
          h('div.toolbar', h('label', 'Schedule ', type), cron),
          h('div.toolbar', h('label.checkbox', untagged, 'Delete untagged artifacts'), h('label', 'Workers ', workers)),
          h('div.toolbar', save, now, dry)),
      h('div.panel', h('h2.panel-title', 'History'), historyBox),
      logBox);
  await Promise.all([loadSchedule(), loadHistory()]);
  follow();
}
