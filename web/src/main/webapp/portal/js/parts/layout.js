// The frame around every page once signed in: header with the user, navigation on the left.
import {h, icon} from '../dom.js';

export function shell({user, active, onSignOut}, ...content) {
  const nav = [
    {id: 'projects', href: '#/projects', label: 'Projects', icon: 'project'},
    {id: 'labels', href: '#/labels', label: 'Labels', icon: 'label'},
  ];
  if (user.sysadmin_flag) {
    nav.push({heading: 'Administration'});
    nav.push({id: 'users', href: '#/users', label: 'Users', icon: 'user'});
    nav.push({id: 'interrogation', href: '#/interrogation', label: 'Interrogation Services', icon: 'shield'});
    nav.push({id: 'security-hub', href: '#/security-hub', label: 'Security Hub', icon: 'shield'});
    nav.push({id: 'registries', href: '#/registries', label: 'Registries', icon: 'project'});
    nav.push({id: 'replications', href: '#/replications', label: 'Replications', icon: 'refresh'});
    nav.push({id: 'gc', href: '#/gc', label: 'Clean Up', icon: 'refresh'});
    nav.push({id: 'robots', href: '#/robots', label: 'Robot Accounts', icon: 'shield'});
    nav.push({id: 'authentication', href: '#/authentication', label: 'Authentication', icon: 'user'});
  }
  return h('div.shell',
      h('header.topbar',
          h('a.brand', {href: '#/projects'}, h('img', {src: '/portal/img/logo.svg', alt: '', width: 28, height: 28}),
              h('span', 'Wharf')),
          h('div.spacer'),
          h('div.user', icon('user'),
              h('span.username', {'data-user': user.username}, user.username),
              user.sysadmin_flag ? h('span.badge.badge-admin', 'admin') : null,
              h('button.link-button', {type: 'button', onclick: onSignOut, 'data-action': 'sign-out'},
                  icon('logout'), 'Log out'))),
      h('nav.sidenav', {'aria-label': 'Main'},
          nav.map((item) => item.heading
              ? h('div.nav-heading', item.heading)
              : h('a.nav-item' + (item.id === active ? '.active' : ''), {href: item.href}, icon(item.icon), item.label))),
      h('main.content', ...content));
}

/** Breadcrumbs: [{label, href}, ...], the last one being the current page. */
export function crumbs(items) {
  return h('div.crumbs', items.map((c, i) => [
    i ? h('span.crumb-sep', '/') : null,
    c.href ? h('a', {href: c.href}, c.label) : h('span', c.label),
  ]));
}

export function pageTitle(text, ...extra) {
  return h('div.page-title', h('h1', text), ...extra);
}

export function loading(text = 'Loading…') {
  return h('div.loading', h('span.spinner'), text);
}

export function empty(text) {
  return h('div.empty', text);
}
