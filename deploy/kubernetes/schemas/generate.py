#!/usr/bin/env python3
"""Writes kubernetes-schemas.json: JSON schemas (draft 4, as Kubernetes' OpenAPI v2 definitions are)
for the kinds deploy/kubernetes uses, from the Kubernetes OpenAPI document that Debian's package
golang-k8s-kube-openapi-dev ships as test data. Strict as kubeconform's "standalone-strict"
schemas are: an object with listed properties accepts no other property (a misspelt field fails),
apiVersion and kind are fixed per kind, int-or-string fields take either.

    python3 deploy/kubernetes/schemas/generate.py [SWAGGER_JSON]
"""
import json
import sys
from pathlib import Path

SOURCE = "/usr/share/gocode/src/k8s.io/kube-openapi/test/integration/testdata/aggregator/openapi.json"
KINDS = {
    "v1/Namespace": "io.k8s.api.core.v1.Namespace",
    "v1/ConfigMap": "io.k8s.api.core.v1.ConfigMap",
    "v1/Secret": "io.k8s.api.core.v1.Secret",
    "v1/Service": "io.k8s.api.core.v1.Service",
    "v1/PersistentVolumeClaim": "io.k8s.api.core.v1.PersistentVolumeClaim",
    "apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment",
}


def strict(node, definitions, needed):
    if isinstance(node, list):
        return [strict(n, definitions, needed) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref":
            name = value.rsplit("/", 1)[1]
            if name not in needed:
                needed.add(name)
                definitions[name] = None  # placeholder against cycles
            out[key] = "#/definitions/" + name
        elif key in ("description",) or key.startswith("x-kubernetes-"):
            continue
        else:
            out[key] = strict(value, definitions, needed)
    if out.get("format") == "int-or-string":
        out = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def main():
    source = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else SOURCE).read_text())
    all_defs = source["definitions"]
    definitions, needed = {}, set(KINDS.values())
    for name in KINDS.values():
        definitions[name] = None
    while any(v is None for v in definitions.values()):
        for name in [n for n, v in definitions.items() if v is None]:
            definitions[name] = strict(all_defs[name], definitions, needed)
    for key, name in KINDS.items():
        group_version, kind = key.rsplit("/", 1)
        d = definitions[name]
        d["properties"]["apiVersion"] = {"type": "string", "enum": [group_version]}
        d["properties"]["kind"] = {"type": "string", "enum": [kind]}
        d["required"] = sorted(set(d.get("required", [])) | {"apiVersion", "kind", "metadata"})
    out = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Kubernetes " + source["info"]["version"] + " kinds used by deploy/kubernetes (strict)",
        "kinds": {k: {"$ref": "#/definitions/" + v} for k, v in KINDS.items()},
        "definitions": dict(sorted(definitions.items())),
    }
    target = Path(__file__).with_name("kubernetes-schemas.json")
    target.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    print(f"wrote {target} ({len(definitions)} definitions from Kubernetes {source['info']['version']})")


if __name__ == "__main__":
    main()
