"""The alarm list (filters, counts) and its two actions: acknowledge, resolve."""

from __future__ import annotations

from fastapi.responses import Response

from central.backoffice.alarm_rules import CONDITIONS
from central.backoffice.alarms import STATES
from central.backoffice.errors import BadInput
from central.backoffice.web import Ctx, Pages


def register(pages: Pages) -> None:
    @pages.page("/bo/alarms", "alarms")
    def alarms(ctx: Ctx) -> Response:
        state = ctx.arg("state", max_len=20)
        condition = ctx.arg("condition", max_len=40)
        kiosk = ctx.arg("kiosk", max_len=64)
        show_all = ctx.arg("all") == "1" or state == "resolved"
        rows = ctx.app.alarms.rows(state=state if state in STATES else "", kiosk_id=kiosk,
                                   condition=condition if condition in CONDITIONS else "",
                                   active_only=not show_all)
        return ctx.render("alarms.html", alarms=rows, counts=ctx.app.alarms.counts(),
                          state=state, condition=condition, kiosk=kiosk, show_all=show_all,
                          states=STATES, conditions=CONDITIONS, now=int(ctx.app.clock()))

    @pages.page("/bo/alarms/{alarm_id}/{action}", "alarms", methods=("POST",))
    def act(ctx: Ctx) -> Response:
        alarm_id = ctx.request.path_params["alarm_id"]
        action = ctx.request.path_params["action"]
        if action == "ack":
            ctx.app.alarms.acknowledge(alarm_id, ctx.op.username)
        elif action == "resolve":
            ctx.app.alarms.resolve(alarm_id, ctx.op.username)
        else:
            raise BadInput(f"unknown action {action}")
        ctx.audit(f"alarm.{action}", alarm_id, {"note": ctx.arg("note", max_len=500)})
        return ctx.redirect(ctx.arg("back", max_len=300) if ctx.arg("back").startswith("/bo/")
                            else "/bo/alarms")
