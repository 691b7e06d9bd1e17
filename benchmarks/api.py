"""The identity API's speed beside the framework's floor, on one uvicorn server.

Run: ``.venv/bin/python benchmarks/api.py [--seconds 4] [--mfa-users 120]``. One uvicorn
process serves the API on a fresh SQLite store plus a constant JSON route (the floor: what
the same server answers doing nothing). Client processes (1, 4, 16) call, each as fast as it
can for ``--seconds``: token validation (``GET /v3/auth/tokens``), ``ListPermanentAccessKeys``
signed per call by the Huawei Cloud SDK's own signer, and the constant route; printed: req/s,
p50 and p99, and the share of the floor (goal ≥ 50 %). Then 4 clients issue password+TOTP
tokens for distinct users (a TOTP code is single use), beside the argon2id hash-bound limit
= cores ÷ one hash's time (goal ≥ 80 %).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from app.config import Settings  # noqa: E402
from app.domain.roles import Role  # noqa: E402
from app.security import totp  # noqa: E402
from app.security.passwords import hash_password, verify_password  # noqa: E402
from app.services import Services  # noqa: E402
from app.services.records import Actor  # noqa: E402

PASSWORD = "Silver-Otter-Canyon-58"
CLIENTS = (1, 4, 16)


class _ShiftedClock:
    """The system clock moved by ``offset`` (binding MFA devices in the past)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def create_app() -> FastAPI:
    """The server (``uvicorn --factory``): the identity API and a constant JSON route."""
    from portal.api import errors, router
    from portal.api.versions import version_list

    app = FastAPI()
    app.state.services = Services.open(Settings.from_env(), upgrade=False)
    app.add_api_route("/", version_list, methods=["GET"])
    app.include_router(router)
    errors.install(app)

    @app.get("/bench/constant")
    def constant() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _setup(home: Path, mfa_users: int) -> dict[str, Any]:
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'bench.sqlite3'}",
                        key_file=home / "bench.key")  # fmt: skip
    clock = _ShiftedClock()
    services = Services.open(settings, clock=clock)
    try:
        services.account.init("acme", "Correct-Horse-Battery-9", email="root@acme.example")
        root = Actor("acme", Role.ROOT)
        services.users.create(root, "bench")
        services.passwords.reset(root, "bench", "set-now", new_password=PASSWORD, must_change=False)
        key = services.access_keys.create(root, "bench")
        token = services.api_tokens.issue("bench", PASSWORD).token
        seeds = []
        for i in range(mfa_users):
            name = f"mfa{i:04d}"
            services.users.create(root, name)
            services.passwords.reset(root, name, "set-now", new_password=PASSWORD,
                                     must_change=False)  # fmt: skip
            clock.offset = timedelta(hours=-1)
            enrollment = services.mfa.bind(root, name)
            first = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
            clock.offset = timedelta(hours=-1, seconds=30)
            second = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
            services.mfa.confirm(root, name, first, second)
            services.protection.set(root, name, api=True)
            seeds.append((name, enrollment.secret))
        with services.context.uow() as uow:
            domain = services.context.account(uow).name
        return {
            "env": {"IAMDESK_HOME": str(home), "IAMDESK_DATABASE_URL": settings.database_url,
                    "IAMDESK_KEY_FILE": str(settings.key_file)},
            "token": token, "ak": key.access_key_id, "sk": key.secret_access_key,
            "seeds": seeds, "domain": domain,
        }  # fmt: skip
    finally:
        services.close()


def _signed_get(session: requests.Session, url: str, ak: str, sk: str) -> requests.Response:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    host = url.split("://", 1)[1]
    request = SdkRequest(method="GET", schema="http", host=host,
                         resource_path="/v3.0/OS-CREDENTIAL/credentials", query_params=[],
                         header_params={"Content-Type": "application/json"}, body="")  # fmt: skip
    Signer(BasicCredentials(ak, sk)).sign(request)
    return session.get(f"{url}{request.uri}", headers=request.header_params, timeout=30)


def _client(job: tuple[str, str, dict[str, Any], float, float]) -> tuple[list[float], int]:
    """One client process: call until ``end``; (latencies in seconds, failures)."""
    kind, url, params, start, end = job
    session = requests.Session()
    session.trust_env = False
    latencies: list[float] = []
    failures = 0
    names = list(params.get("seeds", []))
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < end:
        began = time.perf_counter()
        if kind == "constant":
            answer = session.get(f"{url}/bench/constant", timeout=30)
        elif kind == "validate":
            token = params["token"]
            headers = {"X-Auth-Token": token, "X-Subject-Token": token}
            answer = session.get(f"{url}/v3/auth/tokens", headers=headers, timeout=30)
        elif kind == "signed":
            answer = _signed_get(session, url, params["ak"], params["sk"])
        else:  # issue: password + TOTP for the next user of this client
            if not names:
                break
            name, seed = names.pop()
            code = totp.code_at(seed, totp.time_step(datetime.now(UTC)))
            body = {"auth": {"identity": {"methods": ["password", "totp"],
                    "password": {"user": {"name": name, "password": PASSWORD,
                                          "domain": {"name": params["domain"]}}},
                    "totp": {"user": {"name": name, "domain": {"name": params["domain"]},
                                      "passcode": code}}}}}  # fmt: skip
            answer = session.post(f"{url}/v3/auth/tokens", json=body, timeout=60)
        latencies.append(time.perf_counter() - began)
        failures += answer.status_code >= 400
    return latencies, failures


def _run(pool: Any, kind: str, url: str, params: dict[str, Any], clients: int,
         seconds: float) -> tuple[float, float, float, int, float]:  # fmt: skip
    """(req/s, p50 ms, p99 ms, failures, wall seconds) of ``clients`` processes."""
    start = time.time() + 1.0
    jobs = [(kind, url, params if kind != "issue" else {**params, "seeds": part}, start,
             start + seconds) for part in _split(params.get("seeds", []), clients)]  # fmt: skip
    results = pool.map(_client, jobs)
    wall = min(seconds, time.time() - start)
    latencies = sorted(x for lat, _ in results for x in lat)
    failures = sum(f for _, f in results)
    if not latencies:
        return 0.0, 0.0, 0.0, failures, wall
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / wall, statistics.median(latencies) * 1e3, p99 * 1e3, failures, wall


def _split(items: list[Any], parts: int) -> list[list[Any]]:
    return [items[i::parts] for i in range(parts)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--mfa-users", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"setting up ({args.mfa_users} users with virtual MFA) ...", flush=True)
        data = _setup(Path(folder), args.mfa_users)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "benchmarks.api:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, **data["env"], "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            _wait(url, server)
            _measure(url, data, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("the server did not start")
        try:
            requests.get(f"{url}/bench/constant", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise SystemExit("the server did not answer")


def _measure(url: str, data: dict[str, Any], seconds: float) -> None:
    params = {k: data[k] for k in ("token", "ak", "sk", "domain")}
    cores = os.cpu_count() or 1
    print(f"{cores} cores; {seconds:g} s per run; one uvicorn process; SQLite store\n")
    print(f"{'calls':<26}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'floor':>8}")
    with multiprocessing.get_context("fork").Pool(max(CLIENTS)) as pool:
        for clients in CLIENTS:
            floor = _run(pool, "constant", url, params, clients, seconds)
            rows = [("constant JSON (floor)", floor)]
            rows.append(("token validation", _run(pool, "validate", url, params, clients, seconds)))
            rows.append(("signed ListPermanentAccessKeys",
                         _run(pool, "signed", url, params, clients, seconds)))  # fmt: skip
            for label, (rate, p50, p99, failures, _) in rows:
                note = f"  ({failures} failed)" if failures else ""
                print(f"{label:<26}{clients:>8}{rate:>9.0f}{p50:>9.1f}{p99:>9.1f}"
                      f"{rate / floor[0]:>8.0%}{note}")  # fmt: skip
        stored = hash_password(PASSWORD)
        samples = []
        for _ in range(15):
            began = time.perf_counter()
            verify_password(stored, PASSWORD)
            samples.append(time.perf_counter() - began)
        one_hash = statistics.median(samples)
        limit = cores / one_hash
        rate, p50, p99, failures, _ = _run(
            pool, "issue", url, {**params, "seeds": data["seeds"]}, 4, 60.0
        )
    print(f"\npassword+TOTP token issuance, 4 clients, {len(data['seeds'])} users: "
          f"{rate:.1f} tokens/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms"
          f"{f' ({failures} failed)' if failures else ''}")  # fmt: skip
    print(f"argon2id hash-bound limit: {cores} cores / {one_hash * 1e3:.1f} ms = "
          f"{limit:.1f} tokens/s; issuance at {rate / limit:.0%} of it")  # fmt: skip


if __name__ == "__main__":
    main()
