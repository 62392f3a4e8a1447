// The scan column: where a scan stands, and once done, a bar of its findings by severity with
// the count of each (the seed's result bar chart).
import {h, icon} from '../dom.js';
import {SEVERITIES, time} from '../format.js';

/** A bar whose segments are as wide as each severity's share, and a legend with the counts. */
export function severityBar(summary) {
  const counts = (summary && summary.summary) || {};
  const total = summary && summary.total !== undefined ? summary.total
      : SEVERITIES.reduce((n, s) => n + (counts[s] || 0), 0);
  if (!total) {
    return h('div.scan-result.scan-clean', {'data-scan': 'Success', 'data-total': '0'},
        h('span.badge.badge-ok', icon('check'), 'No vulnerabilities'));
  }
  const present = SEVERITIES.filter((s) => counts[s]);
  const tip = present.map((s) => counts[s] + ' ' + s).join(', ');
  return h('div.scan-result', {'data-scan': 'Success', 'data-total': String(total), title: tip},
      h('div.severity-bar', {role: 'img', 'aria-label': total + ' vulnerabilities: ' + tip},
          present.map((s) => h('span.seg.sev-' + s.toLowerCase(),
              {style: {flexGrow: String(counts[s])}, title: counts[s] + ' ' + s}))),
      h('div.severity-legend',
          h('span.total', total + ' total'),
          present.map((s) => h('span.count', {'data-severity': s},
              h('i.dot.sev-' + s.toLowerCase()), counts[s] + ' ' + s)),
          summary.fixable !== undefined ? h('span.fixable', summary.fixable + ' fixable') : null));
}

/**
 * The cell for one artifact: "Not scanned", "Scan requested", a running status, an error, or the bar.
 * requested: the user just asked for a scan the server has not reported yet.
 */
export function scanCell(overview, {requested = false, logHref = null} = {}) {
  if (requested && (!overview || !['Pending', 'Scheduled', 'Running'].includes(overview.scan_status))) {
    return status('Requested', 'Scan requested', true);
  }
  if (!overview) return h('span.scan-none', {'data-scan': 'None'}, 'Not scanned');
  switch (overview.scan_status) {
    case 'Pending':
    case 'Scheduled':
      return status('Pending', 'Queued', true);
    case 'Running':
      return status('Running', 'Scanning…', true);
    case 'Error':
      return h('span.scan-status.scan-error', {'data-scan': 'Error', title: (overview.message ? overview.message + ' · ' : '') + 'Ended ' + time(overview.end_time)},
          'Error', logHref ? h('a.small-link', {href: logHref, target: '_blank', rel: 'noopener'}, 'log') : null);
    case 'Stopped':
      return h('span.scan-status.scan-stopped', {'data-scan': 'Stopped'}, 'Stopped');
    case 'Success':
      return withWarnings(severityBar(overview.summary), overview);
    default:
      return h('span.scan-status', {'data-scan': overview.scan_status}, overview.scan_status);
  }
}

function status(code, text, busy) {
  return h('span.scan-status.scan-busy', {'data-scan': code},
      busy ? h('span.spinner', {'aria-hidden': 'true'}) : null, text);
}

/**
 * A report made with vulnerability data older than the server allows says so next to its bar:
 * "No vulnerabilities" from stale data is not the same as from fresh data.
 */
function withWarnings(cell, overview) {
  const warnings = overview.warnings || [];
  if (!warnings.length) return cell;
  return h('div.scan-with-warning', cell,
      h('span.badge.badge-warn', {'data-scan-warning': '', title: warnings.join(' ')}, icon('alert'), 'Stale data'));
}

/** The sentences of a report's warnings, for a page with room for them. */
export function scanWarnings(overview) {
  const warnings = (overview && overview.warnings) || [];
  if (!warnings.length) return null;
  return h('div.alert.alert-warn', {'data-scan-warnings': ''}, warnings.map((w) => h('p', w)));
}
