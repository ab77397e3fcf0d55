"""The Kubernetes manifests under deploy/kubernetes: valid, and consistent.

Every document is checked against the Kubernetes JSON schema that
kubernetes-validate bundles (offline, strict: unknown fields are errors), and
the manifests are checked against each other and against the server's flags.
"""

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import kubernetes_validate
import pytest
import yaml

KUBERNETES_DIR = Path(__file__).resolve().parent.parent / "deploy" / "kubernetes"
# The newest Kubernetes whose schemas kubernetes-validate ships.
KUBERNETES_VERSION = "1.37.0"
SERVICE_NAME = "sessionmanager.v1.SessionManagerService"
PLACEHOLDER = "REPLACE_ME"

Doc = dict[str, Any]


@dataclass(frozen=True)
class Manifest:
    path: Path
    index: int
    doc: Doc

    @property
    def id(self) -> str:
        return f"{self.path.name}#{self.index}"


def load_manifests() -> list[Manifest]:
    manifests: list[Manifest] = []
    paths = sorted([*KUBERNETES_DIR.rglob("*.yaml"), *KUBERNETES_DIR.rglob("*.yml")])
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            for index, doc in enumerate(yaml.safe_load_all(stream)):
                if doc is None:
                    continue
                assert isinstance(doc, dict), f"{path.name}#{index} is not a mapping"
                manifests.append(Manifest(path, index, cast(Doc, doc)))
    return manifests


MANIFESTS = load_manifests()
RESOURCES = [m for m in MANIFESTS if m.doc.get("kind") != "Kustomization"]


def find(kind: str, name: str | None = None) -> Doc:
    """The one resource of this kind (and name, if given)."""
    found = [
        m.doc
        for m in RESOURCES
        if m.doc["kind"] == kind and (name is None or m.doc["metadata"]["name"] == name)
    ]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def find_all(kind: str) -> list[Doc]:
    return [m.doc for m in RESOURCES if m.doc["kind"] == kind]


def mapping(value: Any) -> Doc:
    assert isinstance(value, dict), f"expected a mapping, got {value!r}"
    return cast(Doc, value)


def sequence(value: Any) -> list[Any]:
    assert isinstance(value, list), f"expected a list, got {value!r}"
    return value


def pod_spec(workload: Doc) -> Doc:
    return mapping(workload["spec"]["template"]["spec"])


def pod_labels(workload: Doc) -> dict[str, str]:
    return cast(
        dict[str, str], mapping(workload["spec"]["template"]["metadata"]["labels"])
    )


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def only_container(workload: Doc) -> Doc:
    containers = sequence(pod_spec(workload)["containers"])
    assert len(containers) == 1
    return mapping(containers[0])


def workloads() -> Iterator[Doc]:
    yield from find_all("Deployment")
    yield from find_all("StatefulSet")


def server() -> Doc:
    return find("Deployment", "sessionmanager")


def server_container() -> Doc:
    return only_container(server())


def args_of(container: Doc) -> list[str]:
    return [str(arg) for arg in sequence(container.get("args", []))]


def flag_value(args: list[str], flag: str) -> str | None:
    """The value of ``--flag VALUE`` or ``--flag=VALUE``; the last one wins."""
    value: str | None = None
    for i, arg in enumerate(args):
        if arg == flag:
            assert i + 1 < len(args), f"{flag} has no value"
            value = args[i + 1]
        elif arg.startswith(flag + "="):
            value = arg.split("=", 1)[1]
    return value


def container_ports(container: Doc) -> dict[str, int]:
    return {
        str(port["name"]): int(port["containerPort"])
        for port in sequence(container["ports"])
    }


def resolve_target_port(service_port: Doc, container: Doc) -> int:
    target = service_port.get("targetPort", service_port["port"])
    if isinstance(target, int):
        assert target in container_ports(container).values()
        return target
    ports = container_ports(container)
    assert target in ports, f"targetPort {target!r} names no container port"
    return ports[target]


def secret_value(name: str, key: str) -> str:
    secret = find("Secret", name)
    string_data = cast(dict[str, str], secret.get("stringData", {}))
    assert key in string_data, f"Secret {name} has no key {key}"
    return string_data[key]


def resolved_env(container: Doc) -> dict[str, str]:
    """The container's environment as Kubernetes builds it.

    ``$(NAME)`` expands to a variable defined earlier in the list; values from
    a Secret are taken from the Secret template in these manifests.
    """
    env: dict[str, str] = {}
    for var in sequence(container.get("env", [])):
        entry = mapping(var)
        if "value" in entry:
            value = re.sub(
                r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                lambda m: env.get(m.group(1), m.group(0)),
                str(entry["value"]),
            )
        else:
            ref = mapping(mapping(entry["valueFrom"])["secretKeyRef"])
            value = secret_value(ref["name"], ref["key"])
        env[str(entry["name"])] = value
    return env


def probes(container: Doc) -> dict[str, Doc]:
    return {
        kind: mapping(container[kind])
        for kind in ("startupProbe", "readinessProbe", "livenessProbe")
        if kind in container
    }


# --- schema ---------------------------------------------------------------


@pytest.mark.parametrize("manifest", RESOURCES, ids=[m.id for m in RESOURCES])
def test_schema_valid(manifest: Manifest) -> None:
    checked = kubernetes_validate.validate(
        manifest.doc, KUBERNETES_VERSION, strict=True
    )
    assert checked == "1.37"


def test_manifests_found() -> None:
    kinds = {m.doc["kind"] for m in RESOURCES}
    expected = {
        "Secret",
        "Deployment",
        "PodDisruptionBudget",
        "Service",
        "StatefulSet",
        "ConfigMap",
    }
    assert expected <= kinds


def test_kustomization_lists_every_file() -> None:
    kustomization = [m for m in MANIFESTS if m.doc.get("kind") == "Kustomization"]
    assert len(kustomization) == 1
    listed = sequence(kustomization[0].doc["resources"])
    assert len(listed) == len(set(listed))
    on_disk = {m.path.relative_to(KUBERNETES_DIR).as_posix() for m in RESOURCES}
    assert set(listed) == on_disk


def test_one_kind_per_file() -> None:
    kinds: dict[Path, set[str]] = {}
    for m in MANIFESTS:
        kinds.setdefault(m.path, set()).add(str(m.doc["kind"]))
    for path, found in kinds.items():
        assert len(found) == 1, f"{path.name} holds {sorted(found)}"


def test_names_unique_per_kind() -> None:
    seen = [(m.doc["kind"], m.doc["metadata"]["name"]) for m in RESOURCES]
    assert len(seen) == len(set(seen))


# --- the server -----------------------------------------------------------


def test_three_replicas_rolled_without_losing_one() -> None:
    spec = mapping(server()["spec"])
    assert spec["replicas"] == 3
    rolling = mapping(spec["strategy"]["rollingUpdate"])
    assert rolling["maxUnavailable"] == 0


def test_selector_matches_pod_labels() -> None:
    for workload in workloads():
        selector = cast(dict[str, str], workload["spec"]["selector"]["matchLabels"])
        assert selects(selector, pod_labels(workload))


def test_command_is_sessionmanager_serve() -> None:
    container = server_container()
    assert container["image"] == "sessionmanager:0.1.0"
    assert [*sequence(container["command"]), *args_of(container)][:2] == [
        "sessionmanager",
        "serve",
    ]


def test_listens_on_the_container_port() -> None:
    container = server_container()
    args = args_of(container)
    listen = flag_value(args, "--listen")
    assert listen is not None
    host, _, port = listen.rpartition(":")
    assert int(port) == container_ports(container)["grpc"]
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        assert "--insecure" in args


def test_probes_are_grpc_on_the_container_port() -> None:
    for container in sequence(pod_spec(server())["containers"]):
        found = probes(mapping(container))
        assert {"readinessProbe", "livenessProbe"} <= found.keys()
        ports = set(container_ports(mapping(container)).values())
        for kind, probe in found.items():
            handlers = {"grpc", "httpGet", "tcpSocket", "exec"} & probe.keys()
            assert handlers == {"grpc"}, f"{kind} is not a gRPC probe"
            assert probe["grpc"]["port"] in ports, f"{kind} probes another port"


def test_probe_services() -> None:
    found = probes(server_container())
    assert found["readinessProbe"]["grpc"]["service"] == SERVICE_NAME
    assert found["livenessProbe"]["grpc"].get("service", "") == ""


def test_termination_grace_exceeds_drain() -> None:
    args = args_of(server_container())
    grace = flag_value(args, "--grace-secs")
    assert grace is not None, "--grace-secs is not set"
    pre_stop = mapping(server_container()["lifecycle"]["preStop"])
    sleep_secs = int(pre_stop["sleep"]["seconds"])
    assert 1 <= sleep_secs <= 15
    period = int(pod_spec(server())["terminationGracePeriodSeconds"])
    assert period > float(grace)
    # The kubelet's clock starts before the preStop hook, not after it.
    assert period > float(grace) + sleep_secs


def test_secret_key_read_from_a_mounted_file() -> None:
    container = server_container()
    env = {str(e["name"]): mapping(e) for e in sequence(container["env"])}
    assert "SESSIONMANAGER_SECRET_KEY" not in env
    assert "SIGNALWIRE_SWAIG_SECRET" not in env
    path = str(env["SESSIONMANAGER_SECRET_KEY_FILE"]["value"])
    directory, filename = posixpath.split(path)

    mounts = [
        mapping(m)
        for m in sequence(container["volumeMounts"])
        if m["mountPath"] == directory
    ]
    assert len(mounts) == 1
    assert mounts[0].get("readOnly") is True
    volumes = {
        str(v["name"]): mapping(v) for v in sequence(pod_spec(server())["volumes"])
    }
    volume = mapping(volumes[mounts[0]["name"]]["secret"])
    items = {str(i["path"]): str(i["key"]) for i in sequence(volume.get("items", []))}
    key = items.get(filename, filename)
    assert secret_value(volume["secretName"], key)


def test_secret_is_a_template() -> None:
    for secret in find_all("Secret"):
        assert "data" not in secret, "real secret values belong outside the repo"
        for key, value in mapping(secret["stringData"]).items():
            assert PLACEHOLDER in str(value), f"{key} is not a marked placeholder"


def test_headless_service_selects_the_server_pods() -> None:
    service = find("Service", "sessionmanager-headless")
    spec = mapping(service["spec"])
    assert spec["clusterIP"] == "None"
    assert spec.get("publishNotReadyAddresses", False) is False
    selector = cast(dict[str, str], spec["selector"])
    assert selects(selector, pod_labels(server()))
    redis = find("StatefulSet", "sessionmanager-redis")
    assert not selects(selector, pod_labels(redis))
    (port,) = sequence(spec["ports"])
    assert mapping(port)["port"] == 50051
    assert resolve_target_port(mapping(port), server_container()) == 50051


def test_disruption_budget_keeps_two() -> None:
    pdb = find("PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == 2
    selector = cast(dict[str, str], pdb["spec"]["selector"]["matchLabels"])
    assert selects(selector, pod_labels(server()))


def test_anti_affinity_spreads_over_nodes() -> None:
    anti = mapping(pod_spec(server())["affinity"]["podAntiAffinity"])
    assert "requiredDuringSchedulingIgnoredDuringExecution" not in anti
    (term,) = sequence(anti["preferredDuringSchedulingIgnoredDuringExecution"])
    affinity_term = mapping(term["podAffinityTerm"])
    assert affinity_term["topologyKey"] == "kubernetes.io/hostname"
    selector = cast(dict[str, str], affinity_term["labelSelector"]["matchLabels"])
    assert selects(selector, pod_labels(server()))


# --- Redis ----------------------------------------------------------------


def test_redis_url_points_at_the_redis_service() -> None:
    container = server_container()
    env = resolved_env(container)
    url = env.get("SESSIONMANAGER_REDIS_URL") or flag_value(
        args_of(container), "--store"
    )
    assert url is not None, "the server is given no Redis URL"
    assert "$(" not in url, "a $(VAR) in the URL names no earlier variable"
    parts = urlsplit(url)
    assert parts.scheme == "redis"

    service = find("Service", "sessionmanager-redis")
    assert parts.hostname == service["metadata"]["name"]
    (port,) = sequence(service["spec"]["ports"])
    assert parts.port == mapping(port)["port"]
    redis = find("StatefulSet", "sessionmanager-redis")
    assert selects(cast(dict[str, str], service["spec"]["selector"]), pod_labels(redis))
    assert resolve_target_port(mapping(port), only_container(redis)) == 6379
    assert re.fullmatch(r"/\d+", parts.path)

    # The password in the URL is the one Redis requires.
    redis_env = resolved_env(only_container(redis))
    assert parts.password is not None
    assert unquote(parts.password) == redis_env["REDIS_PASSWORD"]
    # Arguments show in every process listing on the node; the environment does not.
    assert all("@" not in arg for arg in args_of(container))


def test_redis_persists_append_only() -> None:
    redis = find("StatefulSet", "sessionmanager-redis")
    assert redis["spec"]["replicas"] == 1
    assert redis["spec"]["serviceName"] == "sessionmanager-redis"
    config = str(find("ConfigMap", "sessionmanager-redis")["data"]["redis.conf"])
    settings = {
        fields[0]: " ".join(fields[1:])
        for line in config.splitlines()
        if (fields := line.split()) and not fields[0].startswith("#")
    }
    assert settings["appendonly"] == "yes"
    assert settings["appendfsync"] == "everysec"

    (claim,) = sequence(redis["spec"]["volumeClaimTemplates"])
    claim_name = mapping(claim)["metadata"]["name"]
    mounts = {
        str(m["name"]): str(m["mountPath"])
        for m in sequence(only_container(redis)["volumeMounts"])
    }
    assert mounts[claim_name] == settings["dir"]


def test_redis_has_probes() -> None:
    container = only_container(find("StatefulSet", "sessionmanager-redis"))
    assert "readinessProbe" in container
    assert "livenessProbe" in container


# --- every workload -------------------------------------------------------


def test_containers_are_locked_down_and_bounded() -> None:
    for workload in workloads():
        pod = pod_spec(workload)
        pod_security = mapping(pod.get("securityContext", {}))
        assert pod.get("automountServiceAccountToken") is False
        for raw in sequence(pod["containers"]):
            container = mapping(raw)
            security = mapping(container["securityContext"])
            non_root = security.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
            assert non_root is True
            user = security.get("runAsUser", pod_security.get("runAsUser"))
            assert isinstance(user, int) and user > 0
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            resources = mapping(container["resources"])
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= mapping(resources[bound]).keys()
