// Administration: scan every artifact ("Scan all") and follow its progress.
import {h, mount} from '../dom.js';
import * as api from '../api.js';
import {pageTitle} from '../parts/layout.js';
import {failed, toast} from '../parts/toast.js';

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

  ctx.show(
      pageTitle('Interrogation Services'),
      h('div.panel',
          h('h2.panel-title', 'Vulnerability'),
          h('p', 'Scan every artifact in every project with the configured scanner. Each scan runs as a job; '
              + 'results appear in the repositories\u2019 Vulnerabilities column as they finish.'),
          h('div.toolbar', button),
          box));
  await refresh();
  if (metrics && metrics.ongoing) follow();
}
