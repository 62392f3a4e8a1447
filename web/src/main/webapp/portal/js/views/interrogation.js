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
  const button = h('button.btn.btn-primary', {type: 'button', 'data-action': 'scan-all'}, 'Scan now');
  let metrics = null;

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
    const total = metrics.total || 0;
    const completed = metrics.completed || 0;
    const pct = total ? Math.round((completed / total) * 100) : (metrics.ongoing ? 0 : 100);
    const counts = metrics.metrics || {};
    button.disabled = !!metrics.ongoing;
    mount(box,
        h('div.progress-head',
            h('strong', metrics.ongoing ? 'Scanning…' : total ? 'Last scan all finished' : 'No scan all has run yet'),
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
      toast('Scan all started', 'success');
      await refresh();
      follow();
    } catch (e) {
      failed('Could not start scan all', e);
      button.disabled = false;
    }
  });

  async function follow() {
    // Right after the request the job may not have counted its artifacts yet: poll a few times regardless.
    let grace = 3;
    while (ctx.alive() && (grace-- > 0 || (metrics && metrics.ongoing))) {
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
