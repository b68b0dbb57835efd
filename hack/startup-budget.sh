#!/usr/bin/env bash
# What each optional heavy dependency costs every command at start-up: Go
# runs the init of every linked package, so agentscale is built without
# gonum/plot (simulate --plot), without client-go (diff) and without both,
# from a copy of the working tree with the stand-ins in hack/startup-budget/,
# and each build's validate, lint and version run beside kube-score in one
# hyperfine run. Usage: hack/startup-budget.sh KUBE_SCORE OUT_DIR
set -euo pipefail
kube_score=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
GO=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# variant NAME [plot] [kube]: builds $tmp/bin/agentscale-NAME with the
# named packages replaced by their stand-ins.
variant() {
  local name=$1 src=$tmp/src-$1
  shift
  mkdir -p "$src"
  # The tracked files as they are in the working tree (a new file counts
  # once it is added).
  (cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$src")
  for stub in "$@"; do
    case $stub in
    plot) dir=$src/internal/simulate/plot; rm -f "$dir"/plot.go "$dir"/panels.go "$dir"/ticks.go "$dir"/*_test.go ;;
    kube) dir=$src/internal/kube; rm -f "$dir"/*.go ;;
    esac
    sed 1,2d "$root/hack/startup-budget/$stub.go" >"$dir/stub.go" # drops //go:build ignore
  done
  (cd "$src" && CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/bin/agentscale-$name" ./cmd/agentscale)
  rm -rf "$src"
}
variant full
variant no-plot plot
variant no-client-go kube
variant neither plot kube

# Fresh copies of every binary, kube-score's too: a file just written by the
# linker starts slower than a copied one (see bench-hook in the Makefile).
rm -rf "$out/bin" && mkdir -p "$out/bin" && cp "$tmp"/bin/* "$kube_score" "$out/bin/" && sync
bin=$out/bin
cmds=("$bin/$(basename "$kube_score") score testdata/bench/small-deployment.yaml")
for v in full no-plot no-client-go neither; do
  for c in 'validate examples/market-research.yaml' 'lint examples/market-research.yaml' version; do
    cmds+=("$bin/agentscale-$v $c")
  done
done
cd "$root"
hyperfine -N -i -w 20 -r 200 --export-markdown "$out/startup.md" "${cmds[@]}" >/dev/null
cat "$out/startup.md"
for c in "${cmds[@]}"; do
  { /usr/bin/time -f "%R page faults: $c" $c 2>&1 >/dev/null || true; } | tail -1
done
