using ModelRelease.Core.Hashing;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.Services;

public class FileHasherTests
{
    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.Files) data.Add(f.GetProperty("file").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Every_fixture_hashes_to_its_manifest_sha256(string relative)
    {
        var expected = Fixtures.Entry(relative).GetProperty("sha256").GetString();
        Assert.Equal(expected, await new FileHasher { BlockSize = 1000 }.HashFileAsync(Fixtures.Path(relative)));
    }

    [Fact]
    public async Task Many_files_hash_in_parallel_and_in_order_with_progress()
    {
        var files = Fixtures.Files.Select(f => f.GetProperty("file").GetString()!).ToList();
        long bytes = 0;
        var hashes = await new FileHasher { MaxParallelism = 4 }.HashManyAsync(files.Select(Fixtures.Path).ToList(), new SyncProgress<long>(n => Interlocked.Add(ref bytes, n)));
        Assert.Equal(files.Select(f => Fixtures.Entry(f).GetProperty("sha256").GetString()), hashes);
        Assert.Equal(files.Sum(f => new FileInfo(Fixtures.Path(f)).Length), bytes);
    }

    [Fact]
    public async Task Empty_file_has_the_empty_hash()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", await new FileHasher().HashFileAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
