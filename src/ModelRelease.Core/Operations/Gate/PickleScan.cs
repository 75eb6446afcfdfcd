using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.PyTorch;
using ModelRelease.Core.Checkpoints.PyTorch.Pickle;
using ModelRelease.Core.Checkpoints.PyTorch.Zip;

namespace ModelRelease.Core.Operations.Gate;

/// <summary>
/// Reads a pickle that is not weights — training state such as <c>training_args.bin</c> (a torch.save zip whose
/// pickle names transformers' classes), <c>rng_state.pth</c> (numpy arrays), a bare <c>.pkl</c> — with the same
/// opcode reader as checkpoints, never executing anything, and lists every global it names. Such files legitimately
/// name globals beyond the tensor allow-list, so they are judged by a deny-list instead (what picklescan and the
/// Hub's own scanner flag): a global that runs code when loaded (os.system, subprocess, builtins.eval, …) refuses
/// the file; a pickle that cannot be read to its end refuses it too, since what it would run is then unknown.
/// </summary>
public static class PickleScan
{
    private static readonly string[] DeniedModules =
    [
        "os", "posix", "nt", "subprocess", "sys", "socket", "shutil", "runpy", "importlib", "pty", "commands", "webbrowser",
        "http", "httplib", "urllib", "urllib2", "requests", "aiohttp", "ctypes", "multiprocessing", "signal", "code", "codeop",
        "pdb", "bdb", "asyncio", "pickle", "_pickle", "cPickle", "dill", "cloudpickle", "marshal", "types", "pip", "setuptools",
        "distutils", "platform", "tempfile", "glob", "io", "_io", "builtins.open", "torch.hub", "torch.jit", "torch.load",
        "torch.serialization", "numpy.testing", "numpy.load", "pandas.io", "joblib", "__main__",
    ];

    private static readonly HashSet<string> DeniedBuiltins = new(StringComparer.Ordinal)
    {
        "eval", "exec", "execfile", "compile", "open", "__import__", "getattr", "setattr", "delattr", "globals", "locals",
        "vars", "input", "breakpoint", "apply", "reload", "file", "memoryview", "help", "exit", "quit",
    };

    private static readonly HashSet<string> DeniedCallables = new(StringComparer.Ordinal)
    {
        "operator.attrgetter", "operator.methodcaller", "operator.getitem", "functools.partial", "functools.reduce",
        "copyreg._reconstructor_with_exec", "torch._C._load_for_lite_interpreter",
    };

    /// <summary>The globals a pickle names, and whether the stream was read to its end.</summary>
    public sealed record Result(IReadOnlyCollection<string> Globals, bool Complete, string? Problem)
    {
        /// <summary>Globals that run code when the pickle is loaded.</summary>
        public IReadOnlyList<string> Denied => Globals.Where(IsDenied).ToList();

        /// <summary>Globals outside torch's weights-only allow-list (loading the file imports them).</summary>
        public IReadOnlyList<string> BeyondAllowList => Globals.Where(g => Resolve(g) is null).ToList();
    }

    /// <summary>True when loading a pickle that names <paramref name="global"/> (module.name) can run arbitrary code.</summary>
    public static bool IsDenied(string global)
    {
        var dot = global.LastIndexOf('.');
        var module = dot < 0 ? global : global[..dot];
        var name = dot < 0 ? "" : global[(dot + 1)..];
        if (module is "builtins" or "__builtin__" && DeniedBuiltins.Contains(name)) return true;
        if (DeniedCallables.Contains(global)) return true;
        return DeniedModules.Any(d => global == d || global.StartsWith(d + ".", StringComparison.Ordinal) || module == d);
    }

    private static PickleGlobal? Resolve(string global)
    {
        var dot = global.LastIndexOf('.');
        return dot < 0 ? null : PickleGlobals.Resolve(global[..dot], global[(dot + 1)..], 0);
    }

    /// <summary>Lists the globals of the pickle in <paramref name="path"/>: a torch.save zip (its <c>data.pkl</c>), a legacy torch file (its pickles) or a bare pickle.</summary>
    public static async Task<Result> ScanAsync(string path, CheckpointReaderLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            using var source = FileByteSource.Open(path);
            var head = new byte[(int)Math.Min(64, source.Length)];
            await source.ReadExactlyAtAsync(0, head, "the first bytes", cancellationToken).ConfigureAwait(false);
            if (head.AsSpan().StartsWith("PK\u0003\u0004"u8) || head.AsSpan().StartsWith("PK\u0005\u0006"u8))
            {
                return await ScanZipAsync(source, limits, cancellationToken).ConfigureAwait(false);
            }
            return await ScanStreamsAsync(source, 0, source.Length, "the pickle", limits, legacy: true, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointFormatException ex)
        {
            return new Result([], false, ex.Detail);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Result([], false, ex.Message);
        }
    }

    private static async Task<Result> ScanZipAsync(ByteSource source, CheckpointReaderLimits limits, CancellationToken cancellationToken)
    {
        var entries = await ZipCentralDirectory.ReadAsync(source, limits, cancellationToken).ConfigureAwait(false);
        var pickles = entries.Where(e => e.Name.EndsWith(".pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count == 0) return new Result([], false, "a zip archive without a .pkl record: not a torch.save file");
        var globals = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in pickles)
        {
            if (entry.UncompressedSize > limits.MaxPickleBytes) return new Result(globals, false, $"{entry.Name} is {entry.UncompressedSize} bytes; at most {limits.MaxPickleBytes} are read");
            var offset = await ZipCentralDirectory.DataOffsetAsync(source, entry, cancellationToken).ConfigureAwait(false);
            Result one;
            if (entry.Method == 0)
            {
                one = await ScanStreamsAsync(source, offset, offset + entry.CompressedSize, entry.Name, limits, legacy: false, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Method == 8)
            {
                var span = await ZipCentralDirectory.LocateAsync(source, entry, cancellationToken).ConfigureAwait(false);
                using var inflated = new MemoryStream();
                using (var handle = File.OpenHandle(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    await ZipRecordInflater.InflateAsync(source.Path, handle, span, 1 << 16, block =>
                    {
                        if (inflated.Length + block.Length > limits.MaxPickleBytes) throw CheckpointErrors.Invalid("PT_PICKLE_STRUCTURE", source.Path, offset, $"{entry.Name} inflates past {limits.MaxPickleBytes} bytes");
                        inflated.Write(block.Span);
                    }, cancellationToken).ConfigureAwait(false);
                }
                using var memory = new MemoryByteSource(source.Path, inflated.ToArray());
                one = await ScanStreamsAsync(memory, 0, memory.Length, entry.Name + " (inflated)", limits, legacy: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return new Result(globals, false, $"{entry.Name} uses zip compression method {entry.Method}");
            }
            globals.UnionWith(one.Globals);
            if (!one.Complete) return new Result(globals, false, one.Problem);
        }
        return new Result(globals, true, null);
    }

    /// <summary>
    /// Runs the pickle at <paramref name="start"/>; a legacy torch file (its first pickle is the magic number) is five
    /// pickles in a row (magic, protocol, system info, the object, the storage keys) before its raw storage bytes.
    /// </summary>
    private static async Task<Result> ScanStreamsAsync(ByteSource source, long start, long end, string stream, CheckpointReaderLimits limits, bool legacy, CancellationToken cancellationToken)
    {
        var globals = new SortedSet<string>(StringComparer.Ordinal);
        var head = new byte[(int)Math.Min(LegacyMagic.Length, end - start)];
        await source.ReadExactlyAtAsync(start, head, "the first bytes", cancellationToken).ConfigureAwait(false);
        var pickles = head.AsSpan().SequenceEqual(LegacyMagic) ? 5 : 1;
        var position = start;
        for (var n = 0; n < pickles; n++)
        {
            // Storages are described, never read: the scan wants the globals, and a tensor rebuild needs its storage to go on.
            var machine = new PickleMachine(source, position, end, stream, limits, new TorchStorageTable(source.Path, legacy).Load);
            try
            {
                await machine.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointFormatException ex) when (ex.CheckpointErrorKind == CheckpointErrorKind.Unsafe && ex.InnerException is null)
            {
                // Read to STOP; it names globals beyond the tensor allow-list, which is what this scan is for.
            }
            catch (CheckpointFormatException ex)
            {
                globals.UnionWith(machine.GlobalsSeen);
                return new Result(globals, false, ex.InnerException is CheckpointFormatException inner ? inner.Detail : ex.Detail);
            }
            globals.UnionWith(machine.GlobalsSeen);
            position = machine.Position;
        }
        return new Result(globals, true, null);
    }

    /// <summary>torch's legacy magic number, pickled (protocol 2, LONG1 of 10 bytes, STOP).</summary>
    private static readonly byte[] LegacyMagic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];
}
