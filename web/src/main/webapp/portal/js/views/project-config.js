// A project's configuration, as Harbor's Configuration tab: the policies that decide what may be
// pulled and what happens on push. Project admins change them; everybody else reads them.
import {h} from '../dom.js';
import * as api from '../api.js';
import {abilities} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {toggle} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';

const SETTINGS = [
  {key: 'public', title: 'Project registry',
    help: 'Public: anyone may pull this project\'s images, signed in or not.'},
  {key: 'enable_content_trust_cosign', title: 'Cosign',
    help: 'Allow only artifacts signed by cosign to be pulled (the signatures themselves stay pullable).'},
  {key: 'prevent_vul', title: 'Deployment security',
    help: 'Prevent vulnerable images from running: refuse pulls of images with findings of the severity below or worse.'},
  {key: 'auto_scan', title: 'Vulnerability scanning', help: 'Automatically scan images on push.'},
  {key: 'auto_sbom_generation', title: 'SBOM generation', help: 'Automatically generate an SBOM on push.'},
];
const SEVERITY_CHOICES = ['critical', 'high', 'medium', 'low'];

export async function projectConfigPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  const canChange = abilities(ctx.user, project).configure;
  document.title = 'Configuration · ' + name + ' · Wharf';
  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)},
        {label: 'Configuration'}]),
      pageTitle('Configuration of ' + name),
      h('div.settings', ...SETTINGS.map((s) => setting(project, s, canChange)), severitySetting(project, canChange)),
      allowlistSection(project, canChange),
      canChange ? null : h('p.muted', 'Only the project\'s admins can change these settings.'));
}

function setting(project, {key, title, help}, canChange) {
  const on = project.metadata && project.metadata[key] === 'true';
  return h('div.fact', {'data-setting': key},
      h('div.fact-label', title),
      h('div.fact-value', toggle({
        checked: on,
        disabled: !canChange,
        label: help,
        name: key,
        onChange: async (value) => {
          try {
            await api.put(api.paths.project(project.name), {metadata: {[key]: String(value)}});
            project.metadata = {...project.metadata, [key]: String(value)};
            toast(title + ': ' + (value ? 'on' : 'off') + ' for ' + project.name, 'success');
          } catch (e) {
            failed('Could not change ' + project.name, e);
            throw e;
          }
        },
      }), ' ', help));
}

/** The severity at and above which "prevent vulnerable images" refuses a pull (Harbor's default: low). */
function severitySetting(project, canChange) {
  const current = (project.metadata && project.metadata.severity) || 'low';
  const select = h('select', {name: 'severity', disabled: !canChange, 'aria-label': 'Severity that prevents a pull'},
      SEVERITY_CHOICES.map((s) => h('option', {value: s, selected: s === current}, s[0].toUpperCase() + s.slice(1))));
  select.addEventListener('change', async () => {
    try {
      await api.put(api.paths.project(project.name), {metadata: {severity: select.value}});
      toast('Pulls are refused from severity ' + select.value + ' up when prevention is on', 'success');
    } catch (e) {
      failed('Could not change ' + project.name, e);
    }
  });
  return h('div.fact', {'data-setting': 'severity'}, h('div.fact-label', 'Prevention severity'),
      h('div.fact-value', select, ' and above'));
}

/**
 * The CVE allowlist: the system's (kept by administrators in the Security Hub) or the project's own,
 * one id per line, with an optional expiry date.
 */
function allowlistSection(project, canChange) {
  const reuse = !!project.metadata && project.metadata.reuse_sys_cve_allowlist === 'true';
  const own = project.cve_allowlist || {};
  const system = h('input', {type: 'radio', name: 'allowlist-kind', value: 'system', checked: reuse, disabled: !canChange});
  const mine = h('input', {type: 'radio', name: 'allowlist-kind', value: 'project', checked: !reuse, disabled: !canChange});
  const ids = h('textarea', {name: 'project-allowlist', rows: 4, cols: 40, disabled: !canChange,
    'aria-label': 'CVE IDs of the project allowlist, one per line'});
  ids.value = (own.items || []).map((i) => i.cve_id).join('\n');
  const expires = h('input', {type: 'date', name: 'project-allowlist-expires', disabled: !canChange, 'aria-label': 'Expires on'});
  if (own.expires_at) expires.value = new Date(own.expires_at * 1000).toISOString().slice(0, 10);
  const save = h('button.btn.btn-primary', {type: 'button', disabled: !canChange, 'data-action': 'save-allowlist'}, 'Save allowlist');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const items = ids.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean).map((cve_id) => ({cve_id}));
      const expiresAt = expires.value ? Math.floor(new Date(expires.value + 'T00:00:00Z').getTime() / 1000) : null;
      await api.put(api.paths.project(project.name), {
        metadata: {reuse_sys_cve_allowlist: String(system.checked)},
        cve_allowlist: {items, expires_at: expiresAt}});
      toast('CVE allowlist saved for ' + project.name, 'success');
    } catch (e) {
      failed('Could not save the allowlist of ' + project.name, e);
    } finally {
      save.disabled = !canChange;
    }
  });
  return h('div.panel', {'data-allowlist': ''},
      h('h2.panel-title', 'CVE allowlist'),
      h('p', 'Vulnerabilities on the allowlist are ignored by "prevent vulnerable images".'),
      h('div.toolbar', h('label', system, ' Use the system allowlist'), h('label', mine, ' Use the project\'s own allowlist')),
      ids, h('div.toolbar', h('label', 'Expires on ', expires), save));
}
