#!/usr/bin/env bash
# The same gate for bash agents without PowerShell, with the modelrelease CLI.
#   examples/release-gate.sh ./checkpoints/base 15.8M 1%
set -euo pipefail
folder=$1 expected=$2 tolerance=${3:-1%}
modelrelease validate --deep --sha256 --expected-params "$expected" --tolerance "$tolerance" "$folder"
modelrelease params --expected "$expected" --tolerance "$tolerance" "$folder"
