#!/usr/bin/env bash
# The same gate for bash agents without PowerShell, with the modelrelease CLI on PATH (see README.md).
#   examples/release-gate.sh ./checkpoints/base 26.8K 1%
# exits 0; given the size of another variant it exits 1 and says why (CKPT_PARAMETER_COUNT):
#   examples/release-gate.sh ./checkpoints/base 90.4K
set -euo pipefail
folder=$1 expected=$2 tolerance=${3:-1%}
modelrelease validate --deep --sha256 --expected-params "$expected" --tolerance "$tolerance" "$folder"
modelrelease params --expected "$expected" --tolerance "$tolerance" "$folder"
