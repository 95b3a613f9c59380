"""Reconciliation (day overview, item by item, CSV), cash collections and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.responses import Response

from central.admin import Admin
from central.backoffice import collections, reconciliation
from central.backoffice.errors import BadInput
from central.backoffice.receipt_ref import KIOSK
from central.backoffice.web import HEADERS, Ctx, Pages


def business_day(ctx: Ctx) -> str:
    text = ctx.arg("date", max_len=10)
    if not text:
        return datetime.fromtimestamp(ctx.app.clock(), UTC).date().isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadInput(f"date: expected YYYY-MM-DD, got {text!r}") from None


def kiosk_arg(ctx: Ctx) -> str:
    kid = ctx.request.path_params["kiosk_id"]
    if not KIOSK.match(kid):
        raise BadInput("kiosk: letters, digits, '-' and '_'")
    return kid


def register(pages: Pages) -> None:
    @pages.page("/bo/reconcile", "reconcile")
    def overview(ctx: Ctx) -> Response:
        day = business_day(ctx)
        kiosk = ctx.arg("kiosk", max_len=64)
        return ctx.render("reconcile.html", day=day, kiosk=kiosk,
                          rows=reconciliation.overview(ctx.app.store, day, kiosk))

    @pages.page("/bo/reconcile/{kiosk_id}", "reconcile")
    def one_day(ctx: Ctx) -> Response:
        d = reconciliation.day(ctx.app.store, kiosk_arg(ctx), business_day(ctx))
        write_offs = ctx.app.approvals.rows(subject=f"{d['kiosk_id']}:{d['day']}")
        return ctx.render("reconcile_day.html", d=d, categories=reconciliation.CATEGORIES,
                          write_offs=write_offs,
                          pending=any(w["state"] == "requested" for w in write_offs))

    @pages.page("/bo/reconcile/{kiosk_id}/write-off", "reconcile", methods=("POST",))
    def write_off(ctx: Ctx) -> Response:
        """Request (maker) a write-off of the day's difference as it is now computed."""
        d = reconciliation.day(ctx.app.store, kiosk_arg(ctx), business_day(ctx))
        amount = d["server_total"] - d["kiosk_total"]
        reason = ctx.need("reason", max_len=500)
        aid = ctx.app.approvals.request("write_off", f"{d['kiosk_id']}:{d['day']}",
                                        d["kiosk_id"], amount, reason, ctx.op.username)
        ctx.audit("write_off.request", aid, {"kiosk": d["kiosk_id"], "date": d["day"],
                                             "amount": amount, "reason": reason})
        return ctx.redirect(f"/bo/reconcile/{d['kiosk_id']}?date={d['day']}")

    @pages.page("/bo/reconcile/{kiosk_id}/csv", "reconcile")
    def export(ctx: Ctx) -> Response:
        d = reconciliation.day(ctx.app.store, kiosk_arg(ctx), business_day(ctx))
        ctx.audit("reconcile.export", d["kiosk_id"], {"date": d["day"], "items": len(d["items"])})
        name = f"reconciliation-{d['kiosk_id']}-{d['day']}.csv"
        disposition = f'attachment; filename="{name}"'
        return Response("\ufeff" + reconciliation.to_csv(d), media_type="text/csv; charset=utf-8",
                        headers={**HEADERS, "Content-Disposition": disposition})

    @pages.page("/bo/reconcile/{kiosk_id}/record", "reconcile", methods=("POST",))
    def record(ctx: Ctx) -> Response:
        """Store fresh reports (as ``kiosk-central reconcile`` does); alarms follow them."""
        kid, day = kiosk_arg(ctx), business_day(ctx)
        reports = Admin(ctx.app.store.db, ctx.app.clock).reconcile(kid, day)
        ctx.audit("reconcile.record", kid, {"date": day, "balanced": [r["balanced"]
                                                                      for r in reports]})
        ctx.app.evaluate()
        return ctx.redirect(f"/bo/reconcile/{kid}?date={day}")

    @pages.page("/bo/collections", "collections")
    def cash(ctx: Ctx) -> Response:
        kiosk = ctx.arg("kiosk", max_len=64)
        only = ctx.arg("differences") == "1"
        return ctx.render("collections.html", kiosk=kiosk, only=only,
                          rows=collections.listing(ctx.app.store, kiosk, only))

    @pages.page("/bo/audit", "audit")
    def audit(ctx: Ctx) -> Response:
        user = ctx.arg("user", max_len=64)
        action = ctx.arg("action", max_len=64)
        return ctx.render("audit.html", user=user, action=action,
                          rows=ctx.app.audit.recent(300, user or None, action or None))
