#!/usr/bin/env bash
# Variant releases (DESIGN.md workflow 1) for bash agents, with the modelrelease CLI on PATH (see README.md):
# every variant of the manifest is checked first, then each is released to its own repository.
#   examples/variant-release.sh ./examples/release.yaml 1.0.0
# exits 0 once org/pico-lm-small, -base and -large are released and verified; when a variant fails its checklist
# (out/large holding the base checkpoint) nothing of the family is published and it exits 1:
#   examples/variant-release.sh ./examples/release.yaml 2.0.0
set -euo pipefail
manifest=$1 version=$2
modelrelease release --manifest "$manifest" --version "$version" --what-if
modelrelease release --manifest "$manifest" --version "$version"
