"""Voucher look-up, hall refunds and the approvals page (refunds and write-offs).

Refunds use the server's voucher ledger (central.vouchers), which enforces the money
rules: a refund request freezes the voucher, and only a *different* person may approve
or reject it. The back office adds the roles (hall staff may request, only finance/admin
may decide), the audit trail and the pages. The hall pays the approved balance out by
the customer's original path.
"""

from __future__ import annotations

from fastapi.responses import Response

from central.backoffice.errors import BackofficeError, BadInput, NotAllowed, NotFound
from central.backoffice.web import Ctx, Pages
from central.vouchers import codes, events, refunds
from central.vouchers.events import VoucherRefused


def refused(exc: VoucherRefused) -> BackofficeError:
    """The ledger's refusal as a back-office error with the same meaning."""
    kind = {403: NotAllowed, 404: NotFound}.get(exc.status)
    if kind is None:
        err = BackofficeError(exc.detail)
        err.status = exc.status if 400 <= exc.status < 500 else 409
        return err
    return kind(exc.detail)


def register(pages: Pages) -> None:
    @pages.page("/bo/vouchers", "vouchers")
    def lookup(ctx: Ctx) -> Response:
        text = ctx.arg("code", max_len=64)
        voucher = None
        if text:
            if codes.normalize(text) is None:
                raise BadInput(ctx.t("bad_voucher_code"))
            voucher = ctx.app.vouchers.voucher(text)
            ctx.audit("voucher.lookup", codes.normalize(text), {"found": voucher is not None})
        alarms = events.listing(ctx.app.store.db, alarms_only=True, limit=20)
        return ctx.render("vouchers.html", code=text, voucher=voucher, searched=bool(text),
                          display=codes.display, alarms=alarms)

    @pages.page("/bo/vouchers/refund", "refund_request", methods=("POST",))
    def request(ctx: Ctx) -> Response:
        code = ctx.need("code", max_len=64)
        reason = ctx.need("reason", max_len=500)
        try:
            r = refunds.request_refund(ctx.app.vouchers, code, ctx.op.username, reason)
        except VoucherRefused as exc:
            raise refused(exc) from exc
        ctx.audit("refund.request", r["refund_id"], {"code": r["code"], "amount": r["amount"],
                                                     "reason": reason})
        return ctx.redirect("/bo/approvals")

    @pages.page("/bo/approvals", "refund_request")
    def approvals(ctx: Ctx) -> Response:
        pending = refunds.pending_refunds(ctx.app.vouchers)
        decided = ctx.app.store.rows("SELECT * FROM voucher_refunds WHERE status <> 'pending'"
                                     " ORDER BY decided_at DESC LIMIT 50")
        return ctx.render("approvals.html", pending=pending, decided=decided,
                          display=codes.display,
                          write_offs=ctx.app.approvals.rows(state="requested"),
                          write_offs_done=[w for w in ctx.app.approvals.rows(limit=50)
                                           if w["state"] != "requested"])

    @pages.page("/bo/approvals/write-off/{approval_id}/{decision}", "approve",
                methods=("POST",))
    def decide_write_off(ctx: Ctx) -> Response:
        aid = ctx.request.path_params["approval_id"]
        decision = ctx.request.path_params["decision"]
        if decision not in ("approve", "reject"):
            raise BadInput(f"unknown decision {decision}")
        row = ctx.app.approvals.decide(aid, ctx.op.username, decision == "approve")
        ctx.audit(f"write_off.{decision}", aid, {"subject": row["subject"],
                                                 "amount": row["amount"],
                                                 "requested_by": row["requested_by"]})
        return ctx.redirect("/bo/approvals")

    @pages.page("/bo/approvals/{refund_id}/{decision}", "approve", methods=("POST",))
    def decide(ctx: Ctx) -> Response:
        refund_id = ctx.request.path_params["refund_id"]
        decision = ctx.request.path_params["decision"]
        if decision not in ("approve", "reject"):
            raise BadInput(f"unknown decision {decision}")
        act = refunds.approve_refund if decision == "approve" else refunds.reject_refund
        try:
            r = act(ctx.app.vouchers, refund_id, ctx.op.username)
        except VoucherRefused as exc:
            ctx.audit(f"refund.{decision}.refused", refund_id, {"error": exc.error})
            raise refused(exc) from exc
        ctx.audit(f"refund.{decision}", refund_id, {"code": r["code"], "amount": r["amount"],
                                                    "requested_by": r["requested_by"]})
        return ctx.redirect("/bo/approvals")
