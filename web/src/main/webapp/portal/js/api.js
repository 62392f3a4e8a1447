// The portal's only way to Wharf: fetch with the session cookie, the CSRF token on unsafe
// methods, and Harbor's error body turned into a readable message.

export const VULN_REPORT = 'application/vnd.security.vulnerability.report; version=1.1';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** What to do when the session is gone: set by the app (it shows the sign-in page). */
let onUnauthorized = () => {};
export function whenSignedOut(handler) { onUnauthorized = handler; }

/** The CSRF token: the __csrf cookie set at sign-in, refreshed from every API response. */
let csrfToken = null;
function currentCsrf() {
  const m = document.cookie.match(/(?:^|;\s*)__csrf=([^;]+)/);
  return csrfToken || (m ? decodeURIComponent(m[1]) : null);
}

/** Encodes a repository name for a path, as Harbor does: "tools/gcc" -> "tools%252Fgcc". */
export function repoPath(name) {
  return encodeURIComponent(encodeURIComponent(name));
}

/**
 * One request. Returns {status, data, headers}; data is parsed JSON, text, or null.
 * Throws ApiError for a status >= 400, after telling the app when the answer was 401.
 */
export async function request(method, path, {body, form, text, quiet401} = {}) {
  const headers = {'X-Requested-With': 'XMLHttpRequest', Accept: text ? 'text/plain' : 'application/json'};
  let payload;
  if (form) {
    payload = new URLSearchParams(form);
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (!['GET', 'HEAD'].includes(method)) {
    const token = currentCsrf();
    if (token) headers['X-Harbor-CSRF-Token'] = token;
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: payload, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'Wharf cannot be reached: ' + e.message);
  }
  const fresh = response.headers.get('X-Harbor-CSRF-Token');
  if (fresh) csrfToken = fresh;
  const type = response.headers.get('Content-Type') || '';
  const raw = await response.text();
  let data = raw;
  if (type.includes('json') && raw) {
    try { data = JSON.parse(raw); } catch { data = raw; }
  }
  if (response.status >= 400) {
    const err = data && data.errors && data.errors[0];
    const error = new ApiError(response.status, err ? err.code : 'HTTP_' + response.status,
        err ? err.message : (response.statusText || 'request failed') + ' (' + response.status + ')');
    if (response.status === 401 && !quiet401) onUnauthorized(error);
    throw error;
  }
  return {status: response.status, data: raw === '' ? null : data, headers: response.headers};
}

export const get = (path, opts) => request('GET', path, opts);
export const post = (path, body, opts) => request('POST', path, {...opts, body});
export const put = (path, body, opts) => request('PUT', path, {...opts, body});
export const del = (path, opts) => request('DELETE', path, opts);

/** Total item count of a paged answer (Harbor's X-Total-Count). */
export function total(result) {
  const n = parseInt(result.headers.get('X-Total-Count'), 10);
  return Number.isFinite(n) ? n : (Array.isArray(result.data) ? result.data.length : 0);
}

export async function signIn(principal, password) {
  csrfToken = null;
  const r = await request('POST', '/c/login', {form: {principal, password}, quiet401: true});
  return r;
}

export async function signOut() {
  csrfToken = null;
  await request('GET', '/c/log_out', {quiet401: true});
}

export async function currentUser() {
  try {
    return (await get('/api/v2.0/users/current', {quiet401: true})).data;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

// Paths of the API the portal reads, in one place.
export const paths = {
  projects: (q) => '/api/v2.0/projects' + (q ? '?' + new URLSearchParams(q) : ''),
  project: (p) => '/api/v2.0/projects/' + encodeURIComponent(p),
  repositories: (p, q) => paths.project(p) + '/repositories' + (q ? '?' + new URLSearchParams(q) : ''),
  repository: (p, r) => paths.project(p) + '/repositories/' + repoPath(r),
  artifacts: (p, r, q) => paths.repository(p, r) + '/artifacts?' + new URLSearchParams(
      {with_tag: 'true', with_scan_overview: 'true', ...q}),
  artifact: (p, r, ref) => paths.repository(p, r) + '/artifacts/' + encodeURIComponent(ref)
      + '?with_tag=true&with_scan_overview=true',
  scan: (p, r, ref) => paths.repository(p, r) + '/artifacts/' + encodeURIComponent(ref) + '/scan',
  vulnerabilities: (p, r, ref) => paths.repository(p, r) + '/artifacts/' + encodeURIComponent(ref)
      + '/additions/vulnerabilities',
  scanLog: (p, r, ref, reportId) => paths.scan(p, r, ref) + '/' + encodeURIComponent(reportId) + '/log',
  scanAll: () => '/api/repositories/scanAll',
  scanAllMetrics: () => '/api/v2.0/scans/all/metrics',
  vulndb: () => '/api/v2.0/vulndb',
  vulndbUpdate: () => '/api/v2.0/vulndb/update',
  labels: (q) => '/api/v2.0/labels' + (q ? '?' + new URLSearchParams(q) : ''),
  label: (id) => '/api/v2.0/labels/' + encodeURIComponent(id),
  accessories: (p, r, ref) => paths.repository(p, r) + '/artifacts/' + encodeURIComponent(ref) + '/accessories',
  artifactLabels: (p, r, ref) => paths.repository(p, r) + '/artifacts/' + encodeURIComponent(ref) + '/labels',
};
