// A project's configuration, as Harbor's Configuration tab: the policies that decide what may be
// pulled and what happens on push. Project admins change them; everybody else reads them.
import {h} from '../dom.js';
import * as api from '../api.js';
import {abilities} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {toggle} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';

const SETTINGS = [
  {key: 'enable_content_trust_cosign', title: 'Cosign',
    help: 'Allow only artifacts signed by cosign to be pulled (the signatures themselves stay pullable).'},
  {key: 'auto_scan', title: 'Vulnerability scanning', help: 'Automatically scan images on push.'},
];

export async function projectConfigPage(ctx) {
  const name = ctx.params.project;
  const project = (await api.get(api.paths.project(name))).data;
  const canChange = abilities(ctx.user, project).configure;
  document.title = 'Configuration · ' + name + ' · Wharf';
  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: name, href: '#/projects/' + encodeURIComponent(name)},
        {label: 'Configuration'}]),
      pageTitle('Configuration of ' + name),
      h('div.settings', ...SETTINGS.map((s) => setting(project, s, canChange))),
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
