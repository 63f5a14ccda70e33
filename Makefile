# strongstreak: the commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Python keeps each module it compiles in __pycache__, unless this says not to: then every
# process (each test worker, each bot the tests start) compiles the code again, seconds each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install browser run check sandbox test test-lowest lint bench clean messages init-language

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) browser

## Debian's headless Chromium for the Mini App's browser tests: installed once (as root, with
## apt-get) when missing; quiet when it is there. Playwright drives it and never downloads one.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends chromium fonts-dejavu-core fonts-noto-color-emoji \
				>/dev/null; \
		else \
			echo "no chromium: the browser tests will be skipped (apt-get install chromium)"; \
		fi; \
	}

## Run the bot: against Telegram with BOT_TOKEN set, otherwise (at a terminal) the local sandbox.
run: install
	$(BIN)/python -m bot

## Check the settings, the database and the Bot API, and say what `run` would do.
check: install
	$(BIN)/python -m bot check

## Chat with the bot in this terminal, against the built-in Bot API fake.
sandbox: install
	$(BIN)/python -m bot sandbox

LOCALES := bot/locales
POT := $(LOCALES)/strongstreak.pot

## Extract every sentence into the template, then merge it into each language's catalog.
messages: install
	$(BIN)/pybabel --quiet extract -F babel.cfg -o $(POT) --add-location=file \
		--project=strongstreak --version=0.1.0 --copyright-holder="strongstreak" bot
	$(if $(wildcard $(LOCALES)/*/LC_MESSAGES/strongstreak.po),\
		$(BIN)/pybabel --quiet update -i $(POT) -d $(LOCALES) -D strongstreak)

## Start a language's catalog from the template: make init-language LANG=fr
init-language: install
	$(if $(filter command line,$(origin LANG)),,$(error say which language: make init-language LANG=fr))
	$(BIN)/pybabel init -i $(POT) -d $(LOCALES) -D strongstreak -l $(LANG)

CODE := bot tests migrations setup.py $(wildcard bench)

lint: install
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy bot
	$(BIN)/lint-imports

# Four workers on two cores: much of a test's time is waiting (the fake Bot API, a bot process
# starting, an outage), so four overlap better than two. One test at a time per worker, so the
# slow tests that go first spread out (see tests/conftest.py). The linters run meanwhile, on
# the CPU the tests leave idle; their report follows the tests', and either failing fails.
test: install
	@$(MAKE) --no-print-directory lint > .lint.log 2>&1 & linting=$$!; \
	$(BIN)/pytest -n 4 --maxschedchunk=1; tested=$$?; \
	wait $$linting; linted=$$?; \
	echo "--- make lint ---"; cat .lint.log; rm -f .lint.log; \
	[ $$tested -eq 0 ] && [ $$linted -eq 0 ]

# The lowest versions pyproject.toml allows (constraints/lowest.txt), in a virtualenv of their
# own: the storage, end-to-end and web tests there show that the ranges are true.
LOWEST := .venv-lowest
$(LOWEST)/.installed: pyproject.toml constraints/lowest.txt
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/pip install --quiet --upgrade pip
	$(LOWEST)/bin/pip install --quiet -c constraints/lowest.txt -e '.[dev]'
	touch $@

test-lowest: $(LOWEST)/.installed
	LOWEST_VERSIONS=1 $(LOWEST)/bin/pytest -n 4 --maxschedchunk=1 \
		tests/test_pins.py tests/storage tests/e2e tests/web

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(LOWEST) .pytest_cache .mypy_cache .ruff_cache
