# Quotla Desktop. `make run` starts the app; `make test` runs every check CI runs.
# Both install what a fresh Debian/Ubuntu machine lacks first (scripts/install-deps.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
TOOLS_DIR := $(CARGO_TARGET_DIR)/tools
export TAURI_DRIVER := $(TOOLS_DIR)/bin/tauri-driver
STAMPS := .make
APP := $(CARGO_TARGET_DIR)/debug/quotla

UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) $(wildcard ui/index.html ui/*.json ui/*.ts ui/*.js docs/help/*.md)
E2E_SOURCES := $(wildcard tests/e2e/package.json tests/e2e/package-lock.json)

.PHONY: help run demo test ui app package fuzz bench-relay bench-sync bench-app bench-ui bench-startup fmt

help:
	@echo "make run          build the UI and the app, and start Quotla"
	@echo "make demo         the Calendly flow without a Calendly account: sandbox, relay and app"
	@echo "make test         every check: fmt, clippy, Rust tests, UI checks, end-to-end tests"
	@echo "make package      the .deb of the app and of the relay, then their inspection (release build)"
	@echo "make bench-relay  relay benchmark (see crates/relay/README.md)"
	@echo "make bench-sync   sync benchmark: webhook → stored meeting, quiet reconcile (crates/core/README.md)"
	@echo "make bench-app    every command behind a screen, on years of seeded data (PERFORMANCE.md)"
	@echo "make bench-ui     screen opens and keystrokes in the release app on years of data (WebDriver)"
	@echo "make bench-startup  launch → first screen and idle memory of the release app"
	@echo "make fuzz         every cargo fuzz target for FUZZ_SECONDS (60) each (fuzz/README.md)"

$(STAMPS)/deps-run: scripts/install-deps.sh
	@mkdir -p $(STAMPS)
	bash scripts/install-deps.sh run
	@touch $@

$(STAMPS)/deps-test: scripts/install-deps.sh
	@mkdir -p $(STAMPS)
	bash scripts/install-deps.sh test
	@touch $@

ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tests/e2e/node_modules/.installed: $(E2E_SOURCES)
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

# The UI is rebuilt only when its sources changed; the app embeds ui/dist at compile time.
ui/dist/.built: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build
	@touch $@

ui: $(STAMPS)/deps-run ui/dist/.built

app: ui
	cargo build --workspace --bins

run: app
	bash scripts/run.sh

demo: app
	bash scripts/demo.sh

$(TAURI_DRIVER):
	cargo install tauri-driver --version '^2' --locked --root $(TOOLS_DIR) --target-dir $(CARGO_TARGET_DIR)/tools-build

test: $(STAMPS)/deps-test ui tests/e2e/node_modules/.installed $(TAURI_DRIVER)
	bash scripts/test.sh

packaging/node_modules/.installed: packaging/package.json packaging/package-lock.json
	cd packaging && npm ci --no-audit --no-fund
	@touch $@

package: $(STAMPS)/deps-run ui packaging/node_modules/.installed
	bash scripts/package.sh

bench-relay: $(STAMPS)/deps-run
	bash scripts/bench-relay.sh

bench-sync: $(STAMPS)/deps-run
	bash scripts/bench-sync.sh

bench-app: $(STAMPS)/deps-run
	bash scripts/bench-app.sh

bench-ui: $(STAMPS)/deps-test ui tests/e2e/node_modules/.installed $(TAURI_DRIVER)
	bash scripts/bench-ui.sh

bench-startup: $(STAMPS)/deps-test ui
	bash scripts/bench-startup.sh

fuzz: $(STAMPS)/deps-run
	bash scripts/fuzz.sh

fmt:
	cargo fmt --all
	cd ui && npx prettier --write .
