#!/usr/bin/env python3
"""Writes a single-layer OCI image layout for the benchmarks.

The one layer is an uncompressed tar (media type application/vnd.oci.image.layer.v1.tar) holding
a small id file and one file of SIZE random bytes, so the layer cannot be compressed on the way
and every call gives a layer with a new digest (a push really uploads it: the registry has never
seen it). The tar is written and hashed in one pass; nothing is held in memory.

    mkimage.py DIR SIZE_BYTES TAG
prints the layer's digest.
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import time

CHUNK = 4 << 20
BLOCK = 512


def tar_header(name, size, mtime):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = mtime
    info.uname = info.gname = "root"
    return info.tobuf(format=tarfile.USTAR_FORMAT)


def padding(size):
    return b"\0" * ((BLOCK - size % BLOCK) % BLOCK)


class HashingWriter:
    def __init__(self, f):
        self.f = f
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.f.write(data)
        self.sha.update(data)
        self.size += len(data)


def write_blob(blobs, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: mkimage.py DIR SIZE_BYTES TAG")
    out, size, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    mtime = int(time.time())
    ident = ("%s %d %s\n" % (tag, size, os.urandom(16).hex())).encode()

    tmp = os.path.join(blobs, ".layer.tmp")
    with open(tmp, "wb") as f:
        w = HashingWriter(f)
        w.write(tar_header("bench/id", len(ident), mtime))
        w.write(ident + padding(len(ident)))
        w.write(tar_header("bench/payload.bin", size, mtime))
        left = size
        while left > 0:
            n = min(CHUNK, left)
            w.write(os.urandom(n))
            left -= n
        w.write(padding(size))
        w.write(b"\0" * (2 * BLOCK))
    layer_digest = "sha256:" + w.sha.hexdigest()
    layer_size = w.size
    os.rename(tmp, os.path.join(blobs, w.sha.hexdigest()))

    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {},
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        "history": [{"created_by": "wharf bench/lib/mkimage.py"}],
    }
    config_digest, config_size = write_blob(blobs, json.dumps(config, separators=(",", ":")).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": layer_size}],
    }
    manifest_digest, manifest_size = write_blob(blobs, json.dumps(manifest, separators=(",", ":")).encode())

    index_path = os.path.join(out, "index.json")
    index = {"schemaVersion": 2, "manifests": []}
    if os.path.exists(index_path):
        with open(index_path) as f:
            index = json.load(f)
    index["manifests"] = [m for m in index["manifests"]
                          if m.get("annotations", {}).get("org.opencontainers.image.ref.name") != tag]
    index["manifests"].append({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "digest": manifest_digest, "size": manifest_size,
                               "annotations": {"org.opencontainers.image.ref.name": tag}})
    with open(index_path, "w") as f:
        json.dump(index, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(layer_digest)


if __name__ == "__main__":
    main()
