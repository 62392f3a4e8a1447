"""Reads Prometheus text format on stdin with prometheus_client's parser; prints one JSON sample per line.

A malformed exposition makes the parser raise, and this script exit non-zero.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        print(json.dumps({"family": family.name, "type": family.type, "name": sample.name,
                          "labels": sample.labels, "value": sample.value}))
