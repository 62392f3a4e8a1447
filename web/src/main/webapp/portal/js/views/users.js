// Users, as Harbor's "Users" page (Administration): every account with its administrator flag and
// whether it may sign in. Disabling a user (a Wharf extension) ends their sessions at once and makes
// their earlier registry tokens useless; enabling lets them sign in again. Nobody disables themself.
import {h, icon} from '../dom.js';
import * as api from '../api.js';
import {time} from '../format.js';
import {pageTitle} from '../parts/layout.js';
import {grid, pager} from '../parts/table.js';
import {failed, toast} from '../parts/toast.js';

const PAGE_SIZE = 15;
const usersPath = (q) => '/api/v2.0/users' + (q ? '?' + new URLSearchParams(q) : '');
const disabledPath = (id) => '/api/v2.0/users/' + encodeURIComponent(id) + '/disabled';

export async function usersPage(ctx) {
  document.title = 'Users · Wharf';
  if (!ctx.user.sysadmin_flag) {
    ctx.show(pageTitle('Users'), h('div.empty', 'Only administrators can manage users.'));
    return;
  }
  const page = parseInt(ctx.query.get('page') || '1', 10);
  const name = ctx.query.get('username') || '';
  const result = await api.get(usersPath({page, page_size: PAGE_SIZE, ...(name ? {q: 'username=~' + name} : {})}));
  const applyFilter = (e) => {
    const wanted = e.target.value.trim();
    location.hash = '#/users' + (wanted ? '?username=' + encodeURIComponent(wanted) : '');
  };
  const filter = h('input', {type: 'search', name: 'username', placeholder: 'Filter by name', value: name, 'aria-label': 'Filter by name',
    onchange: applyFilter, onkeydown: (e) => { if (e.key === 'Enter') applyFilter(e); }});
  const rows = result.data || [];
  ctx.show(
      pageTitle('Users'),
      h('p.muted', 'A disabled user cannot sign in to the portal, the API or the registry; their sessions end at once.'),
      h('div.toolbar',
          filter,
          h('div.spacer'),
          h('button.icon-button', {type: 'button', title: 'Refresh', 'aria-label': 'Refresh', onclick: () => ctx.reload()}, icon('refresh'))),
      grid([
        {title: 'Name', cell: (u) => u.username},
        {title: 'Administrator', cell: (u) => u.sysadmin_flag ? 'Yes' : 'No'},
        {title: 'Email', cell: (u) => u.email || h('span.muted', '—')},
        {title: 'Status', cell: (u) => h('span.badge' + (u.disabled ? '.badge-warn' : '.badge-ok'),
            {'data-user-status': u.disabled ? 'disabled' : 'enabled'}, u.disabled ? 'Disabled' : 'Enabled')},
        {title: 'Registration Time', cell: (u) => time(u.creation_time)},
        {title: '', className: 'nowrap', cell: (u) => u.user_id === ctx.user.user_id ? h('span.muted', 'you') :
          h('button.btn.btn-outline.btn-small', {type: 'button', 'data-action': u.disabled ? 'enable-user' : 'disable-user',
            onclick: () => setDisabled(ctx, u, !u.disabled)}, u.disabled ? 'Enable' : 'Disable')},
      ], rows, {empty: 'No users.', rowAttrs: (u) => ({'data-user-row': u.username})}),
      pager({page, pageSize: PAGE_SIZE, total: api.total(result), noun: 'users',
        onPage: (n) => { location.hash = '#/users?' + new URLSearchParams({...(name ? {username: name} : {}), page: n}); }}));
}

async function setDisabled(ctx, u, disabled) {
  if (disabled && !confirm('Disable ' + u.username + '? Their sessions end and they cannot sign in until enabled again.')) return;
  try {
    await api.put(disabledPath(u.user_id), {disabled});
    toast(u.username + (disabled ? ' disabled' : ' enabled'), 'success');
    ctx.reload();
  } catch (e) {
    failed('Could not ' + (disabled ? 'disable ' : 'enable ') + u.username, e);
  }
}
