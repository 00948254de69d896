using ContainerHardening.Diagnostics;
using ContainerHardening.Pipeline;

namespace ContainerHardening.Tests.Pipeline;

/// <summary>An analysis is read back for an unchanged image, and the cache keeps only the entries used last.</summary>
public sealed class AnalysisCacheTests() : TemporaryFolderTests("analysis-cache-")
{
    [Fact]
    public void Findings_written_for_a_key_are_read_back_and_another_key_is_a_miss()
    {
        var cache = new AnalysisCache(Folder);
        Finding finding = Finding.Create(RuleCatalog.ReportNotWritten, "/out", "disk full");

        cache.Write(Key(1), [finding]);

        Assert.Equal([finding], cache.TryRead(Key(1)));
        Assert.Null(cache.TryRead(Key(2)));
    }

    [Fact]
    public void Every_build_adds_an_entry_but_only_the_ones_used_last_are_kept_and_the_layer_store_is_left_alone()
    {
        var cache = new AnalysisCache(Folder);
        string layers = Directory.CreateDirectory(Path.Combine(Folder, "layers")).FullName;
        for (int build = 0; build < AnalysisCache.EntriesKept; build++)
        {
            cache.Write(Key(build), []);
            Directory.SetLastWriteTimeUtc(cache.EntryDirectory(Key(build)), DateTime.UtcNow.AddHours(build - 100));
        }

        // The oldest entry is used again, so the next build pushes out the second oldest instead.
        Assert.NotNull(cache.TryRead(Key(0)));
        cache.Write(Key(AnalysisCache.EntriesKept), []);

        Assert.True(Directory.Exists(layers));
        Assert.NotNull(cache.TryRead(Key(0)));
        Assert.Null(cache.TryRead(Key(1)));
        Assert.All(Enumerable.Range(2, AnalysisCache.EntriesKept - 1), build => Assert.NotNull(cache.TryRead(Key(build))));
        Assert.Equal(AnalysisCache.EntriesKept + 1, Directory.GetDirectories(Folder).Length);
    }

    private static string Key(int build) => AnalysisCache.Key([$"sha256:{build}"], []);
}
