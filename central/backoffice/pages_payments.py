"""Payments search and the transaction page (hall staff, finance, admin)."""

from __future__ import annotations

from fastapi.responses import Response

from central.backoffice import payments
from central.backoffice.errors import NotFound
from central.backoffice.web import Ctx, Pages


def register(pages: Pages) -> None:
    @pages.page("/bo/payments", "payments")
    def search(ctx: Ctx) -> Response:
        q = payments.Query(account=ctx.arg("account", max_len=32),
                           date_from=ctx.arg("from", max_len=10),
                           date_to=ctx.arg("to", max_len=10),
                           kiosk=ctx.arg("kiosk", max_len=64), ref=ctx.arg("ref", max_len=300))
        rows = payments.search(ctx.app.store, q)
        if not q.empty:
            ctx.audit("payments.search", None, {k: v for k, v in vars(q).items() if v})
        return ctx.render("payments.html", q=q, txns=rows, searched=not q.empty,
                          limit=payments.LIMIT)

    @pages.page("/bo/transactions/{tid}", "payments")
    def transaction(ctx: Ctx) -> Response:
        tid = ctx.request.path_params["tid"]
        found = payments.transaction(ctx.app.store, tid) if len(tid) <= 128 else None
        if found is None:
            raise NotFound(f"{ctx.t('no_transaction')} {tid[:64]}")
        ctx.audit("transaction.view", tid)
        return ctx.render("transaction.html", **found)
