# agentscale — build, test and measure.
#   make test     everything CI runs: unit, golden, fuzz (short), docs drift, end-to-end
#   make golden   refresh golden files (review the diff!)
#   make bench    Go benchmarks

GO        ?= go
BIN       := bin/agentscale
FUZZTIME  ?= 10s


.PHONY: all build test unit fuzz e2e e2e-deps golden lint bench docs clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/agentscale

test: unit fuzz docs e2e

unit:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Each fuzz target runs alone (go test -fuzz takes one target per package run).
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' internal); do \
	  pkg=./$$(dirname $$f); \
	  for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME); \
	  done; \
	done

# Generated docs must match their source (docs/rules.md from the rule registry).
docs:
	$(GO) test -count=1 ./internal/lint -run TestRulesDoc

e2e-deps:
	@command -v pre-commit >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq pre-commit >/dev/null; \
	  else echo "e2e needs pre-commit: sudo apt-get install pre-commit" >&2; exit 1; fi; }

e2e: e2e-deps
	cd test/e2e && $(GO) test -count=1 -timeout 40m ./...

# -update goes only to the packages whose tests define it.
golden:
	$(GO) test -count=1 $$(grep -rl --include='*_test.go' 'flag.Bool("update"' cmd internal | xargs -n1 dirname | sort -u | sed 's|^|./|') -update

lint: build
	@test -z "$$(gofmt -l cmd internal test)" || { gofmt -l cmd internal test; exit 1; }
	$(GO) vet ./...
	$(BIN) lint examples

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin .cache
