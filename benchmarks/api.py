"""The identity API's speed beside the framework's floor, on one uvicorn server.

Run: ``.venv/bin/python benchmarks/api.py [--seconds 4] [--mfa-users 120] [--profile FILE]``.
The portal's own app (``portal.app.from_env``: pages and API, every middleware) serves a
fresh SQLite store in one uvicorn process, plus a constant JSON route (the floor: what the
same server answers doing nothing). 1, 4 and 16 clients (benchmarks/loadgen.py: asyncio, one
thread of this process, one kept-alive connection each) call, each as fast as it can for
``--seconds``: the constant route, token validation (``GET /v3/auth/tokens``) and
``ListPermanentAccessKeys`` signed per call by the Huawei Cloud SDK's own signer (each
client with its own access key, as separate programs have); printed:
req/s, p50 and p99, the share of the floor (goal ≥ 50 %) and the CPU milliseconds the server
and the clients spent per call. Then 4 clients issue password+TOTP tokens for distinct users
(a TOTP code is single use), beside the argon2id hash-bound limit = cores ÷ one hash's time,
timed before and after the issuance (goal ≥ 80 % of the higher of the two). ``--profile
FILE`` serves it under yappi (benchmarks/profiled.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi import FastAPI  # noqa: E402

from app.config import Settings  # noqa: E402
from app.domain.roles import Role  # noqa: E402
from app.security import passwords, totp  # noqa: E402
from app.services import Services  # noqa: E402
from app.services.records import Actor  # noqa: E402
from benchmarks import loadgen  # noqa: E402
from benchmarks.loadgen import Answer, Connection, HttpError, Run  # noqa: E402
from benchmarks.profiled import ENV_PROFILE  # noqa: E402

PASSWORD = "Silver-Otter-Canyon-58"
CLIENTS = (1, 4, 16)
FLOOR_GOAL = 0.50
SHARE_GOAL = 0.80


class _ShiftedClock:
    """The system clock moved by ``offset`` (binding MFA devices in the past)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def create_app() -> FastAPI:
    """The server (``uvicorn --factory``): the portal's app and a constant JSON route."""
    from portal.app import from_env

    app = from_env()

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
        token = services.api_tokens.issue("bench", PASSWORD).token
        # One access key per client, as separate programs have: the API allows each key
        # CALLS_PER_KEY calls a minute, which one key shared by every row would pass.
        keys = []
        for i in range(max(CLIENTS)):
            services.users.create(root, f"program{i:02d}")
            made = services.access_keys.create(root, f"program{i:02d}")
            keys.append((made.access_key_id, made.secret_access_key))
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
            "token": token, "keys": keys, "seeds": seeds, "domain": domain,
        }  # fmt: skip
    finally:
        services.close()


# --- the calls -------------------------------------------------------------------------

Call = Callable[[Connection], Any]


async def constant(connection: Connection) -> Answer:
    return await connection.get("/bench/constant")


async def validate(token: str, connection: Connection) -> Answer:
    return await connection.get("/v3/auth/tokens", {"X-Auth-Token": token,
                                                    "X-Subject-Token": token})  # fmt: skip


async def signed_list(ak: str, sk: str, connection: Connection) -> Answer:
    """``ListPermanentAccessKeys``, signed now by the Huawei Cloud SDK's own signer."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    request = SdkRequest(method="GET", schema="http", host=connection.base["Host"],
                         resource_path="/v3.0/OS-CREDENTIAL/credentials", query_params=[],
                         header_params={"Content-Type": "application/json"}, body="")  # fmt: skip
    Signer(BasicCredentials(ak, sk)).sign(request)
    return await connection.get(request.uri, request.header_params)


async def issue(domain: str, seeds: list[tuple[str, str]], connection: Connection) -> Answer:
    """A password+TOTP token for the next user of this client (None when none is left)."""
    name, seed = seeds.pop()
    code = totp.code_at(seed, totp.time_step(datetime.now(UTC)))
    user = {"name": name, "domain": {"name": domain}}
    body = {"auth": {"identity": {"methods": ["password", "totp"],
            "password": {"user": {**user, "password": PASSWORD}},
            "totp": {"user": {**user, "passcode": code}}}}}  # fmt: skip
    kind = {"Content-Type": "application/json"}
    return await connection.request("POST", "/v3/auth/tokens", kind, json.dumps(body).encode())


async def client(port: int, call: Call, until: float, calls: int | None = None) -> Run:
    """Call until ``until`` (monotonic), or ``calls`` times; latencies of the 2xx answers."""
    run = Run()
    connection = Connection("127.0.0.1", port)
    try:
        while time.monotonic() < until and (calls is None or calls > 0):
            began = time.perf_counter()
            try:
                answer = await call(connection)
            except HttpError as exc:
                run.failures.append(str(exc))
                continue
            if answer.status < 300:
                run.latencies.append(time.perf_counter() - began)
            else:
                run.failures.append(f"{answer.status} {answer.text[:120]}")
            calls = None if calls is None else calls - 1
    finally:
        connection.close()
    return run


def timed(port: int, pid: int, calls: list[Call], seconds: float) -> Run:
    """One client per call, calling for ``seconds``; the rate over the run's wall time."""
    until = time.monotonic() + seconds
    return loadgen.drive([partial(client, port, call, until) for call in calls], pid)


# --- the report ------------------------------------------------------------------------


def _measure(port: int, pid: int, data: dict[str, Any], args: argparse.Namespace) -> bool:
    cores = os.cpu_count() or 1
    print(f"{cores} cores; {args.seconds:g} s per row; one uvicorn process; SQLite store; "
          f"load average before: {loadgen.load()}\n")  # fmt: skip
    print(loadgen.HEADER.replace("share", "floor"))
    token, keys = data["token"], data["keys"]
    rows: list[tuple[str, Callable[[int], Call]]] = [  # the call of client i
        ("token validation", lambda _i: partial(validate, token)),
        ("signed ListPermanentAccessKeys", lambda i: partial(signed_list, *keys[i])),
    ]
    worst, refused = 1.0, 0
    for clients in CLIENTS:
        floor = timed(port, pid, [constant] * clients, args.seconds)
        print(loadgen.row("constant JSON (floor)", clients, floor), flush=True)
        for label, call_of in rows:
            run = timed(port, pid, [call_of(i) for i in range(clients)], args.seconds)
            worst = min(worst, run.rate / floor.rate if floor.rate else 0.0)
            refused += len(run.failures)
            print(loadgen.row(label, clients, run, floor.rate), flush=True)
    print()
    limit = loadgen.hash_limit(15, cores, PASSWORD, "tokens")
    seeds = list(data["seeds"])
    parts = [seeds[i::4] for i in range(4)]
    jobs = [partial(client, port, partial(issue, data["domain"], part), time.monotonic() + 120,
                    len(part)) for part in parts]  # fmt: skip
    issued = loadgen.drive(jobs, pid)
    print(loadgen.HEADER.replace("share", "of limit"))
    print(loadgen.row(f"password+TOTP tokens ({len(seeds)})", 4, issued, limit))
    share = issued.rate / loadgen.limit_again(limit, 15, cores, PASSWORD, "tokens")
    print(f"\ngoal: validation and signed calls ≥ {FLOOR_GOAL:.0%} of the floor: worst "
          f"{worst:.0%} {'MET' if worst >= FLOOR_GOAL else 'NOT MET'}")  # fmt: skip
    print(f"goal: password+TOTP issuance ≥ {SHARE_GOAL:.0%} of the limit: {share:.0%} "
          f"{'MET' if share >= SHARE_GOAL else 'NOT MET'}")  # fmt: skip
    print(f"load average after: {loadgen.load()}")
    return worst >= FLOOR_GOAL and share >= SHARE_GOAL and not issued.failures and not refused


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--mfa-users", type=int, default=120)
    parser.add_argument("--profile", metavar="FILE", help="profile the server (yappi)")
    args = parser.parse_args()
    os.environ.pop(passwords.ENV_TEST_CHEAP_HASHING, None)
    with tempfile.TemporaryDirectory() as folder:
        print(f"setting up ({args.mfa_users} users with virtual MFA) ...", flush=True)
        data = _setup(Path(folder), args.mfa_users)
        port = loadgen.free_port()
        factory = "benchmarks.profiled:api" if args.profile else "benchmarks.api:create_app"
        command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1",
                   "--port", str(port), "--no-access-log"]  # fmt: skip
        env = {**os.environ, **data["env"], "PYTHONPATH": str(ROOT)}
        if args.profile:
            env[ENV_PROFILE] = str(Path(args.profile).resolve())
        log = Path(folder) / "server.log"
        with loadgen.server(command, env, "/bench/constant", log, port) as pid:
            ok = _measure(port, pid, data, args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
