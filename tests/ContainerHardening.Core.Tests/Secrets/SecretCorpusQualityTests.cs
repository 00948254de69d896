using System.Globalization;
using System.Text;
using ContainerHardening.Secrets;
using Xunit.Abstractions;

namespace ContainerHardening.Tests.Secrets;

/// <summary>Precision and recall per detector over the generated corpus; the thresholds are the ones docs/secrets.md states.</summary>
public class SecretCorpusQualityTests(ITestOutputHelper output)
{
    private const double MinimumPrecision = 0.95;
    private const double MinimumRecall = 0.95;

    [Fact]
    public void Every_detector_meets_the_precision_and_recall_thresholds()
    {
        IReadOnlyList<CorpusSample> corpus = SecretCorpus.Create();
        ExportForComparison(corpus);
        var scanner = new SecretScanner();
        var tp = new Dictionary<string, int>();
        var fp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        var misses = new List<string>();
        foreach (CorpusSample sample in corpus)
        {
            SecretScanResult result = scanner.ScanFile(sample.Path, sample.Content);
            HashSet<string> reported = result.Findings.Select(f => f.DetectorId).ToHashSet();
            foreach (string id in reported.Union(sample.Expected))
            {
                bool expected = sample.Expected.Contains(id);
                bool found = reported.Contains(id);
                Dictionary<string, int> bucket = expected && found ? tp : found ? fp : fn;
                bucket[id] = bucket.GetValueOrDefault(id) + 1;
                if (expected != found)
                {
                    misses.Add($"{(found ? "FP" : "FN")} {id} {sample.Path}");
                }
            }
        }

        var table = new StringBuilder("| detector | positives | TP | FP | FN | precision | recall |\n|---|---|---|---|---|---|---|\n");
        var failures = new List<string>();
        foreach (string id in tp.Keys.Union(fp.Keys).Union(fn.Keys).Order(StringComparer.Ordinal))
        {
            int t = tp.GetValueOrDefault(id), f = fp.GetValueOrDefault(id), m = fn.GetValueOrDefault(id);
            double precision = t + f == 0 ? 1 : (double)t / (t + f);
            double recall = t + m == 0 ? 1 : (double)t / (t + m);
            table.Append(CultureInfo.InvariantCulture, $"| {id} | {t + m} | {t} | {f} | {m} | {precision:0.00} | {recall:0.00} |\n");
            if (precision < MinimumPrecision || recall < MinimumRecall)
            {
                failures.Add(id);
            }
        }

        int negatives = corpus.Count(s => s.Expected.Length == 0);
        table.Append(CultureInfo.InvariantCulture, $"\n{corpus.Count} files, {negatives} of them negatives.\n");
        output.WriteLine(table.ToString());
        misses.ForEach(output.WriteLine);
        Assert.True(failures.Count == 0, "Below threshold: " + string.Join(", ", failures) + "\n" + string.Join("\n", misses));
        Assert.Equal(SecretScanner.DetectorIds.Except(["pkcs12", "pkcs12-unprotected"]).Order(), tp.Keys.Order());
    }

    /// <summary>
    /// With CONTAINERHARDENING_SECRETS_CORPUS set to a folder, writes the corpus there (files plus labels.tsv) so other
    /// scanners can be compared on the same files (docs/secrets.md). Off by default: tests write no files.
    /// </summary>
    private static void ExportForComparison(IReadOnlyList<CorpusSample> corpus)
    {
        string? root = Environment.GetEnvironmentVariable("CONTAINERHARDENING_SECRETS_CORPUS");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        var labels = new StringBuilder();
        foreach (CorpusSample sample in corpus)
        {
            string file = Path.Combine(root, sample.Path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, sample.Content);
            labels.Append(sample.Path).Append('\t').AppendJoin(',', sample.Expected).Append('\n');
        }

        File.WriteAllText(Path.Combine(root, "labels.tsv"), labels.ToString());
    }
}
