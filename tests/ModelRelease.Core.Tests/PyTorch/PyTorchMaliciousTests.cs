using System.Buffers.Binary;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;
using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Hostile pickles are reported by the globals they name; nothing is ever imported or run.</summary>
public class PyTorchMaliciousTests
{
    private static string[] Markers() => Directory.GetFiles(Path.GetTempPath(), "modelrelease_pwned_*");

    [Fact]
    public async Task The_os_system_fixture_is_refused_naming_the_global_at_its_offset()
    {
        var before = Markers();
        var path = Fixtures.Path("pytorch/MALICIOUS_os_system.pt");
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => new CheckpointInspector().InspectAsync(path, Run.Timeout()));
        Assert.Equal(CheckpointErrorKind.Unsafe, ex.CheckpointErrorKind);
        Assert.Equal("PT_UNSAFE_GLOBAL", ex.Code);
        Assert.Equal("CheckpointUnsafe", ex.ErrorId);
        Assert.Contains("os.system", ex.Message);
        Assert.Contains("Nothing was imported or executed", ex.Message);

        // The offset is the GLOBAL opcode: the manifest's position inside data.pkl, plus where data.pkl starts.
        using var source = FileByteSource.Open(path);
        var entries = await ZipCentralDirectory.ReadAsync(source, CheckpointReaderLimits.Default, default);
        var pkl = entries.Single(e => e.Name.EndsWith("/data.pkl", StringComparison.Ordinal));
        var start = await ZipCentralDirectory.DataOffsetAsync(source, pkl, default);
        var pos = Fixtures.Entry("pytorch/MALICIOUS_os_system.pt").GetProperty("ground_truth").GetProperty("unsafe_references")[0].GetProperty("pos").GetInt64();
        Assert.Equal(start + pos, ex.Offset);

        Assert.Equal(before, Markers());
    }

    public static TheoryData<string, byte[], string[]> Hostile()
    {
        var marker = Path.Combine(Path.GetTempPath(), "modelrelease_pwned_test");
        return new TheoryData<string, byte[], string[]>
        {
            { "STACK_GLOBAL builtins.eval", new PickleWriter().Proto(4).StackGlobal("builtins", "eval").Str($"open('{marker}','w')").Op(0x85).Reduce().Stop().ToArray(), ["builtins.eval"] },
            { "posix.system inside a state dict", new PickleWriter().Proto().OrderedDict().Mark().Str("w").Global("posix", "system").Str($"touch {marker}").Op(0x85).Reduce().SetItems().Stop().ToArray(), ["posix.system"] },
            { "subprocess.Popen", new PickleWriter().Proto().Global("subprocess", "Popen").Mark().Str("touch").Str(marker).Tuple().Op(0x85).Reduce().Stop().ToArray(), ["subprocess.Popen"] },
            { "NEWOBJ of a foreign class", new PickleWriter().Proto().Global("__main__", "Exploit").EmptyTuple().Op(0x81).Stop().ToArray(), ["__main__.Exploit"] },
            { "Python 2 __builtin__.exec", new PickleWriter().Proto().Global("__builtin__", "exec").Str("x").Op(0x85).Reduce().Stop().ToArray(), ["__builtin__.exec"] },
            { "several payloads, all named", new PickleWriter().Proto().Mark().Global("os", "system").Global("nt", "system").Global("torch", "load").Op((byte)'l').Stop().ToArray(), ["os.system", "nt.system", "torch.load"] },
            { "copyreg reconstructor", new PickleWriter().Proto().Global("copyreg", "_reconstructor").EmptyTuple().Reduce().Stop().ToArray(), ["copyreg._reconstructor"] },
        };
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_pickles_are_reported_by_every_global_they_name(string what, byte[] pickle, string[] globals)
    {
        _ = what;
        var before = Markers();
        var archive = TorchZipBuilder.Build("evil", pickle);
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("evil.pt", archive));
        Assert.Equal("PT_UNSAFE_GLOBAL", ex.Code);
        Assert.Equal(CheckpointErrorKind.Unsafe, ex.CheckpointErrorKind);
        foreach (var g in globals) Assert.Contains(g, ex.Message);
        Assert.Equal(before, Markers());
    }

    [Theory]
    [InlineData((byte)'i', "INST")]
    [InlineData((byte)'o', "OBJ")]
    [InlineData((byte)0x82, "EXT1")]
    [InlineData((byte)0x97, "out-of-band")]
    [InlineData((byte)'P', "PERSID")]
    public async Task Opcodes_that_build_arbitrary_objects_are_refused(byte op, string name)
    {
        var archive = TorchZipBuilder.Build("evil", new PickleWriter().Proto().Op(op).Raw("os\nsystem\n"u8.ToArray()).Stop().ToArray());
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("evil.pt", archive));
        Assert.Equal("PT_PICKLE_OPCODE", ex.Code);
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public async Task A_legacy_file_with_an_unsafe_global_is_refused_too()
    {
        var legacy = new List<byte>();
        legacy.AddRange([0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]);
        legacy.AddRange(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        legacy.AddRange(new PickleWriter().Proto().EmptyDict().Stop().ToArray());
        legacy.AddRange(new PickleWriter().Proto().Global("os", "system").Str("id").Op(0x85).Reduce().Stop().ToArray());
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("old.pt", legacy.ToArray()));
        Assert.Equal("PT_UNSAFE_GLOBAL", ex.Code);
        Assert.Contains("os.system", ex.Message);
        Assert.True(BinaryPrimitives.ReadUInt16BigEndian(legacy.ToArray()) == 0x8002);
    }
    public static TheoryData<string, byte[], string> BarePickles()
    {
        var marker = Path.Combine(Path.GetTempPath(), "modelrelease_pwned_bare");
        return new TheoryData<string, byte[], string>
        {
            { "protocol 2 os.system", new PickleWriter().Proto().Global("os", "system").Str($"touch {marker}").Op(0x85).Reduce().Stop().ToArray(), "os.system" },
            { "protocol 4 STACK_GLOBAL builtins.eval", new PickleWriter().Proto(4).StackGlobal("builtins", "eval").Str($"open('{marker}','w')").Op(0x85).Reduce().Stop().ToArray(), "builtins.eval" },
            { "protocol 0 posix.system", System.Text.Encoding.ASCII.GetBytes($"cposix\nsystem\n(S'touch {marker}'\ntR."), "posix.system" },
            { "MARK then protocol 0 subprocess.Popen", System.Text.Encoding.ASCII.GetBytes($"(csubprocess\nPopen\n(S'touch'\nS'{marker}'\nttR."), "subprocess.Popen" },
        };
    }

    [Theory]
    [MemberData(nameof(BarePickles))]
    public async Task A_bare_pickle_named_like_a_checkpoint_is_refused_by_the_globals_it_names(string what, byte[] pickle, string global)
    {
        _ = what;
        var before = Markers();
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("model.pt", pickle));
        Assert.Equal(("PT_UNSAFE_GLOBAL", "CheckpointUnsafe"), (ex.Code, ex.ErrorId));
        Assert.Contains(global, ex.Message);
        Assert.Equal(before, Markers());
    }

    [Fact]
    public async Task A_harmless_bare_pickle_is_a_format_this_tool_does_not_read()
    {
        var ex = await Assert.ThrowsAsync<CheckpointFormatException>(() => BadInput.ReadAsync("scores.pkl", new PickleWriter().Proto().EmptyDict().Stop().ToArray()));
        Assert.Equal(("PT_LEGACY", CheckpointErrorKind.Unsupported), (ex.Code, ex.CheckpointErrorKind));
        Assert.Contains("bare pickle", ex.Message);
    }

    [Fact]
    public void A_safetensors_header_length_that_starts_like_a_pickle_is_still_safetensors()
    {
        // 640 = 0x0280: the first two bytes read as PROTO 2, but the safetensors reader claims the file first.
        var header = "{\"__metadata__\":{}}".PadRight(640);
        var bytes = BitConverter.GetBytes(640L).Concat(System.Text.Encoding.ASCII.GetBytes(header)).ToArray();
        var chosen = new Checkpoints.Common.CheckpointSniffer(Checkpoints.CheckpointReaders.CreateAll()).Readers.First(r => r.Recognizes(bytes.AsSpan(0, 64), "x.bin"));
        Assert.Equal("safetensors", chosen.Name);
    }
}
