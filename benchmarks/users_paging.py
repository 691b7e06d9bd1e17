"""Fill a store with 100,000 users (through the CSV import) and time user-list pages.

Run: ``make benchmark`` or ``.venv/bin/python benchmarks/users_paging.py [--users N]
[--backend sqlite|postgresql|both]``. PostgreSQL runs on a throwaway server, as in the tests.
Prints, per backend, the import time and the median / 95th-percentile / worst time of a
100-row page for each query the user list makes (target: under 20 ms). Each row carries its
credential counts (virtual MFA, security keys, access keys), read in the same query.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from app.config import Settings  # noqa: E402
from app.domain.roles import Role  # noqa: E402
from app.domain.user_filters import UserFilter, UserFlag  # noqa: E402
from app.domain.vocabulary import LoginProtection  # noqa: E402
from app.services import Services  # noqa: E402
from app.services.records import Actor, UserPage  # noqa: E402

ROUNDS = 30
PAGE = 100


def users_csv(count: int) -> io.StringIO:
    """``count`` distinct users with emails and mobiles, names in shuffled order."""
    lines = ["name,email,mobile,display_name"]
    for i in range(count):
        n = (i * 7919) % count  # a permutation, so inserts are not in name order
        lines.append(f"user{n:06d},user{n:06d}@example.com,+86138{n:08d},Person {n} Example")
    return io.StringIO("\n".join(lines) + "\n", newline="")


def timed(call: Callable[[], UserPage], rounds: int = ROUNDS) -> tuple[float, float, float]:
    """(median, p95, worst) in milliseconds, after one warm-up call."""
    call()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], samples[-1]


def run(label: str, url: str, home: Path, users: int) -> None:
    settings = Settings(home=home, database_url=url, key_file=home / "bench.key")
    services = Services.open(settings)
    try:
        services.account.init("bench", "Correct-Horse-Battery-9", email="root@bench.example")
        root = Actor("bench", Role.ROOT)
        start = time.perf_counter()
        created = services.user_import.import_csv(root, users_csv(users)).created
        took = time.perf_counter() - start
        print(f"\n{label}: imported {created:,} users in {took:.1f} s")
        last = users - PAGE
        cases: dict[str, Callable[[], UserPage]] = {
            "first page, by name": lambda: services.users.list(root, limit=PAGE),
            "first page, by name, no total": lambda: services.users.list(
                root, limit=PAGE, with_total=False
            ),
            "middle page, by name": lambda: services.users.list(
                root, offset=users // 2, limit=PAGE
            ),
            "last page, by name": lambda: services.users.list(root, offset=last, limit=PAGE),
            "first page, by created, newest first": lambda: services.users.list(
                root, sort="created", descending=True, limit=PAGE
            ),
            "first page, by email": lambda: services.users.list(root, sort="email", limit=PAGE),
            "search 'user0999' (100 hits)": lambda: services.users.list(
                root, search="user0999", limit=PAGE
            ),
            "search 'example' (every row)": lambda: services.users.list(
                root, search="example", limit=PAGE
            ),
            "search 'nobody' (no hit)": lambda: services.users.list(
                root, search="nobody", limit=PAGE
            ),
            "search 'person 5', by created": lambda: services.users.list(
                root, search="person 5", sort="created", limit=PAGE
            ),
            # Many matches together at the end of the sort order: a scan in that order would
            # pass 90,000 rows before the first (see app/store/user_search.py).
            "search 'user09' (10,000 hits, last)": lambda: services.users.list(
                root, search="user09", limit=PAGE
            ),
            "search 'user09', 2nd page, no total": lambda: services.users.list(
                root, search="user09", offset=PAGE, limit=PAGE, with_total=False
            ),
            "search 'user09', by email": lambda: services.users.list(
                root, search="user09", sort="email", limit=PAGE
            ),
            "search '+8613800099' (1,000 hits)": lambda: services.users.list(
                root, search="+8613800099", limit=PAGE
            ),
        }
        rare = mark_rare_users(url, users)
        cases.update(filter_cases(services, root, rare))
        report(cases)
    finally:
        services.close()


def mark_rare_users(url: str, users: int) -> int:
    """Give a few users (every 1,000th) what the rare quick filters look for; returns how
    many each filter matches. Plain SQL: the benchmark times reads, not these writes."""
    engine = create_engine(url)
    marked = [f"user{n:06d}" for n in range(0, users, 1000)]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE users SET role = :role, login_protection = :sms, "
                 "must_change_password = :yes, locked_until = :until WHERE name = :name"),
            [{"role": Role.HELPDESK.value, "sms": LoginProtection.SMS.value, "yes": True,
              "until": "2999-01-01 00:00:00", "name": name} for name in marked],
        )  # fmt: skip
    engine.dispose()
    return len(marked)


def filter_cases(services: Services, root: Actor, rare: int) -> dict[str, Callable[[], UserPage]]:
    """The user list's quick filters: the rare ones match ``rare`` users, spread by name."""

    def listed(user_filter: UserFilter, search: str | None = None) -> Callable[[], UserPage]:
        return lambda: services.users.list(root, search=search, user_filter=user_filter,
                                           limit=PAGE)  # fmt: skip

    return {
        f"filter locked ({rare} hits)": listed(UserFilter(frozenset({UserFlag.LOCKED}))),
        f"filter must change ({rare} hits)": listed(UserFilter(frozenset({UserFlag.MUST_CHANGE}))),
        f"filter role helpdesk ({rare} hits)": listed(UserFilter(role=Role.HELPDESK)),
        f"filter protection SMS ({rare} hits)": listed(UserFilter(protection=LoginProtection.SMS)),
        "filter no MFA (every row)": listed(UserFilter(frozenset({UserFlag.NO_MFA}))),
        "search 'user09' + role helpdesk": listed(UserFilter(role=Role.HELPDESK), "user09"),
    }


def report(cases: dict[str, Callable[[], UserPage]]) -> None:
    print(f"{'query (100 rows + total)':40} {'median':>8} {'p95':>8} {'worst':>8}  total")
    for name, call in cases.items():
        median, p95, worst = timed(call)
        page = call()
        total = "-" if page.total is None else f"{page.total:,}"
        total += "" if page.total_exact or page.total is None else "+"
        print(f"{name:40} {median:6.2f}ms {p95:6.2f}ms {worst:6.2f}ms  {total}")


@contextmanager
def postgres_database() -> Iterator[str]:
    from tests.support.postgres import throwaway_server

    with throwaway_server() as admin_url:
        engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE iamdesk_bench"))
        engine.dispose()
        yield admin_url.rsplit("/", 1)[0] + "/iamdesk_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        if args.backend in ("sqlite", "both"):
            run("SQLite", f"sqlite:///{home / 'bench.sqlite3'}", home, args.users)
        if args.backend in ("postgresql", "both"):
            with postgres_database() as url:
                run("PostgreSQL", url, home, args.users)


if __name__ == "__main__":
    main()
