# Đôn Đốc: the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test chromium bench lint format messages clean

# A stamp per set of extras, remade whenever pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $@ $(VENV)/.installed

# The demo runs as production does, DEBUG off: the Vietnamese 403/404/500 pages, static files
# collected into the data folder and served by WhiteNoise. Over plain HTTP on this machine only: no
# redirect to HTTPS, no HSTS, cookies sent without TLS; its secret key is the one kept in the data
# folder (written once by init_secret, before anything else: importing the settings never writes).
DEMO_DATA = $(or $(DONDOC_DATA_DIR),data)
DEMO_ENV = DONDOC_DEBUG=false DONDOC_ALLOWED_HOSTS=127.0.0.1,localhost,[::1] \
	DONDOC_SSL_REDIRECT=false DONDOC_HSTS_SECONDS=0 DONDOC_SECURE_COOKIES=false \
	DONDOC_SECRET_KEY="$$(cat '$(DEMO_DATA)/secret_key')" \
	DONDOC_EMAIL_FILE_PATH='$(DEMO_DATA)/mail' DONDOC_BASE_URL=http://127.0.0.1:$(PORT)

# The notifications' sender runs beside the site, as cron or systemd runs it in production, and
# writes the mails as files in the data folder's mail/; Ctrl+C stops both (a command started in
# the background ignores Ctrl+C, so the trap stops it).
demo: $(VENV)/.installed
	$(BIN)/dondoc init_secret
	$(BIN)/dondoc migrate --noinput
	$(BIN)/dondoc load_demo
	$(DEMO_ENV) $(BIN)/dondoc collectstatic --noinput --verbosity 0
	@echo
	@echo "Đôn Đốc: http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@echo "Thư thông báo: $(DEMO_DATA)/mail/"
	$(DEMO_ENV) $(BIN)/dondoc send_notifications --loop --every 15 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/dondoc runserver 127.0.0.1:$(PORT)

# pytest exits with 5 when it collects no test: that is a failure here, never a pass.
# makemigrations also checks the history of the default database, whose folder must exist.
test: $(VENV)/.installed-dev chromium
	mkdir -p "$${DONDOC_DATA_DIR:-data}"
	$(BIN)/dondoc makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests (src/dondoc/browser_tests) drive Debian's Chromium: Playwright's own browser
# download needs a network. Installed here when missing and we are root; otherwise they are
# skipped with a message, except under CI=1 (.ci/run), where a missing browser fails them.
chromium:
	@chromium="$${DONDOC_CHROMIUM:-/usr/bin/chromium}"; \
	if [ ! -x "$$chromium" ]; then \
	  if [ "$$chromium" = /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium)..."; \
	    apt-get install -y -qq chromium >/dev/null 2>&1 || \
	      { apt-get update -qq && apt-get install -y -qq chromium; } || \
	      echo "Could not install Chromium: the browser tests will be skipped (failed under CI)."; \
	  else \
	    echo "Chromium is not at $$chromium: the browser tests will be skipped (failed under CI)."; \
	    echo "Install it with: sudo apt-get install chromium"; \
	  fi; \
	fi

# National-scale benchmark: BENCH_TASKS tasks (default 1,000,000) on SQLite and, when DATABASE_URL
# names a PostgreSQL server, there too. Datasets are kept in bench/data and reused; results go to
# bench/results/latest.json. The HTTP measurement needs wrk (Debian: apt-get install wrk).
bench: $(VENV)/.installed
	$(BIN)/dondoc bench

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src
	$(BIN)/ruff format src

# Needs GNU gettext. The compiled catalogue is committed so that no install needs gettext.
messages: $(VENV)/.installed-dev
	cd src/dondoc && ../../$(BIN)/dondoc makemessages -l en --no-obsolete --ignore 'static/*'
	cd src/dondoc && ../../$(BIN)/dondoc compilemessages -l en

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
