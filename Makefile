# The README's Quick start is exactly these two targets:
#   make demo   - set up .venv, install, run the kiosk demo (headless when there is no display)
#   make test   - set up .venv, install, then ruff, mypy, import-linter and pytest (non-zero on any failure)
# Everything a fresh machine lacks is installed here; nothing is installed by hand.

VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test install fonts speech chromium postgres window-libs lint typecheck bench crash-test clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Chinese is the default language and a fresh Debian has no CJK font: install one when we
# can (root + apt), otherwise say exactly what to install. Never fatal: the kiosk still
# runs, with boxes instead of Chinese glyphs.
fonts:
	@if find /usr/share/fonts -iname 'wqy-microhei*' -o -iname '*NotoSansCJK*' -o -iname '*NotoSansSC*' 2>/dev/null | grep -q . ; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing a CJK font (Debian fonts-wqy-microhei) for Chinese text"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null) \
		  || echo "make: could not install fonts-wqy-microhei; Chinese text will show as boxes"; \
	else \
		echo "make: no CJK font found; Chinese text will show as boxes. Install one with:"; \
		echo "      sudo apt-get install fonts-wqy-microhei"; \
	fi

# Voice guidance: espeak-ng renders the Mandarin prompts, aplay (alsa-utils) plays them
# (ui/voice). Installed like the font: root + apt when missing, otherwise a hint; never
# fatal (the kiosk is then silent, and the real-espeak test is skipped with a reason).
SPEECH_PKGS := espeak-ng alsa-utils
speech:
	@missing=$$(for p in $(SPEECH_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing voice guidance packages: $$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		  || echo "make: could not install $$missing; voice guidance stays silent"; \
	else \
		echo "make: voice guidance needs: sudo apt-get install $$missing"; \
	fi

# The back office's browser tests drive Debian's chromium through playwright (the python
# package only: no browser is ever downloaded). Installed like the font when missing (root +
# apt); the tests find it through BACKOFFICE_CHROMIUM, and fail saying so when it is absent.
CHROMIUM ?= /usr/bin/chromium
export BACKOFFICE_CHROMIUM := $(CHROMIUM)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing chromium for the back office's browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		  || echo "make: could not install chromium; the browser tests will fail"; \
	else \
		echo "make: the browser tests need chromium: sudo apt-get install chromium"; \
	fi

# A real window (X11) needs Qt's xcb plugin libraries, which a fresh Debian partly lacks.
# Only checked when there is a display; headless rendering needs none of them.
XCB_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 \
            libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 \
            libegl1 libgl1 libfontconfig1
window-libs:
	@if [ -z "$$DISPLAY" ]; then exit 0; fi; \
	missing=$$(for p in $(XCB_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing Qt window libraries: $$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		  || echo "make: could not install $$missing; the demo may fall back to headless"; \
	else \
		echo "make: Qt needs these for a window: sudo apt-get install $$missing"; \
	fi

# The central server's tests run on SQLite and on a real PostgreSQL: a throwaway cluster
# in a temp directory (central/pgcluster.py) from Debian's server binaries. Installed
# when missing (root + apt); fatal otherwise, because half of tests/central needs it.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "$$KIOSK_PG_BIN" ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing PostgreSQL (Debian postgresql) for the central server's tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "make: the central tests need PostgreSQL's server binaries: sudo apt-get install postgresql"; \
		exit 1; \
	fi

demo: install fonts speech window-libs
	$(VENV)/bin/kiosk demo

test: install fonts speech chromium postgres
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy

bench: install
	$(PY) -m benchmarks

# Crash injection: `make crash-test N=1000 SEED=1` (see docs/reliability.md).
N    ?= 100
SEED ?= 1
crash-test: install
	$(VENV)/bin/kiosk lab crash-test --runs $(N) --seed $(SEED)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .hypothesis
