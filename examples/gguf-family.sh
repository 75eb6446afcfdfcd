#!/usr/bin/env bash
# Single-repository multi-file publishing (DESIGN.md workflow 5) for bash agents, with the modelrelease CLI on PATH
# (see README.md): every {name}-{size}-{quant}.gguf of a folder released to main of one repository with its card,
# names checked against what the files hold, then an experiment on its own branch.
#   examples/gguf-family.sh ./gguf-exports org/ruvltra 1.0.0 ./experiments/ruvltra-513k-f16.gguf exp-fp16
# exits 0; a file whose name lies (ruvltra-513k-q8_0.gguf holding F16) refuses the release and it exits 1:
#   examples/gguf-family.sh ./gguf-lies org/ruvltra 1.0.0
set -euo pipefail
folder=$1 repo=$2 version=$3 experiment=${4:-} branch=${5:-experiment}
for file in "$folder"/*.gguf; do modelrelease name parse "$(basename "$file")" --template file; done
modelrelease release "$folder" --repo "$repo" --version "$version" --license mit --language en \
    --metrics ./examples/ruvltra/metrics.json --sections ./examples/ruvltra/card-sections.json
if [ -n "$experiment" ]; then
    modelrelease publish "$experiment" --repo "$repo" --revision "$branch" --create-branch --message "Experiment: $(basename "$experiment")"
    modelrelease branch list --repo "$repo"
fi
