// Scans the user just asked for that the server has not reported yet. The cell says "Scan
// requested" until the artifact's overview shows something new (another report, start or end
// time, or status), so a finished earlier report is not mistaken for the new one. A request the
// server never reports is forgotten after a while rather than spinning forever.
const FORGET_AFTER_MS = 60000;

const fingerprint = (o) => (o ? [o.report_id, o.scan_status, o.start_time, o.end_time].join('|') : null);

export class Requests {
  constructor() { this.byDigest = new Map(); }

  add(artifact, overview) {
    this.byDigest.set(artifact.digest, {at: Date.now(), before: fingerprint(overview)});
  }

  pending(artifact, overview) {
    const req = this.byDigest.get(artifact.digest);
    if (!req) return false;
    const reported = overview && fingerprint(overview) !== req.before;
    if (reported || Date.now() - req.at > FORGET_AFTER_MS) {
      this.byDigest.delete(artifact.digest);
      return false;
    }
    return true;
  }
}
