#!/usr/bin/env bash
# Runs the end-to-end suite (see README.md). Extra arguments go to go test,
# e.g. ./run.sh -v -run 'TestSwarms/examples'.
set -euo pipefail
cd "$(dirname "$0")"

# TestPreCommitHooks drives Debian's pre-commit; install it when we can.
if ! command -v pre-commit >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit >/dev/null
  else
    echo "e2e needs pre-commit: sudo apt-get install pre-commit" >&2
    exit 1
  fi
fi

# TestSchemaStore runs Ajv on Node.js.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "e2e needs Node.js and npm: sudo apt-get install nodejs npm" >&2
    exit 1
  fi
fi

# The first run builds kube-apiserver, kubectl, etcd and promtool into
# ../../.cache/e2e (about 10 minutes on 2 cores, and about 20 more for the
# control-plane test's controllers, KWOK and KEDA); later runs reuse them.
exec go test -count=1 -timeout 80m "$@" ./...
