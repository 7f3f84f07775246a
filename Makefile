# Folka — the two commands: `make run` serves the demo, `make test` runs every test.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATABASE := $(or $(FOLKA_DATABASE),instance/folka.db)

.PHONY: run test test-quick install install-test browser stack-tools translations compile-translations screenshots bench clean vendor

run: install compile-translations instance/config.py
	@FOLKA_DATABASE=$(DATABASE) $(BIN)/flask --app webapp demo --if-empty
	@echo ""
	@echo "  Folka is at http://127.0.0.1:$(PORT)/"
	@echo "  Log in as rep@example.com (or manager@example.com), password folka-demo"
	@echo ""
	@FOLKA_DATABASE=$(DATABASE) PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

test: install-test compile-translations browser stack-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-quick: install-test compile-translations
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

# Browser tests drive Debian's Chromium; Playwright's own browser download cannot work here.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: run 'sudo apt-get install chromium' for the browser tests"; fi; }

# The real stack's tests (tests/test_real_stack.py) start Debian's Caddy on free ports and
# trust its CA with certutil. Where systemd runs, the package starts caddy.service on ports
# 80 and 443: it is stopped and disabled again, since the tests start their own Caddy.
stack-tools:
	@command -v caddy >/dev/null && command -v certutil >/dev/null && command -v curl >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq \
	    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy libnss3-tools curl >/dev/null \
	    && { [ ! -d /run/systemd/system ] || systemctl disable --now caddy.service >/dev/null 2>&1 || true; }; \
	  else echo "Caddy or certutil missing: run 'sudo apt-get install caddy libnss3-tools'"; fi; }

# Screenshots for the README: demo data, gunicorn and Chromium (Playwright), into docs/screenshots/.
screenshots: install-test compile-translations browser
	$(BIN)/python tools/screenshots.py

# Benchmarks (not part of make test, ~5 minutes): a generated organisation of 200 reps and
# 1,000,000 notes under wrk load, page weight and Lighthouse; see bench/results/latest.md.
# BENCH_ARGS="--seconds 5 --no-lighthouse" for a quicker look.
bench: install compile-translations browser
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk missing: run 'sudo apt-get install wrk'"; exit 1; fi; }
	@# A dependency of Lighthouse asks for "latest": when that moved on, npm ci refuses the lock.
	@test -d bench/node_modules/lighthouse || npm ci --prefix bench --no-audit --no-fund --silent \
	  || npm install --prefix bench --no-audit --no-fund --silent --no-save
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The map's library, Leaflet, from npm into static/vendor/leaflet/ with its licence. The copied
# files are committed, so neither running nor testing Folka needs npm; run this to upgrade.
LEAFLET_VERSION := 1.9.4
vendor:
	@rm -rf static/vendor/leaflet && mkdir -p static/vendor/leaflet
	@set -e; tmp=$$(mktemp -d); cd $$tmp && npm pack --silent leaflet@$(LEAFLET_VERSION) >/dev/null \
	  && tar xzf leaflet-$(LEAFLET_VERSION).tgz \
	  && cp package/LICENSE package/dist/leaflet.js package/dist/leaflet.css $(CURDIR)/static/vendor/leaflet/ \
	  && cp -r package/dist/images $(CURDIR)/static/vendor/leaflet/ && rm -rf $$tmp
	@echo "Leaflet $(LEAFLET_VERSION) is in static/vendor/leaflet/"

instance/config.py:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print('SECRET_KEY = %r' % secrets.token_hex(32))" > $@

# Translations: `make translations` extracts texts and merges them into the catalogues
# (English filled from the source); translate the empty entries, then `make test` compiles.
# Compiled .mo files are build output, not committed.
translations: install
	$(BIN)/flask --app webapp translate update

compile-translations: install
	$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
