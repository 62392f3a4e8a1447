// One artifact: what it is, how to pull it, its scan (status, severity bar, "Scan"), the
// vulnerabilities found (filter by severity and fixable) and the scan job's log.
import {h, icon, mount} from '../dom.js';
import * as api from '../api.js';
import {SEVERITIES, abilities, inProgress, overviewOf, pullCommand, severityRank, shortDigest, size, time, vulnLink} from '../format.js';
import {crumbs, loading, pageTitle} from '../parts/layout.js';
import {copyButton, commandLine} from '../parts/copy.js';
import {scanCell, scanWarnings} from '../parts/scan-bar.js';
import {failed, toast} from '../parts/toast.js';
import {Requests} from './scan-requests.js';
import {labelChip} from '../parts/label-chip.js';
import {sbomPanel} from '../parts/sbom-panel.js';

const POLL_MS = 2000;

export async function artifactPage(ctx) {
  const {project: p, repository: r, reference} = ctx.params;
  const full = p + '/' + r;
  const repoHref = '#/projects/' + encodeURIComponent(p) + '/repositories/' + encodeURIComponent(r);
  const [project, first] = await Promise.all([
    api.get(api.paths.project(p)).then((x) => x.data),
    api.get(api.paths.artifact(p, r, reference)).then((x) => x.data),
  ]);
  let artifact = first;
  // Signatures, SBOMs and attestations attached to the artifact (Harbor's accessories).
  const accessories = await api.get(api.paths.accessories(p, r, reference))
      .then((x) => (Array.isArray(x.data) ? x.data : [])).catch(() => []);
  const signed = accessories.some((a) => (a.type || '').startsWith('signature.'));
  const can = abilities(ctx.user, project);
  const requests = new Requests();
  document.title = full + '@' + shortDigest(artifact.digest) + ' · Wharf';

  const scanBox = h('div.scan-panel-body');
  const vulnBox = h('div', loading());
  const logBox = h('pre.log', {'data-log': ''}, 'Open to read the log of the last scan.');
  const logPanel = h('details.log-panel', h('summary', icon('terminal'), 'Scan log'), logBox);
  logPanel.addEventListener('toggle', () => { if (logPanel.open) loadLog(); });
  const scanButton = h('button.btn.btn-primary', {type: 'button', 'data-action': 'scan', disabled: !can.scan,
    title: can.scan ? 'Scan this artifact for vulnerabilities' : 'Guests cannot start scans'}, 'Scan');
  scanButton.addEventListener('click', scanNow);

  // Labels: chips (removable by developers and above) and a picker of the global and project labels not yet attached.
  const labelBox = h('div.labels', {'data-labels': ''});
  async function drawLabels() {
    const attached = artifact.labels || [];
    let choices = [];
    if (can.scan) {
      try {
        const [global, own] = await Promise.all([
          api.get(api.paths.labels({scope: 'g', page_size: 100})),
          api.get(api.paths.labels({scope: 'p', project_id: project.project_id, page_size: 100})),
        ]);
        choices = [...(global.data || []), ...(own.data || [])].filter((l) => !attached.some((a) => a.id === l.id));
      } catch (e) {
        failed('Could not read the labels', e);
      }
    }
    const picker = choices.length ? h('select.label-picker', {'aria-label': 'Add a label', 'data-action': 'add-label',
      onchange: (e) => attach(Number(e.target.value))},
    h('option', {value: ''}, '+ Add label'), choices.map((l) => h('option', {value: String(l.id)}, l.name))) : null;
    mount(labelBox, attached.length ? attached.map((l) => labelChip(l, can.scan ? () => detach(l) : null)) : h('span.muted', 'none'),
        ' ', picker);
  }
  async function reloadArtifact() {
    artifact = (await api.get(api.paths.artifact(p, r, artifact.digest))).data;
    drawLabels();
  }
  async function attach(id) {
    if (!id) return;
    try {
      await api.post(api.paths.artifactLabels(p, r, artifact.digest), {id});
      await reloadArtifact();
    } catch (e) {
      failed('Could not add the label', e);
    }
  }
  async function detach(label) {
    try {
      await api.del(api.paths.artifactLabels(p, r, artifact.digest) + '/' + label.id);
      toast('Label ' + label.name + ' removed', 'success');
      await reloadArtifact();
    } catch (e) {
      failed('Could not remove the label', e);
    }
  }

  const overview = () => overviewOf(artifact);
  const busy = () => inProgress(overview()) || requests.pending(artifact, overview());

  function drawScan() {
    const o = overview();
    const logHref = o && o.report_id ? api.paths.scanLog(p, r, artifact.digest, o.report_id) : null;
    scanButton.disabled = !can.scan || busy();
    mount(scanBox,
        h('div.scan-line', h('div.scan-cell', {'data-scan-cell': artifact.digest},
            scanCell(o, {requested: requests.pending(artifact, o), logHref})), scanButton),
        o ? h('div.muted.scan-times',
            requests.pending(artifact, o) ? (o.end_time ? 'Previous scan ended ' + time(o.end_time) : null)
              : [o.start_time ? 'Started ' + time(o.start_time) : null,
                o.end_time && !inProgress(o) ? ' · ended ' + time(o.end_time) : null],
            logHref ? [' · ', h('a', {href: logHref, target: '_blank', rel: 'noopener'}, 'raw log ', icon('external'))] : null)
          : h('div.muted', 'This artifact has not been scanned yet.'),
        o && o.data_updated_at ? h('div.muted.scan-data', {'data-generation': String(o.data_generation)},
            'Matched against vulnerability data generation ' + o.data_generation + ', updated ' + time(o.data_updated_at)) : null,
        scanWarnings(o));
  }

  async function scanNow() {
    scanButton.disabled = true;
    try {
      await api.post(api.paths.scan(p, r, artifact.digest));
      requests.add(artifact, overview());
      toast('Scan requested for ' + shortDigest(artifact.digest), 'success');
      drawScan();
      follow();
    } catch (e) {
      failed('Could not start the scan', e);
      drawScan();
    }
  }

  // Poll the artifact while its scan is queued or running; when it ends, load the findings and log.
  let following = false;
  async function follow() {
    if (following) return;
    following = true;
    try {
      let wasBusy = busy();
      while (ctx.alive() && busy()) {
        await new Promise((done) => setTimeout(done, POLL_MS));
        if (!ctx.alive()) return;
        try {
          artifact = (await api.get(api.paths.artifact(p, r, artifact.digest))).data;
        } catch (e) {
          failed('Could not refresh the scan status', e);
          continue;
        }
        drawScan();
        wasBusy = true;
      }
      if (wasBusy && ctx.alive()) {
        loadVulnerabilities();
        if (logPanel.open) loadLog();
      }
    } finally {
      following = false;
    }
  }

  async function loadVulnerabilities() {
    try {
      const report = (await api.get(api.paths.vulnerabilities(p, r, artifact.digest))).data || {};
      mount(vulnBox, vulnerabilities(report[api.VULN_REPORT] || Object.values(report)[0], overview()));
    } catch (e) {
      mount(vulnBox, h('div.empty', 'The vulnerability report cannot be read: ' + e.message));
    }
  }

  async function loadLog() {
    const o = overview();
    if (!o || !o.report_id) { logBox.textContent = 'No scan has run for this artifact yet.'; return; }
    logBox.textContent = 'Loading…';
    try {
      const text = (await api.get(api.paths.scanLog(p, r, artifact.digest, o.report_id), {text: true})).data;
      logBox.textContent = text || '(the log is empty)';
    } catch (e) {
      logBox.textContent = 'The log cannot be read: ' + e.message;
    }
  }

  const tags = artifact.tags || [];
  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: p, href: '#/projects/' + encodeURIComponent(p)},
        {label: r, href: repoHref}, {label: shortDigest(artifact.digest)}]),
      pageTitle(r + '@' + shortDigest(artifact.digest)),
      h('div.panel.artifact-facts',
          h('dl.facts',
              h('dt', 'Digest'), h('dd', h('span.digest', h('code.mono', {'data-digest': artifact.digest}, artifact.digest),
                  copyButton(artifact.digest, 'Copy digest'))),
              h('dt', 'Size'), h('dd', size(artifact.size)),
              h('dt', 'Pushed'), h('dd', time(artifact.push_time) || '—'),
              h('dt', 'Last pulled'), h('dd', time(artifact.pull_time) || 'never'),
              h('dt', 'Media type'), h('dd', h('code.mono.small', artifact.manifest_media_type || '')),
              h('dt', 'Signed'), h('dd', signed ? h('span.tag', {'data-signed': 'yes'}, 'signed')
                  : h('span.muted', {'data-signed': 'no'}, 'not signed')),
              h('dt', 'Accessories'), h('dd', accessories.length
                  ? h('ul.accessories', accessories.map((a) => h('li', {'data-accessory': a.type},
                      h('code.mono.small', a.type), ' ', h('code.mono', shortDigest(a.digest)))))
                  : h('span.muted', 'none')),
              h('dt', 'Tags'), h('dd', tags.length ? h('span.tags', tags.map((t) => h('span.tag', t.name))) : h('span.muted', 'untagged')),
              h('dt', 'Pull'), h('dd', (tags.length ? tags.map((t) => t.name) : [artifact.digest])
                  .map((ref) => commandLine(pullCommand(full, ref), 'Copy pull command'))),
              h('dt', 'Labels'), h('dd', labelBox))),
      h('div.panel.scan-panel', h('h2.panel-title', icon('shield'), 'Vulnerability scan'), scanBox),
      sbomPanel(p, r, artifact.digest, can.scan, () => ctx.alive()),
      h('h2.section-title', 'Vulnerabilities'),
      vulnBox,
      logPanel);
  drawScan();
  drawLabels();
  loadVulnerabilities();
  follow();
}

/** The findings with their filters; the filters redraw only the table. */
function vulnerabilities(report, overview) {
  if (!report || !Array.isArray(report.vulnerabilities)) {
    return h('div.empty', {'data-vulnerabilities': 'none'}, inProgress(overview) ? 'The scan is running…'
        : overview && overview.scan_status === 'Error' ? 'The last scan failed: its log says why.'
        : 'Not scanned yet: press Scan to look for vulnerabilities.');
  }
  const all = [...report.vulnerabilities].sort((a, b) =>
      severityRank(b.severity) - severityRank(a.severity) || String(a.id).localeCompare(String(b.id)));
  if (!all.length) return h('div.empty.empty-ok', {'data-vulnerabilities': '0'}, 'No known vulnerabilities.');
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, all.filter((v) => normal(v.severity) === s).length]));
  const chosen = new Set();
  let fixableOnly = false;
  let text = '';
  const tableBox = h('div');
  const shown = h('span.muted');

  const chips = SEVERITIES.filter((s) => counts[s]).map((s) => {
    const chip = h('button.chip.sev-chip-' + s.toLowerCase(), {type: 'button', 'aria-pressed': 'false', 'data-severity': s},
        h('i.dot.sev-' + s.toLowerCase()), s + ' ' + counts[s]);
    chip.addEventListener('click', () => {
      if (chosen.has(s)) chosen.delete(s); else chosen.add(s);
      chip.setAttribute('aria-pressed', String(chosen.has(s)));
      draw();
    });
    return chip;
  });
  const fixable = h('input', {type: 'checkbox', name: 'fixable'});
  fixable.addEventListener('change', () => { fixableOnly = fixable.checked; draw(); });
  const search = h('input.search', {type: 'search', placeholder: 'Filter by id or package', 'aria-label': 'Filter vulnerabilities'});
  search.addEventListener('input', () => { text = search.value.trim().toLowerCase(); draw(); });

  function draw() {
    const rows = all.filter((v) => (!chosen.size || chosen.has(normal(v.severity)))
        && (!fixableOnly || v.fix_version)
        && (!text || String(v.id).toLowerCase().includes(text) || String(v.package).toLowerCase().includes(text)));
    shown.textContent = rows.length === all.length ? all.length + ' vulnerabilities' : 'Showing ' + rows.length + ' of ' + all.length;
    mount(tableBox, h('div.grid-wrap', h('table.grid.vuln-grid',
        h('thead', h('tr', h('th.expand'), h('th', 'Vulnerability'), h('th', 'Severity'), h('th', 'Package'),
            h('th', 'Current version'), h('th', 'Fixed in version'))),
        h('tbody', rows.length ? rows.map(vulnRows) : h('tr.grid-empty', h('td', {colSpan: 6}, 'No vulnerability matches the filters.'))))));
  }
  draw();
  const scanner = report.scanner ? [report.scanner.name, report.scanner.version].filter(Boolean).join(' ') : null;
  return h('div.vulns', {'data-vulnerabilities': String(all.length)},
      h('div.toolbar.filters', h('span.filter-label', 'Severity'), chips,
          h('label.checkbox', fixable, 'Fixable only'), h('div.spacer'), search),
      h('div.grid-caption', shown, scanner ? h('span.muted', ' · scanned by ' + scanner + (report.generated_at ? ' at ' + time(report.generated_at) : '')) : null),
      tableBox);
}

function vulnRows(v) {
  const href = vulnLink(v);
  const detail = h('tr.detail', {hidden: true},
      h('td'), h('td', {colSpan: 5},
          h('p.description', v.description || 'No description.'),
          rating(v),
          (v.links || []).length ? h('ul.links', v.links.map((l) => h('li', h('a', {href: l, target: '_blank', rel: 'noopener noreferrer'}, l)))) : null));
  const toggle = h('button.icon-button.expander', {type: 'button', 'aria-expanded': 'false', 'aria-label': 'Details of ' + v.id}, icon('chevron'));
  toggle.addEventListener('click', () => {
    detail.hidden = !detail.hidden;
    toggle.setAttribute('aria-expanded', String(!detail.hidden));
  });
  const sev = normal(v.severity);
  return [
    h('tr', {'data-vuln': v.id, 'data-severity': sev},
        h('td.expand', toggle),
        h('td', href ? h('a.strong', {href, target: '_blank', rel: 'noopener noreferrer'}, v.id) : h('span.strong', v.id)),
        h('td', h('span.sev-badge.sev-' + sev.toLowerCase(), sev)),
        h('td.mono', v.package || ''),
        h('td.mono', v.version || ''),
        h('td.mono', v.fix_version ? v.fix_version : h('span.muted', 'none'))),
    detail,
  ];
}

/** Who rated the finding, its preferred CVSS and CWE ids, e.g. "Rated by NVD · CVSS 3.1 7.4 AV:N/… · CWE-1321". */
function rating(v) {
  const parts = [];
  if (v.severity_source) parts.push('Rated by ' + (SOURCE_NAMES[v.severity_source] || v.severity_source));
  const cvss = v.preferred_cvss;
  if (cvss && (cvss.score != null || cvss.vector)) {
    parts.push('CVSS ' + [cvss.version, cvss.score, cvss.vector].filter((x) => x != null && x !== '').join(' ')
        + (cvss.source && cvss.source !== v.severity_source ? ' (' + (SOURCE_NAMES[cvss.source] || cvss.source) + ')' : ''));
  }
  if ((v.cwe_ids || []).length) parts.push(v.cwe_ids.join(', '));
  return parts.length ? h('p.rating.muted', parts.join(' · ')) : null;
}

const SOURCE_NAMES = {nvd: 'NVD', ghsa: 'GitHub Advisory', debian: 'Debian', ubuntu: 'Ubuntu', almalinux: 'AlmaLinux',
  rocky: 'Rocky Linux', redhat: 'Red Hat', alpine: 'Alpine'};

function normal(severity) {
  return SEVERITIES.includes(severity) ? severity : 'Unknown';
}
