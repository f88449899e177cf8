#!/usr/bin/env python3
"""Lints deploy/: every YAML parses, kustomizations reference files that exist, the Deployment has the probes (readiness
may be a native gRPC probe on the container's gRPC port: a declared containerPort, and GRPC_PORT when set), a preStop
sleep, resources, and terminationGracePeriodSeconds > preStop + drain delay + shutdown timeout; every path in the image
that a manifest's container command (or the image's ENTRYPOINT) runs is one the Dockerfile creates in each runtime stage
(`dotnet publish <project> -o <dir>` makes <dir>/<AssemblyName>.dll, `cp`, `mkdir -p`, `COPY --from=<stage>`). Prints a
JSON report ({"files": N, "probePaths": [...], "grpcProbes": [...], "imagePaths": [...], "errors": [...]}) and exits 1
when there are errors.
  python3 scripts/lint-deploy.py [deploy-dir] [--dockerfile PATH]   (default: the repository's Dockerfile)"""
import json
import os
import re
import shlex
import sys
import xml.etree.ElementTree as ElementTree

import yaml

IMAGE = "modelserving"
GRPC_DEFAULT_PORT = 8500
WORKLOADS = ("Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet", "Pod")


def main():
    args = sys.argv[1:]
    dockerfile = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Dockerfile")
    if "--dockerfile" in args:
        at = args.index("--dockerfile")
        dockerfile = args[at + 1]
        del args[at:at + 2]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "deploy")
    errors, probes, grpc_probes, count = [], set(), [], 0
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
                check_deployment(path, doc, errors, probes, grpc_probes)
            elif isinstance(doc, dict) and "kind" in doc and "apiVersion" not in doc:
                errors.append(f"{path}: {doc['kind']} has no apiVersion")

    if not any(isinstance(d, dict) and d.get("kind") == "Deployment" for docs in documents.values() for d in docs):
        errors.append(f"{root}: no Deployment found")
    image_paths = check_image_paths(documents, dockerfile, errors)
    print(json.dumps({"files": count, "probePaths": sorted(probes), "grpcProbes": grpc_probes, "imagePaths": image_paths, "errors": errors}, indent=1))
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


def check_deployment(path, doc, errors, probes, grpc_probes):
    spec = doc["spec"]["template"]["spec"]
    grace = spec.get("terminationGracePeriodSeconds")
    if grace is None:
        errors.append(f"{path}: terminationGracePeriodSeconds is not set")
    for container in spec.get("containers", []):
        name = container.get("name", "?")
        for probe, expected in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", None)):
            http = (container.get(probe) or {}).get("httpGet")
            grpc = (container.get(probe) or {}).get("grpc")
            if probe == "readinessProbe" and grpc is not None:
                check_grpc_probe(path, name, probe, grpc, container, errors)
                grpc_probes.append({"probe": probe, "port": grpc.get("port"), "service": grpc.get("service", "")})
                continue
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


def check_grpc_probe(path, name, probe, grpc, container, errors):
    """A gRPC probe's port is a number (Kubernetes takes no port name there), a declared containerPort, and the gateway's."""
    port = grpc.get("port")
    if not isinstance(port, int):
        errors.append(f"{path}: container {name} {probe} grpc port {port!r} is not a port number")
        return
    declared = [p.get("containerPort") for p in container.get("ports") or []]
    if port not in declared:
        errors.append(f"{path}: container {name} {probe} grpc port {port} is not one of its containerPorts {declared}")
    configured = next((e.get("value") for e in container.get("env") or [] if e.get("name") == "GRPC_PORT"), None)
    expected = int(configured) if configured is not None else GRPC_DEFAULT_PORT
    if port != expected:
        errors.append(f"{path}: container {name} {probe} grpc port {port} is not the gateway's gRPC port {expected} (GRPC_PORT)")


def pod_spec(doc):
    spec = doc.get("spec") or {}
    if doc.get("kind") == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec")) or {}
    return spec if doc.get("kind") == "Pod" else ((spec.get("template") or {}).get("spec") or {})


def check_image_paths(documents, dockerfile, errors):
    """Paths under / that containers of our image execute must exist in every runtime stage of the Dockerfile."""
    try:
        stages, entrypoints = dockerfile_paths(dockerfile)
    except OSError as e:
        errors.append(f"{dockerfile}: cannot be read: {e.strerror}")
        return []
    runtimes = list(entrypoints)
    if not runtimes:
        errors.append(f"{dockerfile}: no stage has an ENTRYPOINT")
    executed = {}
    for name in runtimes:
        for path in entrypoints[name]:
            executed.setdefault(path, f"{dockerfile}: ENTRYPOINT of {name}")
    for path, docs in documents.items():
        for doc in docs:
            if not isinstance(doc, dict) or doc.get("kind") not in WORKLOADS:
                continue
            spec = pod_spec(doc)
            for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
                if not str(container.get("image", "")).split(":")[0].endswith(IMAGE):
                    continue
                for word in container.get("command") or []:
                    if isinstance(word, str) and word.startswith("/"):
                        executed.setdefault(word, f"{path}: container {container.get('name', '?')} command")
    for target, where in sorted(executed.items()):
        for name in runtimes:
            if target not in stages[name]["files"]:
                errors.append(f"{where} runs {target}, which the Dockerfile does not create in stage {name}")
    return sorted(executed)


def dockerfile_paths(dockerfile):
    """Files and directories each stage creates (as far as these lint rules model it), and each stage's ENTRYPOINT paths."""
    with open(dockerfile, encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    repository = os.path.dirname(os.path.abspath(dockerfile))
    stages, entrypoints, current = {}, {}, None
    for line in (l.strip() for l in text.split("\n")):
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = rest.split()
            base = parts[0]
            current = parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else f"stage{len(stages)}"
            inherited = stages.get(base, {"files": set(), "dirs": set()})
            stages[current] = {"files": set(inherited["files"]), "dirs": set(inherited["dirs"])}
        elif keyword == "RUN" and current:
            for command in re.split(r"&&|;", rest):
                run_command(shlex.split(command), repository, stages[current])
        elif keyword == "COPY" and current:
            words = rest.split()
            origin = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
            paths = [w for w in words if not w.startswith("--")]
            if origin in stages and len(paths) >= 2:
                for source in paths[:-1]:
                    copy_tree(stages[origin], source, paths[-1], stages[current])
        elif keyword == "ENTRYPOINT" and current:
            try:
                words = json.loads(rest)
            except ValueError:
                words = shlex.split(rest)
            entrypoints[current] = [w for w in words if isinstance(w, str) and w.startswith("/")]
    return stages, entrypoints


def run_command(words, repository, stage):
    if not words:
        return
    if words[:2] == ["dotnet", "publish"] and len(words) > 2:
        output = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")), None)
        assembly = assembly_name(os.path.join(repository, words[2]))
        if output and assembly:
            stage["dirs"].add(output)
            stage["files"].add(f"{output.rstrip('/')}/{assembly}.dll")
    elif words[0] == "cp":
        paths = [w for w in words[1:] if not w.startswith("-")]
        if len(paths) >= 2:
            destination = paths[-1]
            for source in paths[:-1]:
                if destination.endswith("/") or len(paths) > 2:
                    stage["files"].add(destination.rstrip("/") + "/" + os.path.basename(source.rstrip("/.")))
                else:
                    stage["files"].add(destination)
    elif words[0] == "mkdir":
        stage["dirs"].update(w for w in words[1:] if not w.startswith("-"))


def assembly_name(project):
    """The AssemblyName of a .csproj (or of the one .csproj in a directory); None when there is none."""
    if os.path.isdir(project):
        found = [n for n in os.listdir(project) if n.endswith(".csproj")]
        if len(found) != 1:
            return None
        project = os.path.join(project, found[0])
    if not os.path.isfile(project):
        return None
    name = ElementTree.parse(project).getroot().findtext("./PropertyGroup/AssemblyName")
    return name or os.path.splitext(os.path.basename(project))[0]


def copy_tree(origin, source, destination, stage):
    """COPY --from: what the origin stage made under source appears under destination."""
    source = source.rstrip("/") or "/"
    for kind in ("files", "dirs"):
        for path in origin[kind]:
            if path == source or path.startswith(source + "/"):
                stage[kind].add(destination.rstrip("/") + path[len(source):])


if __name__ == "__main__":
    sys.exit(main())
