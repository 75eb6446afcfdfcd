#!/usr/bin/env bash
# Tag-driven versions (DESIGN.md workflow 2) for bash agents, with the modelrelease CLI on PATH (see README.md):
# the export's descriptive name read into its fields, the family's tags newest first, the next version from them,
# the export published under its versioned artifact name and tagged.
#   examples/tag-driven-version.sh org/phi3-exports ./exports/phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz ollama
# exits 0, having published exports/ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250914-132416-v2.1.0.tar.gz
# tagged export-v2.1.0 (when the family's latest is export-v2.0.0).
set -euo pipefail
repo=$1 export=$2 runtime=${3:-vllm} family=export-v
stem=$(basename "$export" .tar.gz)
field() { modelrelease name parse "$stem" --template descriptive --field "$1"; }
modelrelease name parse "$stem" --template descriptive
modelrelease tags --repo "$repo" --family "$family"
version=$(modelrelease version bump --repo "$repo" --family "$family" --increment minor --print next)
tag=$(modelrelease version bump --repo "$repo" --family "$family" --increment minor --print next-tag)
format=$(field format)
trained=$(modelrelease name new descriptive -f base="$(field base)" -f dataset="$(field dataset)" -f rank="$(field rank)" \
    -f alpha="$(field alpha)" -f epochs="$(field epochs)" -f trainedAt="$(field trainedAt)")
artifact=$(modelrelease name new artifact -f runtime="$runtime" -f quant="${format%-gguf}" -f name="$trained" -f version="$version")
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$export" "$staging/$artifact"
modelrelease publish "$staging/$artifact" --repo "$repo" --path-in-repo exports --message "Export $tag: $stem"
modelrelease tag --repo "$repo" --name "$tag" --message "$runtime export of $stem"
