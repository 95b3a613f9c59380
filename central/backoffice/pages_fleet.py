"""Fleet overview (filters, counts) and the kiosk page (history, commands, money).

Commands go through ``central.admin.Admin.send_command``, the same path as the CLI, so
the kiosk sees no difference; every command sent is audited with its arguments.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

from central.admin import COMMANDS, Admin
from central.backoffice import fleet
from central.backoffice.errors import BadInput, NotFound
from central.backoffice.web import Ctx, Pages
from central.errors import ApiError

PAGE_SIZE = 200


def heartbeat_history(ctx: Ctx, kiosk_id: str, limit: int = 30) -> list[dict[str, Any]]:
    rows = ctx.app.store.rows("SELECT at, body FROM heartbeats WHERE kiosk_id = ?"
                              " ORDER BY at DESC LIMIT ?", (kiosk_id, limit))
    out = []
    for r in rows:
        try:
            body = json.loads(r["body"])
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        state = fleet.state_of({"kiosk_id": kiosk_id, "last_heartbeat": json.dumps(
            {"at": r["at"], **body})}, r["at"], ctx.app.config)
        out.append({"at": r["at"], "state": state})
    return out


def records(ctx: Ctx, kiosk_id: str, rtype: str, limit: int = 20) -> list[dict[str, Any]]:
    """A kiosk's synced records of one type (newest first), their ``data`` parsed."""
    out = []
    for r in ctx.app.store.rows("SELECT record_id, payload, received_at FROM records WHERE"
                                " kiosk_id = ? AND type = ? ORDER BY received_at DESC LIMIT ?",
                                (kiosk_id, rtype, limit)):
        try:
            data = json.loads(r["payload"]).get("data") or {}
        except (ValueError, AttributeError):
            data = {}
        out.append({"record_id": r["record_id"], "received_at": r["received_at"], **data})
    return out


def register(pages: Pages) -> None:
    @pages.page("/bo/fleet", "fleet")
    def overview(ctx: Ctx) -> Response:
        states = fleet.fleet(ctx.app.store, ctx.app.clock(), ctx.app.config)
        status = ctx.arg("status", max_len=20)
        query = ctx.arg("q", max_len=64)
        problems = ctx.arg("problems") == "1"
        shown = [s for s in states if fleet.matches(s, status, query, problems)]
        return ctx.render("fleet.html", counts=fleet.counts(states), kiosks=shown[:PAGE_SIZE],
                          matched=len(shown), status=status, q=query, problems=problems,
                          statuses=fleet.STATUSES)

    @pages.page("/bo/kiosks/{kiosk_id}", "fleet")
    def kiosk(ctx: Ctx) -> Response:
        kid = ctx.request.path_params["kiosk_id"]
        state = fleet.one(ctx.app.store, kid, ctx.app.clock(), ctx.app.config)
        if state is None:
            raise NotFound(f"{ctx.t('no_kiosk')} {kid}")
        admin = Admin(ctx.app.store.db, ctx.app.clock)
        txns = ctx.app.store.rows("SELECT * FROM transactions WHERE kiosk_id = ?"
                                  " ORDER BY completed_ts DESC LIMIT 20", (kid,))
        batches = ctx.app.store.rows("SELECT batch_no, received_at, result FROM settlements"
                                     " WHERE kiosk_id = ? ORDER BY batch_no DESC LIMIT 20",
                                     (kid,))
        for b in batches:
            b["report"] = json.loads(b.pop("result")).get("report") or {}
        return ctx.render("kiosk.html", k=state, history=heartbeat_history(ctx, kid),
                          commands=list(reversed(admin.commands(kid)))[:30], txns=txns,
                          collections=records(ctx, kid, "cash_collection"), batches=batches,
                          command_names=COMMANDS, alarms=ctx.app.alarm_rows(kiosk_id=kid))

    @pages.page("/bo/kiosks/{kiosk_id}/commands", "command", methods=("POST",))
    def send(ctx: Ctx) -> Response:
        kid = ctx.request.path_params["kiosk_id"]
        command = ctx.need("command", max_len=40)
        args: dict[str, str] = {}
        for line in ctx.arg("args", max_len=1000).splitlines():
            key, sep, value = line.partition("=")
            if line.strip() and (not sep or not key.strip()):
                raise BadInput(f"{ctx.t('args_format')}: {line!r}")
            if sep:
                args[key.strip()] = value.strip()
        try:
            cid = Admin(ctx.app.store.db, ctx.app.clock).send_command(kid, command, args)
        except ApiError as exc:
            raise BadInput(exc.detail) from exc
        ctx.audit("command.send", kid, {"command": command, "args": args, "command_id": cid})
        return ctx.redirect(f"/bo/kiosks/{kid}#commands")
