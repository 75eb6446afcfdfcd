#!/usr/bin/env bash
# DESIGN.md workflow 4 with the modelrelease CLI for bash build agents: four component models registered and promoted
# through every gate, a parameter change, a rollback with its traffic plan, and the quarter's audit. The registry is
# SQLite beside the store:
#   examples/governed-lifecycle.sh ./checkpoints/model.safetensors ./store
# or, given a PostgreSQL connection string as the third argument, the database a team's agents share:
#   examples/governed-lifecycle.sh ./checkpoints/model.safetensors ./store "$MODEL_REGISTRY"
set -euo pipefail
checkpoint=$1 root=$2 registry=${3:-}
store=(--root "$root")
[ -n "$registry" ] && store+=(--registry "$registry")
mkdir -p "$root/config" "$root/eval" "$root/results"

cat > "$root/config/model_policy.json" <<'JSON'
{
  "schemaVersion": 1,
  "prefix": "pib-vg",
  "approvers": ["alice", "bob", "carol"],
  "requiredApprovals": 2,
  "gracePeriodDays": 30,
  "components": {
    "base": { "metrics": { "fid": { "direction": "lower", "threshold": 12.0 }, "clip_score": { "direction": "higher", "threshold": 0.28 } } },
    "residual": { "metrics": { "fid": { "direction": "lower", "threshold": 14.0 } } },
    "super-resolution": { "metrics": { "psnr": { "direction": "higher", "threshold": 28.0 } } },
    "fact-checking": { "metrics": { "accuracy": { "direction": "higher", "threshold": 0.9 } } }
  }
}
JSON

# submit COMPONENT ARCHITECTURE VERSION METRICS: what the evaluation and test jobs write, then every gate to production.
submit() {
  local component=$1 architecture=$2 version=$3 metrics=$4 name="$1-$3"
  printf '{ "schemaVersion": 1, "dataset": "eval-2023-06", "metrics": { %s } }\n' "$metrics" > "$root/eval/$name.json"
  echo '<testsuites><testsuite name="model" tests="24" failures="0" errors="0" skipped="0"/></testsuites>' > "$root/results/$name.xml"
  modelrelease registry add "${store[@]}" --component "$component" --version "$version" --architecture "$architecture" \
    --weights "$checkpoint" --performance "$root/eval/$name.json" --description "$component model $version" \
    --author 'Ada Example' --training dataset=pib-train-2023 --training epochs=20 --dependency torch=2.1.0 --actor ci-agent
  modelrelease registry promote "${store[@]}" --component "$component" --version "$version" --to testing \
    --test-results "$root/results/$name.xml" --reason 'the test suite passes' --actor ci-agent
  modelrelease registry promote "${store[@]}" --component "$component" --version "$version" --to staging \
    --reason 'meets the thresholds on eval-2023-06' --actor ci-agent
  modelrelease registry promote "${store[@]}" --component "$component" --version "$version" --to production \
    --approver alice --approver bob --reason 'signed off in the release review' --actor release-manager
}

submit base diffusion 1.0.0 '"fid": { "value": 11.8, "direction": "lower" }, "clip_score": { "value": 0.29, "direction": "higher" }'
submit residual unet 1.0.0 '"fid": { "value": 13.1, "direction": "lower" }'
submit super-resolution esrgan 1.0.0 '"psnr": { "value": 29.4, "direction": "higher" }'
submit fact-checking t5 1.0.0 '"accuracy": { "value": 0.93, "direction": "higher" }'
submit base diffusion 1.1.0 '"fid": { "value": 10.9, "direction": "lower" }, "clip_score": { "value": 0.30, "direction": "higher" }'

modelrelease registry param set "${store[@]}" --kind noise --id noise-1.1.0 --value base_noise_lambda=0.10 --value residual_noise_lambda=0.05 \
  --effective-date "$(date -u +%F)" --approved-by alice --metric fid=10.9 --scenario portraits --scenario landscapes --actor ml-lead
modelrelease registry compare "${store[@]}" --component base --version 1.1.0
modelrelease registry rollback "${store[@]}" --component base --reason 'distorted faces since 1.1.0' --incident 'users report artifacts in portraits' --actor oncall
modelrelease registry traffic "${store[@]}" --component base --actor oncall
modelrelease registry sweep "${store[@]}" --actor scheduler
modelrelease registry verify "${store[@]}"
modelrelease registry audit "${store[@]}"
modelrelease registry list "${store[@]}"
