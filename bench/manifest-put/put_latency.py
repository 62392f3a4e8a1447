#!/usr/bin/env python3
"""Manifest PUT latency, through Wharf's gateway and straight to the registry, in the same run.

    bench/manifest-put/put_latency.py WHARF_URL REGISTRY_URL ADMIN_PASSWORD [PUSHES]

Creates a project, uploads one small config and one small layer blob, then PUTs PUSHES (default
1000) distinct small manifests (each with its own annotation, so each is a new artifact with a new
tag) to each path, alternating gateway and direct, one connection per path (kept alive), and
prints p50/p90/p99 in milliseconds (after 300 unmeasured pushes per path, for the JIT). The gateway's PUT includes Wharf recording the artifact and its
tag (read-your-writes); the direct PUT is what the registry alone costs.
"""
import base64
import hashlib
import http.client
import json
import statistics
import sys
import time
import urllib.parse
import uuid


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def connect(url):
    u = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def main():
    wharf, registry, password = sys.argv[1], sys.argv[2], sys.argv[3]
    pushes = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    basic = "Basic " + base64.b64encode(("admin:" + password).encode()).decode()
    api = connect(wharf)
    project = "bench" + uuid.uuid4().hex[:8]
    s, _, b = request(api, "POST", "/api/v2.0/projects",
                      json.dumps({"project_name": project, "metadata": {"public": "false"}}),
                      {"Authorization": basic, "Content-Type": "application/json"})
    assert s == 201, (s, b)
    repo = project + "/app"
    s, _, b = request(api, "GET", "/service/token?service=wharf-registry&scope="
                      + urllib.parse.quote("repository:%s:push,pull" % repo), headers={"Authorization": basic})
    assert s == 200, (s, b)
    bearer = {"Authorization": "Bearer " + json.loads(b)["token"]}

    gateway, direct = connect(wharf), connect(registry)
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}).encode()
    layer = b"\x1f\x8b" + uuid.uuid4().bytes  # opaque bytes: the registry does not read layers
    blobs = []
    for blob in (config, layer):
        digest = "sha256:" + hashlib.sha256(blob).hexdigest()
        s, h, b = request(gateway, "POST", "/v2/%s/blobs/uploads/" % repo, b"", bearer)
        assert s == 202, (s, b)
        location = urllib.parse.urlparse(h["location"])
        path = location.path + "?" + (location.query + "&" if location.query else "") + "digest=" + digest
        s, _, b = request(gateway, "PUT", path, blob, dict(bearer, **{"Content-Type": "application/octet-stream"}))
        assert s == 201, (s, b)
        blobs.append((digest, len(blob)))

    def manifest(i):
        return json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blobs[0][0], "size": blobs[0][1]},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": blobs[1][0], "size": blobs[1][1]}],
            "annotations": {"bench": "%d-%s" % (i, uuid.uuid4().hex)}}).encode()

    headers = dict(bearer, **{"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    timings = {"gateway": [], "direct": []}
    warmup = 300  # a fresh server's JIT: these pushes are not measured
    for i in range(warmup + pushes):
        for name, conn in (("gateway", gateway), ("direct", direct)):
            body = manifest(i)
            start = time.perf_counter()
            s, _, b = request(conn, "PUT", "/v2/%s/manifests/%s-%d" % (repo, name, i), body, headers)
            if i >= warmup:
                timings[name].append((time.perf_counter() - start) * 1000)
            assert s == 201, (name, s, b)
    print("manifest PUT latency over %d pushes each, ms" % pushes)
    print("| path | p50 | p90 | p99 |")
    print("| --- | --- | --- | --- |")
    for name, ms in timings.items():
        q = statistics.quantiles(ms, n=100)
        print("| %s | %.2f | %.2f | %.2f |" % (name, statistics.median(ms), q[89], q[98]))


if __name__ == "__main__":
    main()
