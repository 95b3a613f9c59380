"""UI-side benchmarks: cold start to first paint, tap-to-paint latency, idle CPU.

    .venv/bin/python benchmarks/bench_ui.py coldstart [--runs 5]
    .venv/bin/python benchmarks/bench_ui.py tap [--taps 200]
    .venv/bin/python benchmarks/bench_ui.py idle [--seconds 10]

Offscreen Qt (QT_QPA_PLATFORM=offscreen), so this measures our code and Qt's raster
painting, not a GPU or a compositor. Each mode prints one JSON line.

- coldstart: wall time from ``Popen`` until the parent reads the child's "first Paint
  event" line. Kiosk: the production command, ``kiosk --config X run --lang zh_CN``
  (the console script systemd starts), to its ``painted`` line, i.e. the start-up
  screen (brand, clock, steps) on the glass; fresh data dir with a secret, no devices,
  server unreachable (start-up must not wait on the network). The run then goes on to
  its ``started`` line (runtime started on its worker, recovery done, customer window
  up; reported as ``ready_ms``) and is stopped with SIGTERM, which must exit 0.
  Baseline: a bare PySide6 window with one label printing a line on its first Paint.
  Alternating runs, median. Translations come from the per-user ``.qm`` cache after
  the first run, as on a kiosk that has started before (``ui.i18n``).
- tap: the demo kiosk (validator emulator polled by the real driver, sync worker
  delivering a record every 20 ms to the reference server) with the customer window on
  the number screen; a real mouse click on a keypad key, then time until the window
  painted. Baseline: the same click on a bare window whose label changes.
- idle: CPU seconds of the demo kiosk process over a quiet interval on the attract
  screen, all threads and kiosk threads only (the in-process emulators excluded).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _paint_waiter() -> Any:
    from PySide6.QtCore import QEvent, QObject

    class PaintSpy(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.last = 0.0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.last = time.perf_counter()
            return False

    return PaintSpy()


def child_bare() -> None:
    """Runs in a fresh process: a bare window; print a line at its first paint."""
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    spy = _paint_waiter()
    app.installEventFilter(spy)
    window = QLabel("Hello")
    window.resize(1080, 1920)
    window.show()
    deadline = time.monotonic() + 20
    while not spy.last and time.monotonic() < deadline:
        app.processEvents()
    print(json.dumps({"event": "painted", "painted": bool(spy.last)}), flush=True)
    os._exit(0)  # the measurement is done; skip teardown of Qt


def _kiosk_command(config: Path) -> list[str]:
    """``kiosk --config X run``: the console script beside this Python, as systemd runs it."""
    script = Path(sys.executable).parent / "kiosk"
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "kiosk_cli.main"]
    return [*head, "--config", str(config), "run", "--lang", "zh_CN"]


def _kiosk_config(root: Path) -> Path:
    data = root / "data"
    data.mkdir()
    (data / "secret").write_text("00" * 32 + "\n")
    path = root / "kiosk.toml"
    path.write_text(f'data_dir = "{data}"\n[server]\nurl = "http://127.0.0.1:9"\n'
                    + "".join(f'[devices.{d}]\nprotocol = "none"\n'
                              for d in ("bill_validator", "card_terminal", "printer")))
    return path


def _timed_run(cmd: list[str], wait_for: tuple[str, ...], env: dict[str, str],
               stderr: Any, *, terminate: bool = True) -> list[float]:
    """Seconds from Popen to each ``event`` in ``wait_for`` on the child's stdout, in order;
    then SIGTERM (``terminate``) and a clean exit (status 0) is required."""
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), ""))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    found: list[float] = []
    try:
        for event in wait_for:
            while True:
                at, line = lines.get(timeout=60)
                if not line:
                    raise SystemExit(f"coldstart: {cmd[-3:]} ended before {event!r}")
                if line.startswith("{") and json.loads(line).get("event") == event:
                    found.append(at - t0)
                    break
        if terminate:
            proc.send_signal(signal.SIGTERM)
        if proc.wait(30) != 0:
            raise SystemExit(f"coldstart: {cmd[-3:]} exited {proc.returncode}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        reader.join(10)
    return found


def coldstart(runs: int) -> dict[str, Any]:
    times: dict[str, list[float]] = {"bare": [], "kiosk": []}
    ready: list[float] = []
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KIOSK_") or k == "KIOSK_QM_CACHE"}
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        log = (Path(tmp) / "stderr.log").open("w")
        for i in range(runs):
            times["bare"] += _timed_run([sys.executable, __file__, "_child", "bare"],
                                        ("painted",), env, log, terminate=False)
            root = Path(tmp) / f"run{i}"
            root.mkdir()
            painted, started = _timed_run(_kiosk_command(_kiosk_config(root)),
                                          ("painted", "started"), env, log)
            times["kiosk"].append(painted)
            ready.append(started)
        log.close()
    bare, kiosk = statistics.median(times["bare"]), statistics.median(times["kiosk"])
    return {"bare_ms": round(bare * 1000), "kiosk_ms": round(kiosk * 1000),
            "ratio": round(kiosk / bare, 2), "runs": runs,
            "all_ms": {k: [round(x * 1000) for x in v] for k, v in times.items()},
            "path": "kiosk run: start-up screen painted",
            "ready_ms": round(statistics.median(ready) * 1000),
            "ready_all_ms": [round(x * 1000) for x in ready]}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def _tap_latencies(app: Any, spy: Any, buttons: list[Any], taps: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    out = []
    for i in range(taps):
        spy.last = 0.0
        t0 = time.perf_counter()
        QTest.mouseClick(buttons[i % len(buttons)], Qt.MouseButton.LeftButton)
        deadline = t0 + 2.0
        while spy.last < t0 and time.perf_counter() < deadline:
            app.processEvents()
        out.append((spy.last or time.perf_counter()) - t0)
        QTest.qWait(5)
    return out


def _demo() -> tuple[Any, Any, Any]:
    from kiosk.config import load
    from lab.demo.rig import DemoKiosk
    from ui.app import create_app
    from ui.i18n import Translations
    from ui.wiring import build_ui

    app = create_app(headless=True)
    config = load(None, env={})
    demo = DemoKiosk(config)
    core = demo.start()
    flow = build_ui(core, config, Translations(demo.data_dir / "qm"), "zh_CN")
    flow.window.resize(1080, 1920)
    flow.window.show()
    return app, demo, flow


def tap(taps: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    app, demo, flow = _demo()
    spy = _paint_waiter()
    app.installEventFilter(spy)
    stop = threading.Event()
    sent = [0]

    def traffic() -> None:  # sync keeps working while the customer taps
        store = demo.core.ledger.store
        while not stop.wait(0.02):
            with store.atomic() as tx:
                tx.enqueue("audit", str(uuid.uuid4()), {"user": "bench", "role": "system",
                                                        "action": "bench", "detail": "",
                                                        "at": "2026-01-01T00:00:00Z"})
            sent[0] += 1
            if demo.core.sync is not None:
                demo.core.sync.kick()

    try:
        flow.attract.tiles["topup"].click()
        deadline = time.monotonic() + 15
        while flow.window.current.name != "number" and time.monotonic() < deadline:
            app.processEvents()
        keys = flow.number.keypad.keys
        buttons = [b for k, b in sorted(keys.items()) if k.isdigit()][:4]
        back = [b for k, b in keys.items() if not k.isdigit()]
        buttons = [x for pair in zip(buttons, back * 4, strict=False) for x in pair]
        worker = threading.Thread(target=traffic, daemon=True)
        worker.start()
        _tap_latencies(app, spy, buttons, 20)  # warm-up
        kiosk = _tap_latencies(app, spy, buttons, taps)
        stop.set()
        worker.join(5)
        bare_w = QWidget()
        label = QLabel("0", bare_w)
        button = QPushButton("+1", bare_w)
        button.clicked.connect(lambda: label.setText(str(int(label.text()) + 1)))
        lay = QVBoxLayout(bare_w)
        lay.addWidget(label)
        lay.addWidget(button)
        bare_w.resize(1080, 1920)
        bare_w.show()
        app.processEvents()
        bare = _tap_latencies(app, spy, [button], taps)
    finally:
        stop.set()
        flow.bridge.shutdown()
        demo.stop()
    return {"taps": taps, "p50_ms": round(_pct(kiosk, 50) * 1000, 2),
            "p99_ms": round(_pct(kiosk, 99) * 1000, 2), "max_ms": round(max(kiosk) * 1000, 2),
            "bare_p50_ms": round(_pct(bare, 50) * 1000, 2),
            "bare_p99_ms": round(_pct(bare, 99) * 1000, 2),
            "ratio_p99": round(_pct(kiosk, 99) / max(_pct(bare, 99), 1e-6), 2),
            "sync_records_during": sent[0]}


def idle(seconds: float) -> dict[str, Any]:
    import psutil

    app, demo, flow = _demo()
    proc = psutil.Process()
    try:
        t_end = time.monotonic() + 3.0
        while time.monotonic() < t_end:  # settle: start-up work is not idle work
            app.processEvents()
            time.sleep(0.02)
        emu_ids = {t.native_id for t in threading.enumerate() if "emulator" in t.name}

        def sample() -> tuple[float, float]:
            threads = proc.threads()
            total = sum(t.user_time + t.system_time for t in threads)
            emu = sum(t.user_time + t.system_time for t in threads if t.id in emu_ids)
            return total, emu

        total0, emu0 = sample()
        w0 = time.monotonic()
        while time.monotonic() - w0 < seconds:  # an idle Qt event loop, as in production
            app.processEvents()
            time.sleep(0.02)
        total1, emu1 = sample()
        wall = time.monotonic() - w0
    finally:
        flow.bridge.shutdown()
        demo.stop()
    all_pct = (total1 - total0) / wall * 100
    kiosk_pct = (total1 - total0 - (emu1 - emu0)) / wall * 100
    return {"seconds": round(wall, 1), "cpu_pct_all_threads": round(all_pct, 2),
            "cpu_pct_kiosk": round(kiosk_pct, 2)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=("coldstart", "tap", "idle", "_child"))
    p.add_argument("child_mode", nargs="?", default="bare")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--taps", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10.0)
    args = p.parse_args(argv)
    if args.mode == "_child":
        child_bare()
        return 0
    result = {"coldstart": lambda: coldstart(args.runs), "tap": lambda: tap(args.taps),
              "idle": lambda: idle(args.seconds)}[args.mode]()
    print(json.dumps(result), flush=True)
    os._exit(0)  # Qt + demo threads at interpreter exit can crash; the result is out


if __name__ == "__main__":
    raise SystemExit(main())
