using System.Diagnostics;
using System.Globalization;
using ContainerHardening.Pipeline;

// For each image archive given: the full single-pass analysis (rules, secrets, SBOM inventory) five times after one
// warm-up, printing the median wall time, MB/s over the archive's bytes, and the process's peak working set.
// Then the same archive read with no observer at all (digest checks and decompression only) as the floor, and the
// ratio between the two.
foreach (string archive in args)
{
    double megabytes = new FileInfo(archive).Length / 1048576.0;
    double analysis = MedianSeconds(() => ImageAnalyzer.Analyze(new ImageAnalysisRequest { ImagePath = archive, ImageName = Path.GetFileName(archive) }));
    double floor = MedianSeconds(() => ImageAnalyzer.Analyze(new ImageAnalysisRequest { ImagePath = archive, ImageName = Path.GetFileName(archive), ScanSecrets = false }));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(archive)}: {megabytes:0} MB; full analysis median {analysis:0.00} s = {megabytes / analysis:0} MB/s; " +
        $"without secrets {floor:0.00} s = {megabytes / floor:0} MB/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB"));
}

static double MedianSeconds(Action run)
{
    run();
    double[] seconds = new double[5];
    for (int i = 0; i < seconds.Length; i++)
    {
        var clock = Stopwatch.StartNew();
        run();
        seconds[i] = clock.Elapsed.TotalSeconds;
    }

    return seconds.Order().ElementAt(seconds.Length / 2);
}
