using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Services;

/// <summary>Strided views are gathered in row-major order by every path (in memory, through a forward window, run by run
/// when the view goes backwards), and byte order is reversed per element.</summary>
public sealed class TensorElementReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mr-elements-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _file;

    public TensorElementReaderTests()
    {
        _file = new byte[16 + 4 * 600];
        new Random(11).NextBytes(_file);
        File.WriteAllBytes(_path, _file);
    }

    public void Dispose() => File.Delete(_path);

    public static TheoryData<long, long[], long[]> Views() => new()
    {
        { 0, [10, 30], [1, 10] },      // transposed: goes backwards
        { 1, [299], [2] },             // every other element
        { 3, [20, 5], [25, 1] },       // runs of five elements with gaps
        { 0, [6, 4, 5], [100, 1, 4] }, // a permuted inner pair
        { 7, [4, 3], [0, 1] },         // an expanded (stride 0) dimension repeats its row
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Every_path_gathers_the_elements_in_row_major_order(long offset, long[] shape, long[] stride)
    {
        var expected = Gather(offset, shape, stride, 4);
        long extent = 1;
        for (var d = 0; d < shape.Length; d++) extent += (shape[d] - 1) * stride[d];
        var layout = new TensorLayout(_path, 16 + offset * 4, extent * 4, shape, stride, 4, 1);
        using var handle = File.OpenHandle(_path);
        foreach (var reader in new[] { new TensorElementReader(), new TensorElementReader { MaxExtentInMemory = 0, BlockSize = 64 }, new TensorElementReader { MaxExtentInMemory = 0, BlockSize = 8 } })
        {
            var output = new MemoryStream();
            using (var sink = new ElementSink(1, b => output.Write(b)))
            {
                await reader.ReadAsync(handle, layout, sink, null, Run.Timeout());
            }
            Assert.Equal(expected, output.ToArray());
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Big_endian_elements_come_out_little_endian_whatever_the_pieces(int size)
    {
        var count = (_file.Length - 16) / size;
        var layout = new TensorLayout(_path, 16, count * size, null, null, 0, size);
        var expected = _file.AsSpan(16, count * size).ToArray();
        for (var i = 0; i < expected.Length; i += size) Array.Reverse(expected, i, size);
        using var handle = File.OpenHandle(_path);
        var output = new MemoryStream();
        using (var sink = new ElementSink(size, b => output.Write(b)))
        {
            await new TensorElementReader { BlockSize = 7 }.ReadAsync(handle, layout, sink, null, Run.Timeout()); // pieces split elements
        }
        Assert.Equal(expected, output.ToArray());
    }

    private byte[] Gather(long offset, long[] shape, long[] stride, int size)
    {
        var result = new List<byte>();
        var index = new long[shape.Length];
        while (true)
        {
            var e = offset;
            for (var d = 0; d < shape.Length; d++) e += index[d] * stride[d];
            result.AddRange(_file.AsSpan((int)(16 + e * size), size).ToArray());
            var k = shape.Length - 1;
            while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
            if (k < 0) return result.ToArray();
        }
    }
}
