"""``kiosk-central release ...``: the operator's release tool (docs/operations.md).

``init`` makes the signing keys and the repository, ``publish`` bundles, signs and
starts a canary, ``promote``/``halt`` steer the rollout, ``status`` shows stages,
kiosk reports and metadata expiry, ``timestamp`` re-signs snapshot and timestamp (run
it daily: the timestamp expires after one day, and kiosks refuse stale metadata).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central.releases import bundle, keys
from central.releases.errors import ReleaseError
from central.releases.manifest import Manifest, bundle_name
from central.releases.rollout import Rollout
from central.releases.tuf_repo import ReleaseRepository

REPO_ENV = "KIOSK_RELEASE_REPO"
Cmd = Callable[[Any, str, str, str, argparse.ArgumentParser], argparse.ArgumentParser]


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _repo_args(p: argparse.ArgumentParser, *, with_keys: bool = True) -> None:
    p.add_argument("--repo", default=os.environ.get(REPO_ENV, ""),
                   help=f"repository directory the server serves (default ${REPO_ENV})")
    if with_keys:
        p.add_argument("--keys", help=f"signing key directory, outside any checkout"
                       f" (default ${keys.KEYS_ENV})")


def _schema_arg(items: list[str], flag: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        ns, sep, version = item.partition("=")
        if not sep or not version.isdigit():
            raise ReleaseError(f"{flag} expects NAMESPACE=VERSION, got {item!r}")
        out[ns] = int(version)
    return out


def add_commands(sub: Any, common: argparse.ArgumentParser, cmd: Cmd) -> None:
    release = sub.add_parser("release", help="Sign, publish and roll out kiosk releases.")
    rsub = release.add_subparsers(dest="release_command", metavar="SUBCOMMAND", required=True)
    p = cmd(rsub, "init", "Create the signing keys and an empty TUF repository.",
            "kiosk-central release init --repo /srv/kiosk-releases --keys /root/release-keys",
            common)
    _repo_args(p)
    p.set_defaults(func=_init)
    p = cmd(rsub, "publish", "Bundle wheels/package dirs, sign them, start a canary.",
            "kiosk-central release publish 1.4.0 dist/payment_kiosk-1.4.0-py3-none-any.whl"
            " --data-schema offline_queue=1 --data-schema kiosk=6 --canary 10"
            " --repo /srv/kiosk-releases --keys /root/release-keys", common)
    p.add_argument("version")
    p.add_argument("inputs", nargs="+", type=Path, metavar="WHEEL_OR_PACKAGE_DIR")
    p.add_argument("--data-schema", action="append", default=[], metavar="NS=VERSION",
                   help="migration version this release brings the kiosk store to")
    p.add_argument("--min-data-schema", action="append", default=[], metavar="NS=VERSION",
                   help="oldest store version this release can migrate from")
    p.add_argument("--no-rollback", action="store_true",
                   help="the previous release cannot run on migrated data: kiosks will not"
                   " install it automatically")
    p.add_argument("--canary", type=int, default=10, metavar="PERCENT",
                   help="share of the fleet that gets it first (default 10)")
    p.add_argument("--notes", default="")
    _repo_args(p)
    p.set_defaults(func=_publish)
    p = cmd(rsub, "promote", "Give a canary release to more kiosks (default: all).",
            "kiosk-central release promote 1.4.0 --percent 50", common)
    p.add_argument("version")
    p.add_argument("--percent", type=int, default=100)
    p.set_defaults(func=lambda a, adm: _emit(Rollout(adm.db).promote(a.version, a.percent)))
    p = cmd(rsub, "halt", "Stop a canary; its kiosks go back to the stable release.",
            "kiosk-central release halt 1.4.0 --reason 'printer timeouts on K0042'", common)
    p.add_argument("version")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=lambda a, adm: _emit(Rollout(adm.db).halt(a.version, a.reason)))
    p = cmd(rsub, "status", "Releases, stages, kiosk reports and metadata expiry.",
            "kiosk-central release status --repo /srv/kiosk-releases", common)
    p.add_argument("--repo", default=os.environ.get(REPO_ENV, ""))
    p.add_argument("--reports", metavar="VERSION", help="list every kiosk report of VERSION")
    p.set_defaults(func=_status)
    p = cmd(rsub, "timestamp", "Re-sign snapshot and timestamp with fresh expiry (daily).",
            "kiosk-central release timestamp --repo /srv/kiosk-releases --keys /etc/release-keys",
            common)
    _repo_args(p)
    p.set_defaults(func=_timestamp)


def _repository(args: argparse.Namespace) -> ReleaseRepository:
    if not args.repo:
        raise ReleaseError(f"name the repository with --repo or ${REPO_ENV}")
    return ReleaseRepository(args.repo, keys.resolve_keys_dir(args.keys))


def _init(args: argparse.Namespace, admin: Any) -> int:
    repo = _repository(args)
    keyids = repo.init()
    _emit({"repository": str(repo.dir), "keys": str(repo.keys_dir), "keyids": keyids,
           "trusted_root": str(repo.metadata_dir / "root.json")})
    return 0


def _publish(args: argparse.Namespace, admin: Any) -> int:
    manifest = Manifest(version=args.version,
                        data_schema=_schema_arg(args.data_schema, "--data-schema"),
                        min_data_schema=_schema_arg(args.min_data_schema, "--min-data-schema"),
                        rollback=not args.no_rollback, notes=args.notes)
    rollout = Rollout(admin.db)
    rollout.check_new(manifest, args.canary)
    repo = _repository(args)
    name = bundle_name(manifest.version)
    with tempfile.TemporaryDirectory() as tmp:
        path = bundle.build(Path(tmp) / name, manifest, args.inputs)
        info = repo.publish(name, path, {"kiosk_release": manifest.as_dict()})
    rel = rollout.add(manifest, name, args.canary)
    _emit({**rel, "length": info.length, "sha256": info.hashes["sha256"]})
    return 0


def _status(args: argparse.Namespace, admin: Any) -> int:
    rollout = Rollout(admin.db)
    if args.reports:
        for row in rollout.reports(args.reports):
            _emit(row)
        return 0
    for rel in rollout.status():
        _emit(rel)
    if args.repo:
        expiries = ReleaseRepository(args.repo).expiries()
        _emit({"repository": args.repo, "roles": expiries})
        if any(r["expired"] for r in expiries.values()):
            sys.stderr.write("kiosk-central: repository metadata has expired: run"
                             " `kiosk-central release timestamp`\n")
            return 3
    return 0


def _timestamp(args: argparse.Namespace, admin: Any) -> int:
    repo = _repository(args)
    repo.resign_timestamp()
    _emit({"repository": str(repo.dir), "roles": repo.expiries()})
    return 0
