"""What benchmarks/portal.py and benchmarks/api.py share: a light HTTP/1.1 client, the server
under test, and the figures.

The client is a few dozen lines on asyncio streams in one thread of the benchmark's own
process: it parses only a status line, headers and a Content-Length (or chunked) body, keeps
its connection alive, and keeps cookies by name. On the 2-core machine the load generator
shares the cores it measures; a full client library (httpx, requests: tens of microseconds of
Python per header, a thread or a process per client, a CA bundle per new client) used to burn
a third of them and to add its own GIL queueing to the latencies. Each table row prints the
CPU that the server and the clients spent per request, so the split stays visible.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

Job = Callable[[], Awaitable["Run"]]


@dataclass
class Run:
    """One measured batch: latencies of the requests (or sign-ins) that succeeded."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the server's processes during the run
    client_cpu: float = 0.0  # CPU seconds of this process (the clients)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def cpu_ms(self, seconds: float) -> float:
        """CPU milliseconds per counted request (or sign-in)."""
        return seconds * 1e3 / len(self.latencies) if self.latencies else float("nan")

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1e3

    def absorb(self, other: Run) -> None:
        self.latencies += other.latencies
        self.failures += other.failures


# --- the client ------------------------------------------------------------------------


class HttpError(Exception):
    """The server closed the connection or answered something that is not HTTP/1.1."""


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]  # names lower-cased
    body: bytes

    def header(self, name: str) -> str:
        return next((v for n, v in self.headers if n == name), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Connection:
    """One kept-alive HTTP/1.1 connection with a cookie jar (a browser tab, or an SDK)."""

    def __init__(self, host: str, port: int, source: str | None = None,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.host, self.port, self.source = host, port, source
        self.base = {"Host": f"{host}:{port}", **(headers or {})}
        self.cookies: dict[str, str] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None:
            local = (self.source, 0) if self.source else None
            self._reader, self._writer = await asyncio.open_connection(
                self.host, self.port, local_addr=local
            )
        return self._reader, self._writer

    async def request(self, method: str, target: str, headers: dict[str, str] | None = None,
                      body: bytes = b"") -> Answer:  # fmt: skip
        reader, writer = await self._open()
        merged = {k.lower(): (k, v) for k, v in (*self.base.items(), *(headers or {}).items())}
        lines = [f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in merged.values())]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        try:
            answer = await _read_answer(reader)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self.close()
            raise HttpError(f"{method} {target}: connection lost ({exc!r})") from exc
        for name, value in answer.headers:
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val and "max-age=0" not in value.lower():
                    self.cookies[key.strip()] = val.strip()
                else:
                    self.cookies.pop(key.strip(), None)
            elif name == "connection" and value.lower() == "close":
                self.close()
        return answer

    async def get(self, target: str, headers: dict[str, str] | None = None) -> Answer:
        return await self.request("GET", target, headers)

    async def post_form(self, target: str, form: dict[str, str]) -> Answer:
        body = urlencode(form).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return await self.request("POST", target, kind, body)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _read_answer(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HttpError(f"not an HTTP answer: {status_line[:60]!r}")
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    fields = dict(headers)
    if "content-length" in fields:
        body = await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        body = b"".join(chunks)
    else:
        body = b""
    return Answer(int(parts[1]), headers, body)


def drive(jobs: Sequence[Job], server_pid: int) -> Run:
    """Run ``jobs`` (one coroutine per client) at once on this thread's event loop: the
    merged run, its wall time and the CPU time the server and the clients spent on it."""

    async def together() -> list[Run]:
        return list(await asyncio.gather(*(job() for job in jobs)))

    server_cpu, client_cpu = cpu_seconds(server_pid), time.process_time()
    began = time.perf_counter()
    parts = asyncio.run(together())
    merged = Run(wall=time.perf_counter() - began)
    merged.server_cpu = cpu_seconds(server_pid) - server_cpu
    merged.client_cpu = time.process_time() - client_cpu
    for part in parts:
        merged.absorb(part)
    return merged


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], ready_path: str, log: Path,
           port: int) -> Iterator[int]:  # fmt: skip
    """Start ``command`` (listening on ``port``); its pid once ``ready_path`` answers 200;
    stopped whatever happens."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_ready(port, ready_path, process, log)
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=120)  # a profiled server writes its profile first
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def _wait_ready(port: int, path: str, process: subprocess.Popen[bytes], log: Path) -> None:
    async def probe() -> int:
        connection = Connection("127.0.0.1", port)
        try:
            return (await asyncio.wait_for(connection.get(path), 2)).status
        finally:
            connection.close()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError, HttpError, TimeoutError):
            if asyncio.run(probe()) == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer {path} within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants (uvicorn's workers)."""
    total, pending = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
    return total


# --- the hash-bound limit and the report -----------------------------------------------


def one_hash_seconds(samples: int, password: str) -> tuple[float, float]:
    """Median wall and CPU seconds of one argon2id verification here (production parameters
    unless the caller's process was set up otherwise)."""
    from app.security import passwords

    stored = passwords.hash_password(password)
    walls, cpus = [], []
    for _ in range(samples):
        began, began_cpu = time.perf_counter(), time.thread_time()
        if not passwords.verify_password(stored, password):
            raise SystemExit("argon2id verification failed")
        walls.append(time.perf_counter() - began)
        cpus.append(time.thread_time() - began_cpu)
    return statistics.median(walls), statistics.median(cpus)


def bare_hashing_rate(samples: int, threads: int, password: str) -> float:
    """Verifications per second with ``threads`` threads verifying at once, ``samples`` each
    (argon2 leaves the interpreter lock while it hashes): what a server doing nothing but
    hashing reaches."""
    from app.security import passwords

    stored = passwords.hash_password(password)

    def verify_many() -> None:
        for _ in range(samples):
            passwords.verify_password(stored, password)

    workers = [threading.Thread(target=verify_many) for _ in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return samples * threads / (time.perf_counter() - began)


def hash_limit(samples: int, cores: int, password: str, unit: str) -> float:
    """Time argon2id here and now; print and return the hash-bound limit (per second)."""
    one_hash, hash_cpu = one_hash_seconds(samples, password)
    limit = cores / one_hash
    print(f"argon2id hash-bound limit: {cores} cores / {one_hash * 1e3:.1f} ms "
          f"(median of {samples}) = {limit:.1f} {unit}/s")  # fmt: skip
    print(f"  (one hash's CPU time is {hash_cpu * 1e3:.1f} ms: on an idle machine the limit "
          f"would be ~{cores / hash_cpu:.1f}/s)")  # fmt: skip
    bare = bare_hashing_rate(samples, cores, password)
    print(f"  (bare hashing, {cores} threads at once: {bare:.1f}/s = {bare / limit:.0%} of the "
          "limit, with nothing else to do)")  # fmt: skip
    return limit


def limit_again(first: float, samples: int, cores: int, password: str, unit: str) -> float:
    """Time argon2id again, after the measured rows; the higher of the two limits (the
    stricter), so that a hash timed at a slow moment of this machine flatters no share."""
    again = cores / one_hash_seconds(samples, password)[0]
    strict = max(first, again)
    print(f"argon2id hash-bound limit again, after the rows: {again:.1f} {unit}/s; the goal "
          f"is judged against the higher of the two, {strict:.1f}/s")  # fmt: skip
    return strict


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


HEADER = (f"{'':<32}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'share':>9}"
          f"{'srv CPU':>9}{'cli CPU':>9}")  # fmt: skip


def row(label: str, clients: int, run: Run, base: float | None = None) -> str:
    """One table line; ``base``: what the rate is a share of (a limit, a floor)."""
    share = f"{run.rate / base:>9.0%}" if base else " " * 9
    failed = f"  ({len(run.failures)} failed: {run.failures[0]})" if run.failures else ""
    return (f"{label:<32}{clients:>8}{run.rate:>9.1f}{run.percentile_ms(0.5):>9.1f}"
            f"{run.percentile_ms(0.99):>9.1f}{share}{run.cpu_ms(run.server_cpu):>9.2f}"
            f"{run.cpu_ms(run.client_cpu):>9.2f}{failed}")  # fmt: skip
