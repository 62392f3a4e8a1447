// Administration: the security hub. What is vulnerable across every project (totals by severity,
// the artifacts and vulnerabilities most to worry about), a search over every finding, and the
// system CVE allowlist that projects may reuse.
import {h, mount} from '../dom.js';
import * as api from '../api.js';
import {pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';
import {SEVERITIES, shortDigest} from '../format.js';

const PAGE_SIZE = 15;
// The search fields the API understands, in the order shown; cvss is a range.
const FIELDS = [
  ['cve_id', 'CVE ID'], ['repository_name', 'Repository'], ['package', 'Package'], ['tag', 'Tag'], ['digest', 'Digest'],
  ['project_id', 'Project ID'],
];

/** An artifact's page: a repository's full name starts with its project's. */
const artifactHref = (item) => {
  const slash = item.repository_name.indexOf('/');
  if (slash < 0) return null;
  return '#/projects/' + encodeURIComponent(item.repository_name.slice(0, slash)) + '/repositories/'
      + encodeURIComponent(item.repository_name.slice(slash + 1)) + '/artifacts/' + encodeURIComponent(item.digest);
};

export async function securityHubPage(ctx) {
  document.title = 'Security Hub · Wharf';
  if (!ctx.user.sysadmin_flag) {
    ctx.show(pageTitle('Security Hub'), h('div.empty', 'Only administrators can see the security hub.'));
    return;
  }
  const summaryBox = h('div', {'data-security-summary': ''}, h('div.empty', 'Loading…'));
  const resultsBox = h('div', {'data-vul-results': ''});
  const inputs = {};
  const severity = h('select', {name: 'severity', 'aria-label': 'Severity'},
      h('option', {value: ''}, 'Any severity'), SEVERITIES.map((s) => h('option', {value: s}, s)));
  const cvssMin = h('input', {type: 'text', name: 'cvss_min', placeholder: 'CVSS from', size: 8, 'aria-label': 'CVSS v3 from'});
  const cvssMax = h('input', {type: 'text', name: 'cvss_max', placeholder: 'to', size: 6, 'aria-label': 'CVSS v3 to'});
  const fixed = h('select', {name: 'status', 'aria-label': 'Fix'},
      h('option', {value: ''}, 'Fixed or not'), h('option', {value: 'fixed'}, 'Has a fix'), h('option', {value: 'affected'}, 'No fix'));
  const form = h('form.toolbar.search-form', {'data-vul-search': ''},
      FIELDS.map(([key, label]) => (inputs[key] = h('input', {type: 'text', name: key, placeholder: label, 'aria-label': label}))),
      severity, fixed, cvssMin, cvssMax,
      h('button.btn.btn-primary', {type: 'submit'}, 'Search'));
  let page = 1;

  function query() {
    const terms = [];
    for (const [key] of FIELDS) {
      const v = inputs[key].value.trim();
      if (v) terms.push(key + '=' + v);
    }
    if (severity.value) terms.push('severity=' + severity.value);
    if (fixed.value) terms.push('status=' + fixed.value);
    if (cvssMin.value.trim() || cvssMax.value.trim()) terms.push('cvss_score_v3=[' + cvssMin.value.trim() + '~' + cvssMax.value.trim() + ']');
    return terms.join(',');
  }

  async function loadSummary() {
    try {
      const s = (await api.get('/api/v2.0/security/summary?with_dangerous_cve=true&with_dangerous_artifact=true')).data;
      mount(summaryBox,
          h('div.summary',
              h('div', h('div.fact-label', 'Artifacts scanned'), h('div.fact-value', {'data-scanned': String(s.scanned_cnt)},
                  s.scanned_cnt + ' of ' + s.total_artifact)),
              h('div', h('div.fact-label', 'Vulnerabilities'), h('div.fact-value', {'data-total-vuls': String(s.total_vuls)}, String(s.total_vuls))),
              h('div', h('div.fact-label', 'Fixable'), h('div.fact-value', String(s.fixable_cnt))),
              SEVERITIES.map((sev) => h('div', h('div.fact-label', sev),
                  h('div.fact-value', {'data-severity-count': sev}, h('i.dot.sev-' + sev.toLowerCase()), ' ',
                      String(s[sev.toLowerCase() + '_cnt'] || 0))))),
          h('h3.section-title', 'Most dangerous artifacts'),
          grid([
            {title: 'Repository', cell: (a) => a.repository_name},
            {title: 'Digest', cell: (a) => {
              const href = artifactHref(a);
              return href ? h('a.mono', {href}, shortDigest(a.digest)) : h('span.mono', shortDigest(a.digest));
            }},
            {title: 'Critical', cell: (a) => String(a.critical_cnt), className: 'num'},
            {title: 'High', cell: (a) => String(a.high_cnt), className: 'num'},
            {title: 'Medium', cell: (a) => String(a.medium_cnt), className: 'num'},
          ], s.dangerous_artifacts || [], {empty: 'No artifact has medium or worse findings.',
            rowAttrs: (a) => ({'data-dangerous-artifact': a.digest})}),
          h('h3.section-title', 'Most dangerous vulnerabilities'),
          grid([
            {title: 'CVE', cell: (c) => c.cve_id},
            {title: 'CVSS v3', cell: (c) => c.cvss_score_v3 == null ? '—' : String(c.cvss_score_v3), className: 'num'},
            {title: 'Package', cell: (c) => c.package + (c.version ? ' ' + c.version : '')},
          ], s.dangerous_cves || [], {empty: 'No critical finding with a CVSS v3 score.',
            rowAttrs: (c) => ({'data-dangerous-cve': c.cve_id})}));
    } catch (e) {
      mount(summaryBox, h('div.empty', 'Cannot read the summary: ' + e.message));
    }
  }

  async function search() {
    mount(resultsBox, h('div.empty', 'Searching…'));
    let r;
    try {
      const q = query();
      r = await api.get('/api/v2.0/security/vul?' + new URLSearchParams({
        ...(q ? {q} : {}), page: String(page), page_size: String(PAGE_SIZE), with_tag: 'true'}));
    } catch (e) {
      mount(resultsBox, h('div.alert.alert-warn', {'data-vul-error': ''}, e.message));
      return;
    }
    const items = r.data || [];
    mount(resultsBox,
        grid([
          {title: 'CVE', cell: (v) => v.cve_id},
          {title: 'Repository', cell: (v) => v.repository_name},
          {title: 'Digest', cell: (v) => {
            const href = artifactHref(v);
            return href ? h('a.mono', {href}, shortDigest(v.digest)) : h('span.mono', shortDigest(v.digest));
          }},
          {title: 'Tags', cell: (v) => (v.tags || []).join(', ')},
          {title: 'CVSS v3', cell: (v) => v.cvss_v3_score == null ? '—' : String(v.cvss_v3_score), className: 'num'},
          {title: 'Severity', cell: (v) => h('span.sev-badge.sev-' + (v.severity || 'unknown').toLowerCase(), v.severity)},
          {title: 'Package', cell: (v) => v.package},
          {title: 'Version', cell: (v) => v.version || ''},
          {title: 'Fixed in', cell: (v) => v.fixed_version || h('span.muted', 'no fix')},
        ], items, {empty: 'No vulnerability matches.', rowAttrs: (v) => ({'data-vul': v.cve_id + '@' + v.digest})}),
        pager({page, pageSize: PAGE_SIZE, total: api.total(r), noun: 'vulnerabilities', onPage: (n) => { page = n; search(); }}));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    search();
  });

  ctx.show(
      pageTitle('Security Hub'),
      h('div.panel', h('h2.panel-title', 'Vulnerability summary'), summaryBox),
      h('div.panel', h('h2.panel-title', 'Vulnerabilities'), form, resultsBox),
      allowlistPanel());
  await Promise.all([loadSummary(), search()]);
}

/** The system CVE allowlist: one id per line, an optional expiry date. */
function allowlistPanel() {
  const ids = h('textarea', {name: 'system-allowlist', rows: 5, cols: 40, 'aria-label': 'CVE IDs, one per line'});
  const expires = h('input', {type: 'date', name: 'system-allowlist-expires', 'aria-label': 'Expires on'});
  const save = h('button.btn.btn-primary', {type: 'button', 'data-action': 'save-system-allowlist'}, 'Save');
  const panel = h('div.panel', {'data-system-allowlist': ''},
      h('h2.panel-title', 'System CVE allowlist'),
      h('p', 'Vulnerabilities listed here are ignored by the "prevent vulnerable images" policy of projects that reuse the '
          + 'system allowlist (project configuration). Without an expiry date the list never expires.'),
      ids, h('div.toolbar', h('label', 'Expires on ', expires), save));
  api.get('/api/v2.0/system/CVEAllowlist').then((r) => {
    const list = r.data || {};
    ids.value = (list.items || []).map((i) => i.cve_id).join('\n');
    if (list.expires_at) expires.value = new Date(list.expires_at * 1000).toISOString().slice(0, 10);
  }).catch((e) => failed('Could not read the system allowlist', e));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const items = ids.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean).map((cve_id) => ({cve_id}));
      const expiresAt = expires.value ? Math.floor(new Date(expires.value + 'T00:00:00Z').getTime() / 1000) : null;
      await api.put('/api/v2.0/system/CVEAllowlist', {items, expires_at: expiresAt});
      toast('System allowlist saved', 'success');
    } catch (e) {
      failed('Could not save the system allowlist', e);
    } finally {
      save.disabled = false;
    }
  });
  return panel;
}
