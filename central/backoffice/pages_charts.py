"""The charts page: takings per day by method, validator reject/jam rate per kiosk."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi.responses import Response

from central.backoffice import charts
from central.backoffice.errors import BadInput
from central.backoffice.web import Ctx, Pages

MAX_DAYS = 92


def register(pages: Pages) -> None:
    @pages.page("/bo/charts", "charts")
    def page(ctx: Ctx) -> Response:
        today = datetime.fromtimestamp(ctx.app.clock(), UTC).date()
        try:
            last = date.fromisoformat(ctx.arg("to", max_len=10) or today.isoformat())
            first = date.fromisoformat(ctx.arg("from", max_len=10)
                                       or (last - timedelta(days=13)).isoformat())
        except ValueError:
            raise BadInput("from/to: dates YYYY-MM-DD") from None
        if first > last or (last - first).days >= MAX_DAYS:
            raise BadInput(f"from/to: at most {MAX_DAYS} days, from before to")
        days = charts.days_between(first.isoformat(), last.isoformat())
        money_series = charts.takings(ctx.app.store, days[0], days[-1])
        names = charts.series_names(ctx.t)
        kiosk = ctx.arg("kiosk", max_len=64)
        kiosks = [kiosk] if kiosk else [r["kiosk_id"] for r in ctx.app.store.rows(
            "SELECT kiosk_id FROM kiosks ORDER BY kiosk_id LIMIT 500")]
        rates = charts.validator_rates(ctx.app.store, days[0], days[-1], kiosks)
        shown = charts.worst_kiosks(rates)
        reject = {k: rates[k]["reject"] for k in shown}
        jam = {k: rates[k]["jam"] for k in shown}
        totals = {m: sum(v) for m, v in money_series.items()}
        return ctx.render(
            "charts.html", first=days[0], last=days[-1], kiosk=kiosk, names=names,
            takings_svg=charts.stacked_bars(ctx.t("chart_takings"), days, money_series, names),
            reject_svg=charts.lines(ctx.t("chart_rejects"), days, reject),
            jam_svg=charts.lines(ctx.t("chart_jams"), days, jam), totals=totals,
            rates={k: rates[k] for k in shown}, days=days)
