#Requires -Version 7.4

<#
.SYNOPSIS
    Writes the example model, pico-lm: a byte-level language model with the Llama architecture (the tensor
    names, shapes and config.json that Hugging Face transformers' LlamaForCausalLM reads), stored as BF16
    safetensors.
.DESCRIPTION
    The weights are not trained: every projection and the embedding are drawn uniformly with standard deviation
    0.02 from a seeded System.Random, the RMSNorm weights are 1. The same size and seed always give the same
    bytes, so the committed examples/pico-lm/model/ can be checked against this script.

    Sizes (hidden size, layers, attention heads, key/value heads, MLP size; vocabulary 256 bytes, tied embeddings):
        small   16, 2, 2, 1,  32     8,784 parameters
        base    32, 2, 4, 2,  64    26,784 parameters  (examples/pico-lm/model)
        large   64, 2, 4, 2, 128    90,432 parameters
.PARAMETER Size
    small, base or large.
.PARAMETER Destination
    The folder to write model.safetensors and config.json into (created when missing; existing files are
    replaced).
.PARAMETER Seed
    The seed of the weights.
.EXAMPLE
    ./examples/pico-lm/New-PicoLmCheckpoint.ps1 -Size base -Destination ./examples/pico-lm/model
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [ValidateSet('small', 'base', 'large')]
    [string] $Size = 'base',

    [Parameter(Mandatory)]
    [string] $Destination,

    [int] $Seed = 20250914
)
$ErrorActionPreference = 'Stop'

$shape = @{
    small = @{ Hidden = 16; Layers = 2; Heads = 2; KeyValueHeads = 1; Intermediate = 32 }
    base  = @{ Hidden = 32; Layers = 2; Heads = 4; KeyValueHeads = 2; Intermediate = 64 }
    large = @{ Hidden = 64; Layers = 2; Heads = 4; KeyValueHeads = 2; Intermediate = 128 }
}[$Size]
$vocabulary = 256
$hidden = $shape.Hidden
$keyValue = $shape.KeyValueHeads * ($hidden / $shape.Heads)
$intermediate = $shape.Intermediate

# The tensors LlamaForCausalLM names, in the order safetensors stores them (by name).
$tensors = [System.Collections.Generic.List[object]]::new()
$tensors.Add(@{ Name = 'model.embed_tokens.weight'; Shape = @($vocabulary, $hidden) })
foreach ($layer in 0..($shape.Layers - 1)) {
    $prefix = "model.layers.$layer"
    $tensors.Add(@{ Name = "$prefix.input_layernorm.weight"; Shape = @($hidden); Norm = $true })
    $tensors.Add(@{ Name = "$prefix.mlp.down_proj.weight"; Shape = @($hidden, $intermediate) })
    $tensors.Add(@{ Name = "$prefix.mlp.gate_proj.weight"; Shape = @($intermediate, $hidden) })
    $tensors.Add(@{ Name = "$prefix.mlp.up_proj.weight"; Shape = @($intermediate, $hidden) })
    $tensors.Add(@{ Name = "$prefix.post_attention_layernorm.weight"; Shape = @($hidden); Norm = $true })
    $tensors.Add(@{ Name = "$prefix.self_attn.k_proj.weight"; Shape = @($keyValue, $hidden) })
    $tensors.Add(@{ Name = "$prefix.self_attn.o_proj.weight"; Shape = @($hidden, $hidden) })
    $tensors.Add(@{ Name = "$prefix.self_attn.q_proj.weight"; Shape = @($hidden, $hidden) })
    $tensors.Add(@{ Name = "$prefix.self_attn.v_proj.weight"; Shape = @($keyValue, $hidden) })
}
$tensors.Add(@{ Name = 'model.norm.weight'; Shape = @($hidden); Norm = $true })

# The header: metadata first, then each tensor's dtype, shape and byte range, padded with spaces to 8 bytes.
$offset = 0
$entries = [System.Collections.Generic.List[string]]::new()
$entries.Add('"__metadata__":{"format":"pt"}')
foreach ($tensor in $tensors) {
    $count = 1
    foreach ($dimension in $tensor.Shape) { $count *= $dimension }
    $tensor.Count = $count
    $entries.Add(('"{0}":{{"dtype":"BF16","shape":[{1}],"data_offsets":[{2},{3}]}}' -f $tensor.Name, ($tensor.Shape -join ','), $offset, ($offset + 2 * $count)))
    $offset += 2 * $count
}
$header = '{' + ($entries -join ',') + '}'
$header += ' ' * ((8 - $header.Length % 8) % 8)
$headerBytes = [System.Text.Encoding]::ASCII.GetBytes($header)

# The data: BF16, little-endian, rounded to nearest even from float32.
$data = [byte[]]::new($offset)
$random = [System.Random]::new($Seed)
$bound = 0.02 * [math]::Sqrt(3) # uniform on [-bound, bound] has standard deviation 0.02
$at = 0
foreach ($tensor in $tensors) {
    for ($i = 0; $i -lt $tensor.Count; $i++) {
        $value = if ($tensor.Norm) { [float]1 } else { [float]((2 * $random.NextDouble() - 1) * $bound) }
        $bits = [long][System.BitConverter]::SingleToUInt32Bits($value)
        $half = ($bits + 0x7FFF + (($bits -shr 16) -band 1)) -shr 16
        $data[$at] = [byte]($half -band 0xFF)
        $data[$at + 1] = [byte]($half -shr 8)
        $at += 2
    }
}

$null = New-Item -ItemType Directory -Path $Destination -Force
$folder = (Resolve-Path -LiteralPath $Destination).ProviderPath
$file = Join-Path $folder 'model.safetensors'
$stream = [System.IO.File]::Create($file)
try {
    $stream.Write([System.BitConverter]::GetBytes([long]$headerBytes.Length))
    $stream.Write($headerBytes)
    $stream.Write($data)
}
finally {
    $stream.Dispose()
}

# config.json as transformers writes it for LlamaForCausalLM (sorted keys, two-space indent, LF).
$config = @"
{
  "architectures": [
    "LlamaForCausalLM"
  ],
  "attention_bias": false,
  "hidden_act": "silu",
  "hidden_size": $hidden,
  "initializer_range": 0.02,
  "intermediate_size": $intermediate,
  "max_position_embeddings": 256,
  "model_type": "llama",
  "num_attention_heads": $($shape.Heads),
  "num_hidden_layers": $($shape.Layers),
  "num_key_value_heads": $($shape.KeyValueHeads),
  "rms_norm_eps": 1e-06,
  "rope_theta": 10000.0,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "vocab_size": $vocabulary
}

"@ -replace "`r`n", "`n"
[System.IO.File]::WriteAllText((Join-Path $folder 'config.json'), $config, [System.Text.UTF8Encoding]::new($false))

Get-Item -LiteralPath $file, (Join-Path $folder 'config.json')
