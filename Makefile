# agentscale — build, test and measure.
#   make test     everything CI runs: unit, golden, fuzz (short), docs drift,
#                 the HPA differential test, end-to-end
#   make golden   refresh golden files (review the diff!)
#   make bench    Go benchmarks

GO        ?= go
BIN       := bin/agentscale
FUZZTIME  ?= 10s
# VERSION names a release build (make build VERSION=v0.1.0). The commit and
# its commit time (not the time of the build, so a rebuild is the same
# binary) are stamped from git, as the go command's own VCS stamp would
# (which -buildvcs=false, as on CI machines, turns off).
VERSION   ?=
COMMIT    := $(shell git rev-parse HEAD 2>/dev/null)
DATE      := $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
LDFLAGS   := -s -w$(if $(VERSION), -X main.version=$(VERSION))$(if $(COMMIT), -X main.commit=$(COMMIT))$(if $(DATE), -X main.date=$(DATE))


.PHONY: all build test unit fuzz hpadiff e2e e2e-deps e2e-controlplane release-check import-testdata golden lint bench bench-cli bench-hook bench-startup bench-peers docs keda-catalog clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="$(LDFLAGS)" -o $(BIN) ./cmd/agentscale

test: unit fuzz docs hpadiff e2e

unit:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Every fuzz target for FUZZTIME (hack/fuzz.sh: one target per run; retries
# once on Go 1.26's fuzztime deadline race, never on a real finding).
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) hack/fuzz.sh

# Generated docs must match their source (docs/rules.md from the rule registry).
docs:
	$(GO) test -count=1 ./internal/lint -run TestRulesDoc

# agentscale's HPA model against the real controller (k8s.io/kubernetes
# pkg/controller/podautoscaler) in a testing/synctest bubble; its own module.
hpadiff:
	cd test/hpadiff && $(GO) vet ./... && $(GO) test -count=1 ./...

# TestPreCommitHooks drives Debian's pre-commit; TestSchemaStore runs Ajv on
# Node.js (npm installs it from the npm registry).
e2e-deps:
	@command -v pre-commit >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq pre-commit >/dev/null; \
	  else echo "e2e needs pre-commit: sudo apt-get install pre-commit" >&2; exit 1; fi; }
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "e2e needs Node.js and npm: sudo apt-get install nodejs npm" >&2; exit 1; fi; }

e2e: e2e-deps
	cd test/e2e && $(GO) test -count=1 -timeout 80m ./...

# Only the release checks (part of e2e): goreleaser check and a snapshot
# release, the krew manifest and install, the ko image, the GitHub Action's
# steps and the schema under Ajv (docs/release.md).
release-check: e2e-deps
	cd test/e2e && $(GO) test -count=1 -timeout 30m -run 'TestRelease|TestImage|TestAction|TestSchemaStore' -v .

# Only the control-plane comparison (part of e2e): simulate against
# kube-controller-manager, kube-scheduler, KWOK and KEDA, printing both
# trajectories per role.
e2e-controlplane:
	cd test/e2e && $(GO) test -count=1 -timeout 80m -run TestControlPlane -v .

# KEDA's scaler catalogue, generated from KEDA's source at the version in
# hack/kedacatalog (the e2e suite checks it is current).
keda-catalog:
	$(GO) run ./hack/kedacatalog

# The Helm output import's foreign test reads: `helm template` of the
# starter chart of `helm create`, with Helm built from the module proxy.
HELM_VERSION := v4.3.2
import-testdata:
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	  GOBIN=$$tmp $(GO) install helm.sh/helm/v4/cmd/helm@$(HELM_VERSION) && \
	  (cd $$tmp && ./helm create agents >/dev/null && ./helm template release-name ./agents --set autoscaling.enabled=true > out.yaml) && \
	  { echo '# The output of `helm template release-name ./agents --set autoscaling.enabled=true`'; \
	    echo '# for the starter chart of `helm create agents`, Helm $(HELM_VERSION) (helm.sh/helm/v4/cmd/helm'; \
	    echo '# built from the Go module proxy); regenerate it with make import-testdata.'; \
	    cat $$tmp/out.yaml; } > internal/importer/testdata/helm-starter.yaml

# -update goes only to the packages whose tests define it.
golden:
	$(GO) test -count=1 $$(grep -rl --include='*_test.go' 'flag.Bool("update"' cmd internal | xargs -n1 dirname | sort -u | sed 's|^|./|') -update

lint: build
	@test -z "$$(gofmt -l cmd internal test)" || { gofmt -l cmd internal test; exit 1; }
	$(GO) vet ./...
	$(BIN) lint examples

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Whole-process timings (the README's figures): needs hyperfine (apt-get install hyperfine).
BENCH_DIR := .cache/bench
KUBE_SCORE := $(BENCH_DIR)/kube-score

# kube-score from the version the e2e suite pins (test/e2e/tools/kube-score).
$(KUBE_SCORE):
	mkdir -p $(BENCH_DIR)
	cd test/e2e/tools/kube-score && CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(CURDIR)/$(KUBE_SCORE) github.com/zegl/kube-score/cmd/kube-score

# The pre-commit figure: validate and lint of an example swarm beside
# kube-score on one small Deployment, in one hyperfine run. (kube-score
# exits 1 on its findings, hence -i.) Both binaries run from fresh copies:
# a file just written by the Go linker (through a memory map) starts about
# 0.5 ms slower on this VM than the same bytes written by cp, as go install
# and a release archive write them, so copies of both compare like with like.
HOOK_DIR := $(BENCH_DIR)/hook
bench-hook: build $(KUBE_SCORE)
	rm -rf $(HOOK_DIR) && mkdir -p $(HOOK_DIR) && cp $(BIN) $(KUBE_SCORE) $(HOOK_DIR)/ && sync
	hyperfine -N -i -w 20 -r 200 --export-markdown $(BENCH_DIR)/hook.md \
	  '$(HOOK_DIR)/kube-score score testdata/bench/small-deployment.yaml' \
	  '$(HOOK_DIR)/agentscale validate examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale lint examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale version'
	@# Start-up follows the pages a process first touches (minor faults, GNU time).
	@for c in '$(HOOK_DIR)/kube-score score testdata/bench/small-deployment.yaml' '$(HOOK_DIR)/agentscale validate examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale lint examples/market-research.yaml' '$(HOOK_DIR)/agentscale version'; do \
	  /usr/bin/time -f "%R page faults, %M KB max RSS: $$c" $$c 2>&1 >/dev/null | tail -1; done

# What gonum/plot and client-go cost every command's start-up: builds
# without each (hack/startup-budget/) timed beside kube-score.
bench-startup: $(KUBE_SCORE)
	GO=$(GO) hack/startup-budget.sh $(KUBE_SCORE) $(BENCH_DIR)/startup

KUBE_LINTER := $(BENCH_DIR)/kube-linter
$(KUBE_LINTER):
	mkdir -p $(BENCH_DIR)
	cd test/e2e/tools/kube-linter && CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(CURDIR)/$(KUBE_LINTER) golang.stackrox.io/kube-linter/cmd/kube-linter

# The peers on the 4,000-object manifest (the README's side-by-side table).
bench-peers: build $(KUBE_SCORE) $(KUBE_LINTER)
	$(GO) run ./hack/benchgen $(BENCH_DIR)
	hyperfine -N -i -w 1 -r 10 --export-markdown $(BENCH_DIR)/peers.md \
	  '$(BIN) lint $(BENCH_DIR)/manifest-4000.yaml' \
	  '$(KUBE_LINTER) lint $(BENCH_DIR)/manifest-4000.yaml' \
	  '$(KUBE_SCORE) score $(BENCH_DIR)/manifest-4000.yaml'
	@rm -f $(BENCH_DIR)/peers-rss.txt; for c in '$(BIN) lint' '$(KUBE_LINTER) lint' '$(KUBE_SCORE) score'; do \
	  /usr/bin/time -f "%M KB max RSS: $$c" -a -o $(BENCH_DIR)/peers-rss.txt $$c $(BENCH_DIR)/manifest-4000.yaml >/dev/null 2>&1 || true; done; \
	  grep 'max RSS' $(BENCH_DIR)/peers-rss.txt

bench-cli: bench-hook # runs the copy bench-hook made
	$(GO) run ./hack/benchgen $(BENCH_DIR)
	hyperfine -N -w 3 -r 30 --export-markdown $(BENCH_DIR)/cli.md \
	  '$(HOOK_DIR)/agentscale validate examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale render examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale lint examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale validate $(BENCH_DIR)/swarm-1000.yaml' \
	  '$(HOOK_DIR)/agentscale render $(BENCH_DIR)/swarm-1000.yaml' \
	  '$(HOOK_DIR)/agentscale lint $(BENCH_DIR)/manifest-4000.yaml' \
	  '$(HOOK_DIR)/agentscale simulate examples/market-research.yaml --load daily:20..400 --duration 24h -o csv' \
	  '$(HOOK_DIR)/agentscale test examples/market-research.yaml' \
	  '$(HOOK_DIR)/agentscale tune examples/market-research.yaml --scenario launch-spike --vary responder.replicas.min=1..5 --vary responder.scaling.keda.triggers[0].metadata.lagThreshold=250..2500:250' \
	  '$(HOOK_DIR)/agentscale simulate examples/market-research.yaml --role responder --load spike:20+500@5m/10m --duration 2h --sweep responder.scaling.keda.triggers[0].metadata.lagThreshold=100,200,300,500,750,1000,1500,2000,3000,5000'
	@for c in 'validate examples/market-research.yaml' 'render examples/market-research.yaml' 'lint examples/market-research.yaml' 'lint $(BENCH_DIR)/manifest-4000.yaml'; do \
	  /usr/bin/time -f "%M KB max RSS: agentscale $$c" $(HOOK_DIR)/agentscale $$c >/dev/null; done

clean:
	rm -rf bin .cache
