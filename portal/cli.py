"""``iamdesk-portal``: serve the user portal (and the identity API) with uvicorn."""

from __future__ import annotations

import argparse
import sys

from app.config import Settings
from app.errors import IamDeskError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iamdesk-portal",
        description="Serve the IAM Desk user portal on the store named by IAMDESK_HOME, "
        "IAMDESK_DATABASE_URL and IAMDESK_KEY_FILE.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    parser.add_argument("--certfile", help="TLS certificate (PEM); serve HTTPS with --keyfile")
    parser.add_argument("--keyfile", help="TLS private key (PEM)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-Proto/For to trust (behind a TLS reverse proxy)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        print("iamdesk-portal: give both --certfile and --keyfile, or neither", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("iamdesk-portal: --workers must be 1 or more", file=sys.stderr)
        return 2
    try:
        ready = _store_ready()
    except IamDeskError as exc:
        print(f"iamdesk-portal: {exc}", file=sys.stderr)
        return 1
    if ready is not None:
        print(ready, file=sys.stderr)
        return 1
    import uvicorn

    uvicorn.run(
        "portal.app:from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips,
        server_header=False,
        log_level="info",
    )
    return 0


def _store_ready() -> str | None:
    """None when the store can be served, else the one line that says why not."""
    from app.services.account import ensure_schema
    from app.store import db
    from portal.app import uninitialised_message

    settings = Settings.from_env()
    engine = db.make_engine(settings.database_url)
    try:
        if not db.is_initialised(engine):
            return uninitialised_message(settings)
        ensure_schema(engine)  # once, here: the workers then find the schema current
    except Exception as exc:  # noqa: BLE001 (a database that cannot be reached)
        return f"iamdesk-portal: cannot open the store ({settings.describe_store()}): {exc}"
    finally:
        engine.dispose()
    return None


if __name__ == "__main__":
    sys.exit(main())
