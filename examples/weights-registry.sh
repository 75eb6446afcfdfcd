#!/usr/bin/env bash
# The weights registry (DESIGN.md workflow 3) for bash agents, with the modelrelease CLI on PATH (see README.md):
# two weights files published, tagged and registered (the first after a what-if that shows the exact registry
# patch), the registry verified against the Hub, the weights of package 0.1.5 downloaded into the cache.
#   examples/weights-registry.sh ./weights-registry.json cser-detector org/cser-detector ./v1/model.safetensors ./v2/model.safetensors
# exits 0; package 0.0.9 loads none of the weights, which 'weights resolve' says (exit 1, "upgrade the package to 0.2.0").
set -euo pipefail
registry=$1 model=$2 repo=$3 first=$4 second=$5
file="${model//-/_}.safetensors"
modelrelease weights publish --registry "$registry" --model "$model" --file "$first" --version 1.0 --packages '>=0.1.0,<0.2.0' --repo "$repo" --path-in-repo "$file" --what-if
modelrelease weights publish --registry "$registry" --model "$model" --file "$first" --version 1.0 --packages '>=0.1.0,<0.2.0' --repo "$repo" --path-in-repo "$file"
modelrelease weights publish --registry "$registry" --model "$model" --file "$second" --version 1.1 --packages '>=0.2.0,<1.0.0'
modelrelease weights verify --registry "$registry"
modelrelease weights download --registry "$registry" --model "$model" --package-version 0.1.5
if modelrelease weights resolve --registry "$registry" --model "$model" --package-version 0.0.9; then
    echo "package 0.0.9 should load no weights" >&2
    exit 1
fi
