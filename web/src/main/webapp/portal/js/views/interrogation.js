// Administration: the vulnerability database (its sources, their freshness, "Update now" and the
// rematch that follows an update), and "Scan all" with its progress.
import {h, icon, mount} from '../dom.js';
import * as api from '../api.js';
import {pageTitle} from '../parts/layout.js';
import {failed, toast} from '../parts/toast.js';
import {time} from '../format.js';

const POLL_MS = 2000;

export async function interrogationPage(ctx) {
  document.title = 'Interrogation Services · Wharf';
  if (!ctx.user.sysadmin_flag) {
    ctx.show(pageTitle('Interrogation Services'), h('div.empty', 'Only administrators can scan all artifacts.'));
    return;
  }
  const box = h('div.progress-box');
  const button = h('button.btn.btn-primary', {type: 'button', 'data-action': 'scan-all'}, 'Scan all');
  let metrics = null;
  // From the click until the job reports itself ongoing, the metrics still show the previous run.
  let startingSince = 0;
  const starting = () => startingSince && Date.now() - startingSince < 60000;

  async function refresh() {
    try {
      metrics = (await api.get(api.paths.scanAllMetrics())).data;
    } catch (e) {
      metrics = null;
      mount(box, h('div.empty', e.status === 404 ? 'Scan all is not available on this server yet.' : 'Cannot read the progress: ' + e.message));
      return;
    }
    draw();
  }

  function draw() {
    if (metrics.ongoing) startingSince = 0;
    const total = metrics.total || 0;
    const completed = metrics.completed || 0;
    const pct = total ? Math.round((completed / total) * 100) : 0;
    const counts = metrics.metrics || {};
    button.disabled = !!metrics.ongoing || starting();
    const headline = metrics.ongoing ? 'Scanning…' : starting() ? 'Starting…' : total ? 'Last scan all finished' : 'No scan all has run yet';
    mount(box,
        h('div.progress-head',
            h('strong', {'data-ongoing': String(!!metrics.ongoing || !!starting())}, headline),
            h('span.muted', {'data-progress': completed + '/' + total}, completed + ' / ' + total + ' completed'),
            metrics.trigger ? h('span.badge', metrics.trigger) : null),
        h('div.progress', {role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(completed)},
            h('div.progress-fill', {style: {width: pct + '%'}})),
        h('div.progress-counts', ['Success', 'Error', 'Running', 'Pending'].map((k) =>
            h('span.count.status-' + k.toLowerCase(), h('i.dot'), (counts[k] || 0) + ' ' + k))));
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.post(api.paths.scanAll());
      startingSince = Date.now();
      toast('Scan all started', 'success');
      await refresh();
      follow();
    } catch (e) {
      failed('Could not start scan all', e);
      button.disabled = false;
    }
  });

  async function follow() {
    while (ctx.alive() && (starting() || (metrics && metrics.ongoing))) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      if (!ctx.alive()) return;
      await refresh();
    }
  }

  const db = vulnDbPanel(ctx);

  ctx.show(
      pageTitle('Interrogation Services'),
      db.panel,
      h('div.panel',
          h('h2.panel-title', 'Vulnerability'),
          h('p', 'Scan every artifact in every project with the configured scanner. Each scan runs as a job; '
              + 'results appear in the repositories\u2019 Vulnerabilities column as they finish.'),
          h('div.toolbar', button),
          box));
  await Promise.all([refresh(), db.refresh()]);
  if (metrics && metrics.ongoing) follow();
  db.follow();
}

/** Age of an instant in words: "3 hours", "2 days". */
function age(iso) {
  if (!iso) return '—';
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 120) return Math.round(s) + ' seconds';
  if (s < 7200) return Math.round(s / 60) + ' minutes';
  if (s < 172800) return Math.round(s / 3600) + ' hours';
  return Math.round(s / 86400) + ' days';
}

/** The vulnerability database: where its data comes from, how old it is, and updating it. */
function vulnDbPanel(ctx) {
  const body = h('div', {'data-vulndb': ''});
  const button = h('button.btn.btn-primary', {type: 'button', 'data-action': 'vulndb-update'}, 'Update now');
  let state = null;
  let updating = false;
  const rematching = () => state && state.rematch && state.rematch.status === 'Running';

  async function refresh() {
    try {
      state = (await api.get(api.paths.vulndb())).data;
    } catch (e) {
      mount(body, h('div.empty', 'Cannot read the vulnerability database: ' + e.message));
      return;
    }
    draw();
  }

  function draw() {
    updating = !!state.update;
    button.disabled = !state.updater_enabled || updating;
    button.title = state.updater_enabled ? 'Download what changed at every source now'
        : 'The updater is off (vulndb.sources is empty): import an archive with bin/wharf vulndb import';
    const sources = state.sources || [];
    const r = state.rematch;
    mount(body,
        h('div.summary',
            h('div', h('div.fact-label', 'Generation'), h('div.fact-value', {'data-generation': String(state.generation)}, String(state.generation))),
            h('div', h('div.fact-label', 'Data updated'), h('div.fact-value', {'data-updated': state.updated_at || ''},
                state.empty ? 'never (empty)' : time(state.updated_at) + ' · ' + age(state.updated_at) + ' ago')),
            h('div', h('div.fact-label', 'Maximum age'), h('div.fact-value', age(new Date(Date.now() - state.max_age_seconds * 1000).toISOString()))),
            h('div', h('div.fact-label', 'Automatic updates'), h('div.fact-value', state.updater_enabled ? 'cron ' + state.update_cron : 'off'))),
        (state.warnings || []).length ? h('div.alert.alert-warn', {'data-vulndb-warnings': ''}, state.warnings.map((w) => h('p', w))) : null,
        h('div.toolbar', button, updating ? h('span.muted', {'data-updating': state.update.status},
            h('span.spinner', {'aria-hidden': 'true'}), ' Update ' + (state.update.status === 'Running' ? 'running' : 'queued') + '…') : null),
        h('div.grid-wrap', h('table.grid', {'data-sources': ''},
            h('thead', h('tr', ['Source', 'URL', 'Last update', 'Age', 'Records', 'Last error'].map((t) => h('th', t)))),
            h('tbody', sources.length ? sources.map((s) => h('tr', {'data-source': s.name},
                h('td', h('strong', s.name)),
                h('td', s.url ? h('code.mono.small', s.url) : h('span.muted', 'imported')),
                h('td', time(s.last_success || s.last_updated) || '—'),
                h('td', age(s.last_success || s.last_updated)),
                h('td.num', String(s.records)),
                h('td', s.last_error ? h('span.source-error', {title: s.last_attempt ? 'tried ' + time(s.last_attempt) : ''}, s.last_error)
                    : h('span.muted', '—'))))
              : h('tr.grid-empty', h('td', {colSpan: 6}, 'No data yet.'))))),
        r ? h('div.rematch', {'data-rematch': r.status},
            h('h3.section-title', 'Rematch after the last update'),
            h('div.progress-head', h('strong', r.status === 'Running' ? 'Rematching reports…' : 'Rematch ' + r.status.toLowerCase()),
                h('span.muted', {'data-progress': r.done + '/' + r.total}, r.done + ' / ' + r.total + ' reports')),
            h('div.progress', {role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(r.total), 'aria-valuenow': String(r.done)},
                h('div.progress-fill', {style: {width: (r.total ? Math.round(r.done / r.total * 100) : 100) + '%'}})),
            h('div.progress-counts',
                h('span.count', r.changed + ' changed'),
                h('span.count', {'data-rose': String(r.severity_rose)}, r.severity_rose + ' rose in severity'),
                h('span.count', r.skipped + ' kept (never inventoried)'))) : null);
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const job = (await api.post(api.paths.vulndbUpdate())).data;
      toast('Update queued (job ' + job.job_id + ')', 'success');
      await refresh();
      follow();
    } catch (e) {
      failed('Could not start the update', e);
      button.disabled = false;
    }
  });

  // While an update is queued or running, or a rematch runs, read the state again every few seconds.
  let following = false;
  async function follow() {
    if (following) return;
    following = true;
    try {
      while (ctx.alive() && (updating || rematching())) {
        await new Promise((done) => setTimeout(done, POLL_MS));
        if (!ctx.alive()) return;
        await refresh();
      }
    } finally {
      following = false;
    }
  }

  return {panel: h('div.panel', h('h2.panel-title', icon('shield'), 'Vulnerability database'),
      h('p', 'Scans match each image\u2019s packages against this data. It is updated from the sources below on the schedule shown; '
          + 'after each update every report is matched again from the stored package lists, without reading any layer.'),
      body), refresh, follow};
}
