using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Tests.Services;

namespace ModelRelease.Core.Tests.Support;

/// <summary>
/// Whatever a reader throws, the inspector (and so inspect, validate, params and compare) turns it into a typed error
/// naming the file, with the original inside; the deep scan and the content comparison do the same for failures while
/// reading data. Only the caller's own cancellation passes through unchanged.
/// </summary>
public class ReaderFailureTests
{
    /// <summary>A reader that claims every file and then fails with whatever it is given.</summary>
    private sealed class ThrowingReader(Func<Exception> failure) : ICheckpointFormatReader
    {
        public string Name => "throwing";
        public bool Recognizes(ReadOnlySpan<byte> head, string path) => true;
        public Task<Checkpoint> ReadAsync(ByteSource source, CheckpointReadContext context, CancellationToken cancellationToken) => throw failure();
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { nameof(InvalidOperationException), CheckpointCodes.ReaderFailed },
        { nameof(NullReferenceException), CheckpointCodes.ReaderFailed },
        { nameof(IndexOutOfRangeException), CheckpointCodes.ReaderFailed },
        { nameof(OverflowException), CheckpointCodes.ReaderFailed },
        { nameof(OutOfMemoryException), CheckpointCodes.ReaderFailed },
        { nameof(InsufficientExecutionStackException), CheckpointCodes.ReaderFailed },
        { nameof(ArgumentException), CheckpointCodes.ReaderFailed },
        { nameof(InvalidDataException), CheckpointCodes.ReaderFailed },
        { nameof(IOException), CheckpointCodes.ReadFailed },
        { nameof(UnauthorizedAccessException), CheckpointCodes.ReadFailed },
        { nameof(OperationCanceledException), CheckpointCodes.ReaderFailed }, // not the caller's cancellation
    };

    private static Exception Make(string type) => type switch
    {
        nameof(InvalidOperationException) => new InvalidOperationException("bug"),
        nameof(NullReferenceException) => new NullReferenceException(),
        nameof(IndexOutOfRangeException) => new IndexOutOfRangeException(),
        nameof(OverflowException) => new OverflowException(),
        nameof(OutOfMemoryException) => new OutOfMemoryException(),
        nameof(InsufficientExecutionStackException) => new InsufficientExecutionStackException(),
        nameof(ArgumentException) => new ArgumentException("Null character in path.", "path"),
        nameof(InvalidDataException) => new InvalidDataException("bad block"),
        nameof(IOException) => new IOException("Input/output error"),
        nameof(UnauthorizedAccessException) => new UnauthorizedAccessException("denied"),
        _ => new OperationCanceledException(),
    };

    private static CheckpointInspector Inspector(string type, string name = "m.bin") =>
        new(new CheckpointReadContext { Opener = new MemoryByteSourceOpener(new Dictionary<string, byte[]> { [name] = [1, 2, 3] }) },
            [new ThrowingReader(() => Make(type))]);

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Any_exception_from_a_reader_is_a_typed_error_naming_the_file(string type, string code)
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => Inspector(type).InspectAsync("m.bin"));
        Assert.Equal((code, "m.bin", CheckpointErrorKind.Invalid), (ex.Code, ex.FilePath, ex.CheckpointErrorKind));
        Assert.Equal(type, ex.InnerException!.GetType().Name);
        Assert.Contains("throwing", ex.Detail);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Many_inputs_and_validation_report_it_per_file_and_go_on(string type, string code)
    {
        var inspector = Inspector(type);
        var results = new List<CheckpointReadResult>();
        await foreach (var r in inspector.InspectManyAsync(["m.bin"])) results.Add(r);
        Assert.Equal(code, Assert.Single(results).Error!.Code);

        var validation = await new CheckpointValidator(inspector).ValidateAsync("m.bin", new CheckpointValidationOptions { Deep = true });
        Assert.False(validation.IsValid);
        Assert.Equal((code, "m.bin"), (Assert.Single(validation.Findings).Code, validation.Path));
    }

    [Fact]
    public async Task The_callers_cancellation_passes_through()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var inspector = new CheckpointInspector(
            new CheckpointReadContext { Opener = new MemoryByteSourceOpener(new Dictionary<string, byte[]> { ["m.bin"] = [1] }) },
            [new ThrowingReader(() => new OperationCanceledException(cts.Token))]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inspector.InspectAsync("m.bin", cts.Token));
    }

    [Fact]
    public async Task A_path_the_file_system_refuses_is_typed()
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync("bad\0name.pt"));
        Assert.Equal(CheckpointCodes.ReaderFailed, ex.Code);
        Assert.Equal("bad\0name.pt", ex.FilePath);
    }

    [Fact]
    public async Task A_deep_scan_that_cannot_open_a_data_file_is_a_finding()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [4], SyntheticCheckpoint.F32(1, 2, 3, 4)).Write();
        var gone = cp with { Tensors = [cp.Tensors[0] with { File = Path.Combine(synth.Directory, "missing.bin") }] };
        var validation = await new CheckpointValidator(new CheckpointInspector()).ValidateAsync(gone, new CheckpointValidationOptions { Deep = true, ComputeSha256 = true });
        Assert.False(validation.IsValid);
        var finding = Assert.Single(validation.Findings, f => f.Code == CheckpointCodes.ReadFailed);
        Assert.Equal(cp.Path, finding.Path);
        Assert.Contains(validation.Findings, f => f.Code == "CKPT_SHA256_UNAVAILABLE");
    }

    [Fact]
    public async Task A_content_comparison_that_cannot_read_a_file_is_a_typed_error()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [4], SyntheticCheckpoint.F32(1, 2, 3, 4)).Write();
        var missing = Path.Combine(synth.Directory, "missing.bin");
        var gone = cp with { Path = missing };
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointComparer().CompareAsync(cp, gone, compareContent: true));
        Assert.Equal((CheckpointCodes.ReadFailed, missing), (ex.Code, ex.FilePath));
    }

    [Fact]
    public async Task A_tensor_range_past_long_max_is_truncation_not_an_overflow()
    {
        using var synth = new SyntheticCheckpoint();
        var cp = synth.Add("w", "F32", [4], SyntheticCheckpoint.F32(1, 2, 3, 4)).Write();
        var far = cp with { Tensors = [cp.Tensors[0] with { ByteOffset = long.MaxValue - 2, ByteLength = 16 }] };
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointComparer().CompareAsync(far, far, compareContent: true));
        Assert.Equal(CheckpointCodes.Truncated, ex.Code);
        var scan = await new DeepScanner().ScanAsync(far, computeSha256: false);
        Assert.Contains(scan.Findings, f => f.Code == CheckpointCodes.Truncated && f.Tensor == "w");
    }
}
