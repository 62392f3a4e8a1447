// An artifact's SBOM: the last generation's status, "Generate SBOM" for developers and above, and
// a link to download the CycloneDX document once there is one. Polls while a generation runs.
import {h, icon, mount} from '../dom.js';
import * as api from '../api.js';
import {shortDigest, time} from '../format.js';
import {failed, toast} from './toast.js';

const POLL_MS = 2000;
const BUSY = ['Pending', 'Scheduled', 'Running'];

/** The panel; {@code alive} says whether the page is still shown (polling stops when it is not). */
export function sbomPanel(p, r, digest, canGenerate, alive) {
  const body = h('div.sbom-panel-body', {'data-sbom': ''});
  const button = h('button.btn', {type: 'button', 'data-action': 'generate-sbom', disabled: !canGenerate,
    title: canGenerate ? 'Generate a CycloneDX SBOM of this artifact' : 'Guests cannot generate SBOMs'}, 'Generate SBOM');
  const overviewPath = api.paths.repository(p, r) + '/artifacts/' + encodeURIComponent(digest) + '?with_sbom_overview=true';
  const downloadHref = api.paths.repository(p, r) + '/artifacts/' + encodeURIComponent(digest) + '/additions/sbom';
  let overview = null;

  function draw() {
    const status = overview ? overview.scan_status : null;
    button.disabled = !canGenerate || BUSY.includes(status);
    mount(body,
        h('div.scan-line', h('span', {'data-sbom-status': status || 'none'},
            status ? h('span.tag', status) : h('span.muted', 'No SBOM has been generated yet.')), button),
        status === 'Success' ? h('div', 'SBOM ', h('code.mono', shortDigest(overview.sbom_digest)), ' generated ',
            time(overview.end_time), ' · ', h('a', {href: downloadHref, download: 'sbom.cdx.json', 'data-sbom-download': ''},
                'Download SBOM')) : null,
        status === 'Error' ? h('div.muted', 'The last generation failed: ',
            h('a', {href: api.paths.scanLog(p, r, digest, overview.report_id), target: '_blank', 'data-sbom-log': ''}, 'read its log'),
            '; generate it again.') : null);
  }

  async function refresh() {
    try {
      overview = (await api.get(overviewPath)).data.sbom_overview || null;
    } catch (e) {
      failed('Could not read the SBOM status', e);
    }
    draw();
  }

  async function follow() {
    while (alive() && overview && BUSY.includes(overview.scan_status)) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      if (alive()) await refresh();
    }
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.post(api.paths.scan(p, r, digest), {scan_type: 'sbom'});
      toast('SBOM requested for ' + shortDigest(digest), 'success');
      await refresh();
      follow();
    } catch (e) {
      failed('Could not start the SBOM generation', e);
      draw();
    }
  });

  draw();
  refresh().then(follow);
  return h('div.panel.sbom-panel', h('h2.panel-title', icon('repo'), 'SBOM'), body);
}
