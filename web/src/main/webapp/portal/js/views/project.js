// One project: its repositories (artifacts, pulls, last push) and how to push to it.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {ROLES, shortName, time} from '../format.js';
import {crumbs, pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {commandLine} from '../parts/copy.js';
import {accessBadge, scanOnPush} from './projects.js';
import {quotaFact} from '../parts/quota-bar.js';

const PAGE_SIZE = 15;

export async function projectPage(ctx) {
  const name = ctx.params.project;
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const [project, repos] = await Promise.all([
    api.get(api.paths.project(name)).then((r) => r.data),
    api.get(api.paths.repositories(name, {page, page_size: PAGE_SIZE})),
  ]);
  const base = '#/projects/' + encodeURIComponent(name);
  const host = location.host;
  document.title = name + ' · Wharf';

  ctx.show(
      crumbs([{label: 'Projects', href: '#/projects'}, {label: name}]),
      pageTitle(name, accessBadge(project),
          project.current_user_role_id ? h('span.badge.badge-role', ROLES[project.current_user_role_id]) : null),
      h('div.summary',
          fact('Repositories', String(project.repo_count ?? api.total(repos))),
          fact('Owner', project.owner_name || '—'),
          fact('Created', time(project.creation_time)),
          h('div.fact', h('div.fact-label', 'Scan on push'), h('div.fact-value', scanOnPush(ctx, project))),
          quotaFact(project, !!ctx.user.sysadmin_flag)),
      h('details.push-help',
          h('summary', icon('terminal'), 'Push command'),
          h('p', 'Tag an image for this project and push it:'),
          commandLine(`docker tag SOURCE_IMAGE[:TAG] ${host}/${name}/REPOSITORY[:TAG]`),
          commandLine(`docker push ${host}/${name}/REPOSITORY[:TAG]`),
          commandLine(`skopeo copy docker-archive:image.tar docker://${host}/${name}/REPOSITORY:TAG`)),
      h('p', h('a', {href: base + '/labels', 'data-action': 'project-labels'}, icon('label'), ' Labels of this project'),
          ' · ', h('a', {href: base + '/configuration', 'data-action': 'project-configuration'}, 'Configuration'),
          ' · ', h('a', {href: base + '/policies', 'data-action': 'project-policies'}, 'Tag retention and immutability'),
          ' · ', h('a', {href: base + '/webhooks', 'data-action': 'project-webhooks'}, 'Webhooks'),
          project.current_user_role_id === 1 || ctx.user.sysadmin_flag
              ? [' · ', h('a', {href: base + '/robots', 'data-action': 'project-robots'}, 'Robot accounts')] : null),
      h('h2.section-title', 'Repositories'),
      grid([
        {title: 'Name', cell: (r) => h('a.strong', {href: base + '/repositories/' + encodeURIComponent(shortName(name, r.name))}, r.name)},
        {title: 'Artifacts', className: 'num', cell: (r) => String(r.artifact_count)},
        {title: 'Pulls', className: 'num', cell: (r) => String(r.pull_count)},
        {title: 'Last Push', cell: (r) => time(r.update_time)},
      ], repos.data || [], {
        empty: 'No repositories yet: push an image to ' + host + '/' + name + '/…',
        rowAttrs: (r) => ({'data-repository': r.name}),
      }),
      pager({page, pageSize: PAGE_SIZE, total: api.total(repos), noun: 'repositories',
        onPage: (n) => { location.hash = base + '?page=' + n; }}));
}

function fact(label, value) {
  return h('div.fact', h('div.fact-label', label), h('div.fact-value', value));
}
