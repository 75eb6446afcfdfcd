namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Overflow-safe sums of element counts read from untrusted headers.</summary>
public static class ElementCounts
{
    /// <summary>
    /// Σ ElementCount over <paramref name="tensors"/>. Past 2^63−1 the sum stays at long.MaxValue and a warning
    /// (CKPT_PARAMETER_OVERFLOW, naming the tensor where it overflowed) is added to <paramref name="findings"/>;
    /// the validator's plausibility rule then fails the checkpoint.
    /// </summary>
    public static long Sum(IReadOnlyList<TensorInfo> tensors, string path, List<Finding> findings)
    {
        long sum = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            var count = tensors[i].ElementCount;
            if (CheckedMath.Add(sum, count) is { } next)
            {
                sum = next;
                continue;
            }
            findings.Add(new Finding(FindingSeverity.Warning, CheckpointCodes.ParameterOverflow,
                $"the tensors' element counts add up to more than 2^63-1 (at tensor #{i}, of {count} elements); the parameter count is shown as {long.MaxValue}")
            { Path = path, Tensor = tensors[i].Name });
            return long.MaxValue;
        }
        return sum;
    }
}
