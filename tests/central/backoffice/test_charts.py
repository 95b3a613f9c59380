"""Charts: takings per day by method, validator reject/jam rates from heartbeat counters."""

from __future__ import annotations

from datetime import UTC, datetime

from central.backoffice import charts
from tests.central.backoffice.sim import SimKiosk


def test_takings_per_day_by_method(server, operators, browser, clock, store):
    url, admin = server
    k = SimKiosk(url, admin, "K0009", clock)
    k.pay(5000, at="2025-11-23T10:00:00Z")
    k.pay(10000, at="2025-11-24T10:00:00Z", method="card")
    k.pay(3000, at="2025-11-24T11:00:00Z")
    k.pay(7000, at="2025-11-24T12:00:00Z", status="reversed")
    assert charts.takings(store, "2025-11-23", "2025-11-24") == {"card": [0, 10000],
                                                                 "cash": [5000, 3000]}
    b = browser()
    b.login("fay")
    page = b.get("/bo/charts?from=2025-11-20&to=2025-11-24").text
    assert "<svg" in page and "¥130.00" in page  # the peak day: 100 + 30 yuan
    assert b.get("/bo/charts?from=2025-01-01&to=2025-12-31").status_code == 400
    k.close()


def test_validator_rates_survive_a_counter_reset(server, clock, store):
    url, admin = server
    k = SimKiosk(url, admin, "K0010", clock)
    day = datetime.fromtimestamp(clock(), UTC).date().isoformat()
    for stacked, rejected, jams in ((100, 5, 0), (190, 15, 1), (10, 0, 0)):  # then a reboot
        k.heartbeat(devices={"bill_validator": {"notes_stacked": stacked,
                                                "notes_rejected": rejected, "jams": jams}})
        clock.now += 60
    rates = charts.validator_rates(store, day, day, ["K0010"])
    # steps: +90 stacked +10 rejected +1 jam, then the reset counts 10 stacked from zero
    assert rates["K0010"] == {"reject": [round(100 * 10 / 110, 1)],
                              "jam": [round(100 * 1 / 110, 1)]}
    assert charts.validator_rates(store, "2025-01-01", "2025-01-01", ["K0010"]) == {
        "K0010": {"reject": [None], "jam": [None]}}
    k.close()


def test_svg_escapes_labels():
    svg = charts.lines("<x>", ["2025-11-24"], {"<script>": [1.0]})
    assert "<script>" not in svg and "&lt;script&gt;" in svg
