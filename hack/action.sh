#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml), one phase per call, so that
# they run (and are tested: test/e2e TestAction) outside GitHub too.
#   install  build agentscale from the action's checkout (or go install a
#            released VERSION) and put it on the PATH
#   lint     validate the swarm files; lint them and the manifests: SARIF to
#            $RUNNER_TEMP/agentscale.sarif, annotations on stdout
#   test     run the swarm files' scaling scenarios: JUnit to
#            $RUNNER_TEMP/agentscale-test.xml, annotations on stdout
# Inputs come as environment variables (see action.yml); the phase's exit
# code is the command's (1: findings or a missed goal, 2: could not run).
set -uo pipefail

phase=${1:?phase: install, lint or test}
: "${RUNNER_TEMP:?}" "${GITHUB_OUTPUT:?}"
# Word-split lists: paths with spaces are not supported, as in most actions.
# Every list is expanded as ${a[@]+"${a[@]}"}: under set -u, bash before
# 4.4 (macOS's /bin/bash) calls an empty array unbound.
read -r -a swarm <<<"${SWARM:-swarm.yaml}"
read -r -a manifests <<<"${MANIFESTS:-}"
env_args=()
if [ -n "${ENV_NAME:-}" ]; then env_args=(--env "$ENV_NAME"); fi

case "$phase" in
install)
  set -e
  bin="$RUNNER_TEMP/agentscale-bin"
  mkdir -p "$bin"
  if [ "${VERSION:-source}" = source ]; then
    (cd "${ACTION_PATH:?}" && CGO_ENABLED=0 go build -trimpath -o "$bin/agentscale" ./cmd/agentscale)
  else
    GOBIN="$bin" go install "github.com/agentscale/agentscale/cmd/agentscale@$VERSION"
  fi
  echo "$bin" >>"${GITHUB_PATH:?}"
  "$bin/agentscale" version
  ;;
lint)
  status=0
  agentscale validate -o github ${env_args[@]+"${env_args[@]}"} "${swarm[@]}" || status=$?
  sarif="$RUNNER_TEMP/agentscale.sarif"
  # SARIF for code scanning holds every finding; the exit code is the
  # annotated run's, at FAIL_ON.
  agentscale lint -o sarif --fail-on never ${env_args[@]+"${env_args[@]}"} "${swarm[@]}" ${manifests[@]+"${manifests[@]}"} >"$sarif"
  echo "sarif=$sarif" >>"$GITHUB_OUTPUT"
  agentscale lint -o github --fail-on "${FAIL_ON:-error}" ${env_args[@]+"${env_args[@]}"} "${swarm[@]}" ${manifests[@]+"${manifests[@]}"} || status=$?
  exit "$status"
  ;;
test)
  junit="$RUNNER_TEMP/agentscale-test.xml"
  status=0
  agentscale test -o junit ${env_args[@]+"${env_args[@]}"} "${swarm[@]}" >"$junit" || status=$?
  echo "junit=$junit" >>"$GITHUB_OUTPUT"
  # The annotations say the same on the lines of the pull request.
  agentscale test -o github ${env_args[@]+"${env_args[@]}"} "${swarm[@]}" || true
  exit "$status"
  ;;
*)
  echo "action.sh: unknown phase $phase" >&2
  exit 2
  ;;
esac
