// The portal's entry: who is signed in, and which page the address after "#" names.
//   #/sign-in                                  sign in
//   #/projects                                 projects
//   #/projects/P                               a project's repositories
//   #/projects/P/repositories/R                a repository's artifacts (R URL-encoded: tools%2Fgcc)
//   #/projects/P/repositories/R/artifacts/D    an artifact: vulnerabilities and scan log
//   #/projects/P/labels                        a project's labels
//   #/projects/P/configuration                 a project's policies (cosign, scan on push)
//   #/projects/P/policies                      a project's tag retention and immutability rules
//   #/projects/P/webhooks                      a project's webhooks and their deliveries
//   #/projects/P/robots                        a project's robot accounts (its admins)
//   #/labels                                   global labels
//   #/interrogation                            scan all (administrators)
//   #/registries                               registry endpoints (administrators)
//   #/replications                             replication rules, executions, tasks (administrators)
//   #/gc                                       garbage collection (administrators)
//   #/security-hub                             vulnerabilities across projects, system CVE allowlist (administrators)
//   #/robots                                   robot accounts and trusted issuers (administrators)
//   #/authentication                           auth mode, LDAP settings, LDAP group members (administrators)
//   #/users                                    users: disable and enable (administrators)
import {mount} from './dom.js';
import * as api from './api.js';
import {shell, loading} from './parts/layout.js';
import {failed} from './parts/toast.js';
import {signInPage} from './views/sign-in.js';
import {projectsPage} from './views/projects.js';
import {projectPage} from './views/project.js';
import {repositoryPage} from './views/repository.js';
import {artifactPage} from './views/artifact.js';
import {interrogationPage} from './views/interrogation.js';
import {gcPage} from './views/gc.js';
import {securityHubPage} from './views/security-hub.js';
import {globalLabelsPage, projectLabelsPage} from './views/labels.js';
import {registriesPage} from './views/registries.js';
import {replicationsPage} from './views/replications.js';
import {projectConfigPage} from './views/project-config.js';
import {projectPoliciesPage} from './views/policies.js';
import {projectWebhooksPage} from './views/webhooks.js';
import {robotsPage} from './views/robots.js';
import {projectRobotsPage} from './views/project-robots.js';
import {authenticationPage} from './views/authentication.js';
import {usersPage} from './views/users.js';

const root = document.getElementById('app');
let user;            // undefined: not asked yet; null: signed out
let generation = 0;  // each navigation starts a new one; pages poll only while theirs is current

const ROUTES = [
  [/^\/projects\/([^/]+)\/repositories\/([^/]+)\/artifacts\/([^/]+)$/, artifactPage, ['project', 'repository', 'reference'], 'projects'],
  [/^\/projects\/([^/]+)\/repositories\/([^/]+)$/, repositoryPage, ['project', 'repository'], 'projects'],
  [/^\/projects\/([^/]+)\/labels$/, projectLabelsPage, ['project'], 'projects'],
  [/^\/projects\/([^/]+)\/configuration$/, projectConfigPage, ['project'], 'projects'],
  [/^\/projects\/([^/]+)\/policies$/, projectPoliciesPage, ['project'], 'projects'],
  [/^\/projects\/([^/]+)\/webhooks$/, projectWebhooksPage, ['project'], 'projects'],
  [/^\/projects\/([^/]+)\/robots$/, projectRobotsPage, ['project'], 'projects'],
  [/^\/projects\/([^/]+)$/, projectPage, ['project'], 'projects'],
  [/^\/projects$/, projectsPage, [], 'projects'],
  [/^\/interrogation$/, interrogationPage, [], 'interrogation'],
  [/^\/gc$/, gcPage, [], 'gc'],
  [/^\/security-hub$/, securityHubPage, [], 'security-hub'],
  [/^\/labels$/, globalLabelsPage, [], 'labels'],
  [/^\/registries$/, registriesPage, [], 'registries'],
  [/^\/replications$/, replicationsPage, [], 'replications'],
  [/^\/robots$/, robotsPage, [], 'robots'],
  [/^\/authentication$/, authenticationPage, [], 'authentication'],
  [/^\/users$/, usersPage, [], 'users'],
];

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/projects';
  const [path, query] = hash.split('?');
  return {path, query: new URLSearchParams(query || '')};
}

async function signOut() {
  try { await api.signOut(); } catch { /* signed out locally either way */ }
  user = null;
  location.hash = '#/sign-in';
}

function showSignIn(redirect) {
  generation++;
  document.title = 'Sign in · Wharf';
  mount(root, signInPage({
    redirect,
    onSignedIn: async (target) => {
      user = await api.currentUser();
      const next = target && target !== '/sign-in' ? '#' + target : '#/projects';
      if (location.hash === next) render();
      else location.hash = next;
    },
  }));
}

async function render() {
  const mine = ++generation;
  const {path, query} = parseHash();
  if (user === undefined) {
    mount(root, loading());
    try {
      user = await api.currentUser();
    } catch (e) {
      mount(root, loading('Wharf does not answer: ' + e.message));
      return;
    }
    if (mine !== generation) return;
  }
  if (path === '/sign-in' || !user) {
    if (user && path === '/sign-in') { location.hash = '#/projects'; return; }
    showSignIn(path === '/sign-in' ? query.get('redirect') : path);
    return;
  }
  const match = ROUTES.map(([re, page, names, nav]) => ({m: path.match(re), page, names, nav})).find((r) => r.m);
  if (!match) { location.hash = '#/projects'; return; }
  const params = {};
  match.names.forEach((name, i) => { params[name] = decodeURIComponent(match.m[i + 1]); });
  const ctx = {
    user, params, query,
    alive: () => mine === generation,
    // Pages draw themselves inside the frame, as often as their data changes.
    show: (...content) => {
      if (mine === generation) mount(root, shell({user, active: match.nav, onSignOut: signOut}, ...content));
    },
    reload: () => render(),
  };
  ctx.show(loading());
  try {
    await match.page(ctx);
  } catch (e) {
    failed('Could not load the page', e);
    if (e.status === 404 || e.status === 403) ctx.show(loading(e.message));
  }
}

api.whenSignedOut(() => {
  user = null;
  const {path} = parseHash();
  if (path !== '/sign-in') location.hash = '#/sign-in?redirect=' + encodeURIComponent(path);
});

window.addEventListener('hashchange', render);
render();
