#!/usr/bin/env python3
"""Lints deploy/: every YAML parses, kustomizations reference files that exist, the Deployment has the probes, a preStop
sleep, resources, and terminationGracePeriodSeconds > preStop + drain delay + shutdown timeout. Prints a JSON report
({"files": N, "probePaths": [...], "errors": [...]}) and exits 1 when there are errors.
  python3 scripts/lint-deploy.py [deploy-dir]"""
import json
import os
import sys

import yaml


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "deploy")
    errors, probes, count = [], set(), 0
    documents = {}
    for directory, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(directory, name)
            count += 1
            try:
                with open(path, encoding="utf-8") as f:
                    documents[path] = [d for d in yaml.safe_load_all(f) if d is not None]
            except yaml.YAMLError as e:
                errors.append(f"{path}: not valid YAML: {e}")

    for path, docs in documents.items():
        for doc in docs:
            if os.path.basename(path) == "kustomization.yaml":
                check_kustomization(path, doc, errors)
            elif isinstance(doc, dict) and doc.get("kind") == "Deployment":
                check_deployment(path, doc, errors, probes)
            elif isinstance(doc, dict) and "kind" in doc and "apiVersion" not in doc:
                errors.append(f"{path}: {doc['kind']} has no apiVersion")

    if not any(isinstance(d, dict) and d.get("kind") == "Deployment" for docs in documents.values() for d in docs):
        errors.append(f"{root}: no Deployment found")
    print(json.dumps({"files": count, "probePaths": sorted(probes), "errors": errors}, indent=1))
    return 1 if errors else 0


def check_kustomization(path, doc, errors):
    base = os.path.dirname(path)
    references = list(doc.get("resources", [])) + list(doc.get("components", []))
    references += [p["path"] for p in doc.get("patches", []) if isinstance(p, dict) and "path" in p]
    references += list(doc.get("patchesStrategicMerge", []))
    if not references:
        errors.append(f"{path}: references nothing")
    for reference in references:
        target = os.path.normpath(os.path.join(base, reference))
        if os.path.isdir(target):
            if not os.path.isfile(os.path.join(target, "kustomization.yaml")):
                errors.append(f"{path}: {reference} is a directory without kustomization.yaml")
        elif not os.path.isfile(target):
            errors.append(f"{path}: {reference} does not exist")


def seconds(env, name, default):
    for item in env:
        if item.get("name") == name:
            return float(item.get("value", default))
    return default


def check_deployment(path, doc, errors, probes):
    spec = doc["spec"]["template"]["spec"]
    grace = spec.get("terminationGracePeriodSeconds")
    if grace is None:
        errors.append(f"{path}: terminationGracePeriodSeconds is not set")
    for container in spec.get("containers", []):
        name = container.get("name", "?")
        for probe, expected in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", None)):
            http = (container.get(probe) or {}).get("httpGet")
            if http is None:
                errors.append(f"{path}: container {name} has no {probe} httpGet")
                continue
            probes.add(http["path"])
            if expected and http["path"] != expected:
                errors.append(f"{path}: container {name} {probe} is {http['path']}, expected {expected}")
        sleep = (((container.get("lifecycle") or {}).get("preStop") or {}).get("sleep") or {}).get("seconds")
        if sleep is None:
            errors.append(f"{path}: container {name} has no preStop sleep")
            sleep = 0
        resources = container.get("resources") or {}
        if not resources.get("requests") or not resources.get("limits"):
            errors.append(f"{path}: container {name} lacks resource requests and limits")
        env = container.get("env", [])
        budget = sleep + seconds(env, "MODELSERVING_DRAIN_DELAY_SECONDS", 0) + seconds(env, "MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS", 30)
        if grace is not None and not grace > budget:
            errors.append(f"{path}: terminationGracePeriodSeconds {grace} is not greater than preStop + drain + shutdown timeout = {budget:g}")


if __name__ == "__main__":
    sys.exit(main())
