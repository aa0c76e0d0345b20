# Jiedu: `make run` serves the app with demo data; `make test` runs every test.
# Each target installs what is missing first and is quiet when all is there.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

export CARGO_TARGET_DIR ?= $(CURDIR)/target
# cargo-leptos compiles with this set; plain cargo must too, or every switch between
# `cargo test` and `cargo leptos build` recompiles leptos and everything above it.
export LEPTOS_OUTPUT_NAME := jiedu

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;q}' Cargo.lock)
BIN := $(CARGO_TARGET_DIR)/debug/jiedu
SITE_ROOT := $(CURDIR)/target/site
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test tools browser e2e-deps build unit e2e fmt lint release binaryen \
	bench bench-quick bench-tools

## run: build, then serve on $LEPTOS_SITE_ADDR (127.0.0.1:3000) from $JIEDU_DB (./data)
run: build
	LEPTOS_SITE_ADDR="$${LEPTOS_SITE_ADDR:-127.0.0.1:3000}" \
	JIEDU_DB="$${JIEDU_DB:-surrealkv://data}" \
	LEPTOS_SITE_ROOT="$(SITE_ROOT)" \
	"$(BIN)" serve --demo-if-empty

## test: every Rust test, then the Playwright suite against a fresh build
test: tools browser e2e-deps unit build e2e

unit:
	cargo test --quiet -p app -p jiedu --features app/ssr

e2e:
	cd end2end && JIEDU_BIN="$(BIN)" LEPTOS_SITE_ROOT="$(SITE_ROOT)" npx playwright test

build: tools
	cargo leptos build 2>&1 | { grep -v -E '^\s*(Compiling|Checking)' || true; }

## release: optimised build (wasm through wasm-opt -Oz) into target/site and target/release
release: tools binaryen
	PATH="$(BINARYEN)/node_modules/.bin:$$PATH" cargo leptos build --release

## bench: release build; 100k policies; every public page and a static copy served by
## nginx, loaded in one run (about 15 minutes). Prints the table for docs/BENCHMARKS.md.
bench: release bench-tools
	BENCH_BIN="$(CARGO_TARGET_DIR)/release/jiedu" LEPTOS_SITE_ROOT="$(SITE_ROOT)" \
		python3 server/bench/bench.py

## bench-quick: the same with 10k policies and shorter loads (under 5 minutes)
bench-quick: release bench-tools
	BENCH_BIN="$(CARGO_TARGET_DIR)/release/jiedu" LEPTOS_SITE_ROOT="$(SITE_ROOT)" \
	BENCH_POLICIES="$${BENCH_POLICIES:-10000}" BENCH_SECONDS="$${BENCH_SECONDS:-5}" \
		python3 server/bench/bench.py

OHA_VERSION := 1.16.0
# nginx and wrk from Debian, oha (fixed-rate load) from crates.io, Chromium for Lighthouse.
bench-tools: browser
	@command -v nginx >/dev/null && command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light wrk >/dev/null; }
	@oha --version 2>/dev/null | grep -qF "$(OHA_VERSION)" || \
		cargo install --locked oha --version $(OHA_VERSION)

# wasm-opt from npm's binaryen: Debian's older one produces wasm that does not hydrate.
BINARYEN := $(HOME)/.local/binaryen
binaryen:
	@[ -x "$(BINARYEN)/node_modules/.bin/wasm-opt" ] || \
		npm install --prefix "$(BINARYEN)" binaryen@132.0.0 --no-audit --no-fund --loglevel=error

## tools: the wasm target, cargo-leptos and a wasm-bindgen CLI matching Cargo.lock
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -qF "$(CARGO_LEPTOS_VERSION)" || \
		CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
		cargo install --locked cargo-leptos --version $(CARGO_LEPTOS_VERSION) --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

## browser: Debian's Chromium for Playwright (its own download cannot work here), the
## CJK fonts people read Chinese pages in (layout tests measure what they see), and a
## Java runtime for the Nu HTML checker (npm's vnu-jar)
browser:
	@command -v chromium >/dev/null && command -v java >/dev/null && \
		fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk \
			default-jre-headless >/dev/null; }

# npm records what it installed in node_modules/.package-lock.json: reinstall when the
# committed lock file is newer (a package was added) or nothing is installed yet.
e2e-deps:
	@[ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ] || \
		(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy -p app -p jiedu --features app/ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
