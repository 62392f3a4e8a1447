// How values read on screen: sizes, times, digests, severities, roles.
import {VULN_REPORT} from './api.js';

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Unknown'];
const SEVERITY_RANK = {Critical: 5, High: 4, Medium: 3, Low: 2, Unknown: 1, Negligible: 1, None: 0};
export const severityRank = (s) => SEVERITY_RANK[s] ?? 1;

export function size(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
}

const DATE = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
const ZERO = '0001-01-01';

/** A time, or an empty string for "never" (absent, or Go's zero time as Harbor sends it). */
export function time(iso) {
  if (!iso || String(iso).startsWith(ZERO)) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : DATE.format(d);
}

/** "sha256:" and the first 8 hex digits, as Harbor lists artifacts. */
export const shortDigest = (digest) => (digest || '').slice(0, 15);

/** The repository's name inside its project: "hpc/tools/gcc" -> "tools/gcc". */
export function shortName(project, fullName) {
  return fullName && fullName.startsWith(project + '/') ? fullName.slice(project.length + 1) : fullName;
}

export const ROLES = {1: 'Project Admin', 2: 'Developer', 3: 'Guest', 4: 'Maintainer', 5: 'Limited Guest'};

/** What the signed-in user may do in a project (the API checks again; this only shapes the page). */
export function abilities(user, project) {
  const role = project ? project.current_user_role_id : null;
  const admin = !!(user && user.sysadmin_flag);
  return {
    scan: admin || [1, 2, 4].includes(role),
    configure: admin || role === 1,
    admin,
  };
}

/** The artifact's vulnerability scan overview, or null when it was never scanned. */
export function overviewOf(artifact) {
  const o = artifact && artifact.scan_overview;
  if (!o) return null;
  return o[VULN_REPORT] || Object.values(o)[0] || null;
}

export const inProgress = (overview) => !!overview && ['Pending', 'Running', 'Scheduled'].includes(overview.scan_status);

/** The pull command for a tag (or digest), with the host the browser reached Wharf at. */
export function pullCommand(repoFullName, tagOrDigest) {
  const sep = String(tagOrDigest).startsWith('sha256:') ? '@' : ':';
  return 'docker pull ' + location.host + '/' + repoFullName + sep + tagOrDigest;
}

/** Where a vulnerability id leads: its first link, else the public record for its kind of id. */
export function vulnLink(v) {
  if (Array.isArray(v.links) && v.links.length) return v.links[0];
  if (/^CVE-\d+-\d+$/.test(v.id)) return 'https://nvd.nist.gov/vuln/detail/' + v.id;
  if (/^GHSA-/.test(v.id)) return 'https://github.com/advisories/' + v.id;
  return null;
}
