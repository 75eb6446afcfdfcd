using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>
/// The deep check of a PyTorch zip verifies the CRC-32 of every record against the central directory,
/// in the pass that reads the tensor data: corrupt bytes anywhere in any record are one finding naming
/// that record, on both the parallel and the in-order (hashing) path.
/// </summary>
public sealed class PyTorchCrcTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mr-crc-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Write(byte[] bytes, string name = "model.pt")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<IReadOnlyList<ZipRecordSpan>> SpansAsync(byte[] bytes)
    {
        using var source = new MemoryByteSource("m.pt", bytes);
        return await ZipCentralDirectory.ReadSpansAsync(source, CheckpointReaderLimits.Default, Run.Timeout());
    }

    private static Task<CheckpointValidation> ValidateAsync(string path, bool deep = true, bool sha = false) =>
        new CheckpointValidator(new CheckpointInspector()).ValidateAsync(path, new CheckpointValidationOptions { Deep = deep, ComputeSha256 = sha }, null, Run.Timeout());

    private static string Hex32(uint v) => $"0x{v:x8}";

    [Theory]
    [InlineData(false, 1 << 20)] // parallel: whole records in one piece each
    [InlineData(false, 64)]      // parallel: records and tensors cut into many pieces, CRCs joined
    [InlineData(false, 6)]       // parallel: pieces not element-aligned, tensors read on their own
    [InlineData(true, 1 << 20)]  // in order, with the SHA-256 in the same pass
    [InlineData(true, 5)]        // in order, blocks splitting every record and element
    public async Task A_flipped_byte_in_each_record_in_turn_is_exactly_one_CRC_finding_naming_that_record(bool sha256, int blockSize)
    {
        var clean = TorchZipBuilder.StateDict(seed: blockSize);
        var path = Write(clean);
        var checkpoint = await new CheckpointInspector().InspectAsync(path, Run.Timeout());
        var spans = await SpansAsync(clean);
        Assert.Equal(["archive/data.pkl", "archive/data/0", "archive/data/1", "archive/data/2", "archive/version", "archive/byteorder"], spans.Select(s => s.Entry.Name));
        var scanner = new DeepScanner { BlockSize = blockSize, MaxParallelism = 3 };

        var baseline = await scanner.ScanAsync(checkpoint, sha256, null, Run.Timeout());
        Assert.DoesNotContain(baseline.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal(spans.Count, baseline.RecordsVerified);

        var rng = new Random(blockSize * 2 + (sha256 ? 1 : 0));
        foreach (var span in spans)
        {
            for (var trial = 0; trial < 3; trial++)
            {
                var corrupt = (byte[])clean.Clone();
                var at = span.DataOffset + rng.NextInt64(span.Entry.CompressedSize);
                corrupt[at] ^= (byte)rng.Next(1, 256);
                File.WriteAllBytes(path, corrupt);

                var result = await scanner.ScanAsync(checkpoint, sha256, null, Run.Timeout());

                var crc = Assert.Single(result.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
                Assert.Equal(span.Entry.Name, crc.Record);
                Assert.Equal(FindingSeverity.Error, crc.Severity);
                Assert.Equal(path, crc.Path);
                Assert.Equal(span.DataOffset, crc.Offset);
                var actual = Crc32.HashToUInt32(corrupt.AsSpan((int)span.DataOffset, (int)span.Entry.CompressedSize));
                Assert.Contains(Hex32(span.Entry.Crc32), crc.Message);
                Assert.Contains(Hex32(actual), crc.Message);
                Assert.Equal(spans.Count, result.RecordsVerified);
            }
        }
    }

    [Fact]
    public async Task The_parallel_and_in_order_paths_agree_on_scans_and_crcs()
    {
        var bytes = TorchZipBuilder.StateDict(seed: 3);
        var path = Write(bytes);
        var checkpoint = await new CheckpointInspector().InspectAsync(path, Run.Timeout());
        var parallel = await new DeepScanner { BlockSize = 64, MaxParallelism = 3 }.ScanAsync(checkpoint, false, null, Run.Timeout());
        var ordered = await new DeepScanner { BlockSize = 64 }.ScanAsync(checkpoint, true, null, Run.Timeout());
        Assert.Equal(ordered.Scans, parallel.Scans);
        Assert.Equal(ordered.RecordsVerified, parallel.RecordsVerified);
        Assert.All(parallel.Scans, s => Assert.True(s.Checked));
        // every record is read once on the parallel path: the bytes read are the records' bytes, not the tensors' (c views a)
        Assert.Equal((await SpansAsync(bytes)).Sum(s => s.Entry.CompressedSize), parallel.BytesRead);
    }

    [Fact]
    public async Task A_corrupt_tensor_record_fails_Test_Checkpoint_Deep_and_nothing_changes_without_Deep()
    {
        var bytes = TorchZipBuilder.StateDict(seed: 5);
        var data0 = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/data/0");
        bytes[data0.DataOffset + 17] ^= 0x40;
        var path = Write(bytes);

        var deep = await ValidateAsync(path);
        Assert.False(deep.IsValid);
        var crc = Assert.Single(deep.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal("archive/data/0", crc.Record);
        Assert.Contains("a, c", crc.Message); // the tensors whose data the record holds

        var shallow = await ValidateAsync(path, deep: false, sha: true);
        Assert.True(shallow.IsValid, string.Join("; ", shallow.Findings));
        Assert.DoesNotContain(shallow.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
    }

    [Fact]
    public async Task A_wrong_CRC_in_the_central_directory_is_an_error_that_quotes_both_headers()
    {
        var bytes = TorchZipBuilder.StateDict(seed: 7);
        var span = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/data/1");
        Assert.Equal(span.Entry.Crc32, span.LocalCrc32); // the builder writes the CRC into the local header
        const uint wrong = 0xDEADBEEF;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)span.Entry.CentralDirectoryOffset + 16), wrong);
        var path = Write(bytes);

        var v = await ValidateAsync(path, sha: true);

        Assert.False(v.IsValid);
        var crc = Assert.Single(v.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal(("archive/data/1", FindingSeverity.Error, span.DataOffset), (crc.Record, crc.Severity, crc.Offset));
        Assert.Contains(Hex32(wrong), crc.Message);
        Assert.Contains(Hex32(span.Entry.Crc32), crc.Message); // the data's CRC, also what the local header says
        Assert.Contains("central directory is damaged", crc.Message);
    }

    [Fact]
    public async Task A_local_header_that_disagrees_with_the_central_directory_is_a_warning()
    {
        var bytes = TorchZipBuilder.StateDict(seed: 8);
        var span = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/version");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)span.Entry.LocalHeaderOffset + 14), span.Entry.Crc32 ^ 1);
        var path = Write(bytes);

        var v = await ValidateAsync(path);

        Assert.True(v.IsValid, string.Join("; ", v.Findings));
        var crc = Assert.Single(v.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal(("archive/version", FindingSeverity.Warning, span.Entry.LocalHeaderOffset), (crc.Record, crc.Severity, crc.Offset));
    }

    [Fact]
    public async Task A_local_header_that_defers_its_CRC_to_a_data_descriptor_is_not_compared()
    {
        // torch writes flag bit 3 and a zero CRC in every local header
        var bytes = TorchZipBuilder.StateDict(seed: 9);
        var spans = await SpansAsync(bytes);
        foreach (var span in spans)
        {
            var header = bytes.AsSpan((int)span.Entry.LocalHeaderOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) | 0x0008));
            BinaryPrimitives.WriteUInt32LittleEndian(header[14..], 0);
        }
        var path = Write(bytes);
        var checkpoint = await new CheckpointInspector().InspectAsync(path, Run.Timeout());

        var result = await new DeepScanner().ScanAsync(checkpoint, false, null, Run.Timeout());

        Assert.Empty(result.Findings);
        Assert.Equal(spans.Count, result.RecordsVerified);
        Assert.All(await SpansAsync(bytes), s => Assert.Null(s.LocalCrc32));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deflated_records_are_inflated_and_checked_and_their_tensors_are_not_claimed_as_scanned(bool sha256)
    {
        var bytes = TorchZipBuilder.StateDict(seed: 11, deflate: new HashSet<string> { "archive/data.pkl", "archive/data/1" });
        var spans = await SpansAsync(bytes);
        Assert.Equal(8, spans.Single(s => s.Entry.Name == "archive/data/1").Entry.Method);
        var path = Write(bytes);

        var v = await ValidateAsync(path, sha: sha256);
        var checkpoint = v.Checkpoint!;
        var result = await new DeepScanner().ScanAsync(checkpoint, sha256, null, Run.Timeout());

        Assert.True(v.IsValid, string.Join("; ", v.Findings));
        Assert.DoesNotContain(v.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal(spans.Count, result.RecordsVerified);
        Assert.False(v.TensorScans.Single(s => s.Name == "b").Checked); // its storage is compressed: never read in place
        Assert.True(v.TensorScans.Single(s => s.Name == "a").Checked);
    }

    [Fact]
    public async Task A_deflated_record_whose_inflated_bytes_do_not_match_its_CRC_is_named()
    {
        var bytes = TorchZipBuilder.StateDict(seed: 12, deflate: new HashSet<string> { "archive/data/1" });
        var span = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/data/1");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)span.Entry.CentralDirectoryOffset + 16), span.Entry.Crc32 + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)span.Entry.LocalHeaderOffset + 14), span.Entry.Crc32 + 1);
        var path = Write(bytes);

        var v = await ValidateAsync(path);

        var crc = Assert.Single(v.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
        Assert.Equal(("archive/data/1", FindingSeverity.Error), (crc.Record, crc.Severity));
        Assert.Contains(Hex32(span.Entry.Crc32), crc.Message);
        Assert.Contains("400 inflated bytes", crc.Message);
    }

    [Fact]
    public async Task A_deflated_record_larger_than_its_directory_says_is_cut_off_and_named()
    {
        // 16 MiB of zeros deflate to a few KiB; the directory claims 1000 bytes
        var pkl = new PickleWriter().Proto().EmptyDict().Stop().ToArray();
        var bytes = TorchZipBuilder.Build("archive", pkl, extra: new Dictionary<string, byte[]> { ["archive/blob"] = new byte[16 << 20] }, deflate: new HashSet<string> { "archive/blob" });
        var span = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/blob");
        Assert.True(span.Entry.CompressedSize < 1 << 20);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)span.Entry.CentralDirectoryOffset + 24), 1000);
        var path = Write(bytes);
        var checkpoint = await new CheckpointInspector().InspectAsync(path, Run.Timeout());

        var result = await new DeepScanner { BlockSize = 4096 }.ScanAsync(checkpoint, false, null, Run.Timeout());

        var f = Assert.Single(result.Findings);
        Assert.Equal((PyTorchCodes.Zip, "archive/blob", FindingSeverity.Error), (f.Code, f.Record, f.Severity));
        Assert.Contains("more than the 1000 bytes", f.Message);
    }

    [Fact]
    public async Task A_deflated_record_that_is_not_deflate_data_is_named()
    {
        var pkl = new PickleWriter().Proto().EmptyDict().Stop().ToArray();
        var bytes = TorchZipBuilder.Build("archive", pkl, extra: new Dictionary<string, byte[]> { ["archive/extra"] = new byte[5000] }, deflate: new HashSet<string> { "archive/extra" });
        var span = (await SpansAsync(bytes)).Single(s => s.Entry.Name == "archive/extra");
        bytes[span.DataOffset] = 0x07; // a final block of the reserved type 3
        var path = Write(bytes);
        var checkpoint = await new CheckpointInspector().InspectAsync(path, Run.Timeout());

        var result = await new DeepScanner().ScanAsync(checkpoint, true, null, Run.Timeout());

        var f = Assert.Single(result.Findings);
        Assert.Equal((PyTorchCodes.Zip, "archive/extra", span.DataOffset), (f.Code, f.Record, f.Offset));
        Assert.Equal(2, result.RecordsVerified); // data.pkl and version
    }

    public static TheoryData<string> ValidFixtures() => Fixtures.TheoryOf("pytorch");

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public async Task The_real_fixtures_stay_clean_under_Deep_and_every_zip_record_is_verified(string relative)
    {
        var path = Fixtures.Path(relative);
        foreach (var sha in new[] { false, true })
        {
            var v = await ValidateAsync(path, sha: sha);
            Assert.True(v.IsValid, string.Join("; ", v.Findings));
            Assert.DoesNotContain(v.Findings, f => f.Code == PyTorchCodes.ZipCrcMismatch);
            var result = await new DeepScanner().ScanAsync(v.Checkpoint!, sha, null, Run.Timeout());
            using var zip = v.Checkpoint!.Format == CheckpointFormat.PyTorch ? ZipFile.OpenRead(path) : null;
            var records = zip?.Entries.Count ?? 0;
            Assert.Equal(records, result.RecordsVerified);
        }
    }
}
