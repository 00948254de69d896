using System.Diagnostics;
using System.Globalization;
using ContainerHardening.Pipeline;

// For each image archive given: the full single-pass analysis (rules, secrets, SBOM inventory) five times after one
// warm-up, printing the median wall time, MB/s over the archive's bytes, the median CPU time (user + system, all
// threads: on a shared machine it moves less than the wall time), the warm-up's own time (the first analysis in a
// fresh process pays for JIT compilation, as the first publish in a build does), and the process's peak working set.
// Then the same archive read with no observer at all (digest checks and decompression only) as the floor, and the
// ratio between the two.
foreach (string archive in args)
{
    double megabytes = new FileInfo(archive).Length / 1048576.0;
    (double analysis, double analysisCpu, double cold) = Median(() => ImageAnalyzer.Analyze(new ImageAnalysisRequest { ImagePath = archive, ImageName = Path.GetFileName(archive) }));
    (double floor, _, _) = Median(() => ImageAnalyzer.Analyze(new ImageAnalysisRequest { ImagePath = archive, ImageName = Path.GetFileName(archive), ScanSecrets = false }));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(archive)}: {megabytes:0} MB; full analysis median {analysis:0.00} s = {megabytes / analysis:0} MB/s, cpu {analysisCpu:0.00} s, first run {cold:0.00} s; " +
        $"without secrets {floor:0.00} s = {megabytes / floor:0} MB/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB"));
}

static (double Wall, double Cpu, double First) Median(Action run)
{
    var first = Stopwatch.StartNew();
    run();
    double firstSeconds = first.Elapsed.TotalSeconds;
    double[] wall = new double[5];
    double[] cpu = new double[5];
    using Process self = Process.GetCurrentProcess();
    for (int i = 0; i < wall.Length; i++)
    {
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        run();
        wall[i] = clock.Elapsed.TotalSeconds;
        self.Refresh();
        cpu[i] = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
    }

    return (wall.Order().ElementAt(wall.Length / 2), cpu.Order().ElementAt(cpu.Length / 2), firstSeconds);
}
