using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ContainerHardening.Secrets;

// Scans a ~100 MB generated mix of files single-threaded, after one warm-up pass, five times, and prints the median MB/s; then measures, in the
// same run, a naive scanner that runs every detector pattern over every whole file, and prints the ratio.
int megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
List<(string Path, byte[] Content)> corpus = MixedCorpus.Create(megabytes * 1024L * 1024);
long totalBytes = corpus.Sum(f => (long)f.Content.Length);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpus.Count} files, {totalBytes / 1048576.0:0.0} MB"));

var scanner = new SecretScanner();

// Warm-up, not measured: one full pass, so the JIT has tiered up and the pooled decode buffers exist.
foreach ((string path, byte[] content) in corpus)
{
    scanner.ScanFile(path, content);
}

int findings = 0;
double[] rates = new double[5];
double[] cpuRates = new double[5];
for (int run = 0; run < rates.Length; run++)
{
    findings = 0;
    var clock = Stopwatch.StartNew();
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    foreach ((string path, byte[] content) in corpus)
    {
        findings += scanner.ScanFile(path, content).Findings.Count;
    }

    rates[run] = totalBytes / 1048576.0 / clock.Elapsed.TotalSeconds;

    // On a shared machine wall time includes waiting for a core; CPU time (all threads, GC included) does not.
    cpuRates[run] = totalBytes / 1048576.0 / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1}: {rates[run]:0.0} MB/s wall, {cpuRates[run]:0.0} MB/s CPU ({findings} findings)"));
}

double median = rates.Order().ElementAt(rates.Length / 2);
double cpuMedian = cpuRates.Order().ElementAt(cpuRates.Length / 2);

// The naive baseline gets a tenth of the corpus (it is far slower), measured once per pattern set.
Regex[] patterns = typeof(SecretScanner).Assembly.GetType("ContainerHardening.Secrets.Detectors.Patterns")!
    .GetMethods(BindingFlags.Public | BindingFlags.Static)
    .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
    .Select(m => (Regex)m.Invoke(null, null)!)
    .ToArray();
var slice = corpus.Take(Math.Max(1, corpus.Count / 10)).ToList();
long sliceBytes = slice.Sum(f => (long)f.Content.Length);
var naiveClock = Stopwatch.StartNew();
TimeSpan naiveCpu = Process.GetCurrentProcess().TotalProcessorTime;
long naiveMatches = 0;
foreach ((_, byte[] content) in slice)
{
    string text = Encoding.UTF8.GetString(content);
    foreach (Regex pattern in patterns)
    {
        naiveMatches += pattern.Count(text);
    }
}

double naive = sliceBytes / 1048576.0 / naiveClock.Elapsed.TotalSeconds;
double naiveCpuRate = sliceBytes / 1048576.0 / (Process.GetCurrentProcess().TotalProcessorTime - naiveCpu).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scanner: median {median:0.0} MB/s wall, {cpuMedian:0.0} MB/s CPU over 5 runs, {findings} findings"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"naive (every one of {patterns.Length} patterns over every whole file, {sliceBytes / 1048576.0:0.0} MB): {naive:0.0} MB/s wall, {naiveCpuRate:0.0} MB/s CPU, {naiveMatches} raw matches"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {median / naive:0.0}x wall, {cpuMedian / naiveCpuRate:0.0}x CPU"));
return cpuMedian >= 200 ? 0 : 1;

/// <summary>A deterministic mix shaped like an app image's files: code, JSON, lock files, minified JS, data URIs, logs, a few secrets.</summary>
internal static class MixedCorpus
{
    public static List<(string, byte[])> Create(long size)
    {
        var r = new Random(42);
        var files = new List<(string, byte[])>();
        long total = 0;
        for (int i = 0; total < size; i++)
        {
            (string path, string text) = (i % 10) switch
            {
                0 or 1 or 2 => ($"/src/File{i}.cs", CSharp(r)),
                3 => ($"/app/appsettings.{i}.json", AppSettings(r, i)),
                4 => ($"/app/package-lock{i}.json", PackageLock(r)),
                5 or 6 => ($"/app/wwwroot/bundle{i}.min.js", MinifiedJs(r)),
                7 => ($"/app/wwwroot/site{i}.css", DataUris(r)),
                _ => ($"/var/log/app{i}.log", Log(r)),
            };
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            files.Add((path, bytes));
            total += bytes.Length;
        }

        return files;
    }

    private static string Word(Random r) => Words[r.Next(Words.Length)];

    private static readonly string[] Words =
    [
        "var", "token", "result", "options", "password", "service", "context", "request", "user", "secret", "value",
        "config", "logger", "await", "return", "string", "public", "private", "static", "async", "Task", "key", "http",
    ];

    private static string Hex(Random r, int n) => string.Concat(Enumerable.Range(0, n).Select(_ => "0123456789abcdef"[r.Next(16)]));

    private static string B64(Random r, int n)
    {
        byte[] b = new byte[n];
        r.NextBytes(b);
        return Convert.ToBase64String(b);
    }

    private static string CSharp(Random r)
    {
        var sb = new StringBuilder("using System;\nnamespace App;\n\npublic sealed class Service\n{\n");
        for (int m = 0; m < 400; m++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public async Task<string> {Word(r)}{m}Async(string {Word(r)}, int count)\n    {{\n        var {Word(r)} = await _client.GetAsync(\"https://api.example.com/{Word(r)}/{m}\");\n        _logger.LogInformation(\"{Word(r)} {{Count}}\", count);\n        return {Word(r)}.ToString();\n    }}\n\n");
        }

        return sb.Append("}\n").ToString();
    }

    private static string AppSettings(Random r, int i) =>
        $$"""
        { "Logging": { "LogLevel": { "Default": "Information" } },
          "ConnectionStrings": { "Db": "Server=sql{{i}};Database=app;User Id=app;Password={{(i % 50 == 3 ? B64(r, 12) : "<from-key-vault>")}};" },
          "Jwt": { "Issuer": "https://login.example.com", "TokenLifetime": "00:30:00" },
          "Identity": { "Password": { "RequiredLength": 12 } } }
        """ + new string(' ', 2000);

    private static string PackageLock(Random r)
    {
        var sb = new StringBuilder("{ \"lockfileVersion\": 3, \"packages\": {\n");
        for (int p = 0; p < 300; p++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  \"node_modules/{Word(r)}-{p}\": {{ \"version\": \"1.{p}.0\", \"resolved\": \"https://registry.npmjs.org/x/-/x-1.{p}.0.tgz\", \"integrity\": \"sha512-{B64(r, 64)}\" }},\n");
        }

        return sb.Append("} }\n").ToString();
    }

    private static string MinifiedJs(Random r)
    {
        var sb = new StringBuilder("!function(e){\"use strict\";");
        for (int f = 0; f < 3000; f++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"var {Word(r)}{f}=function(t,n){{return t.{Word(r)}?n.{Word(r)}(t.token):e.{Word(r)}[{f}]}};");
        }

        return sb.Append("}(window);\n").ToString();
    }

    private static string DataUris(Random r) =>
        string.Concat(Enumerable.Range(0, 20).Select(k => $".i{k}{{background:url(data:image/png;base64,iVBORw0KGgo{B64(r, 6000)})}}\n"));

    private static string Log(Random r)
    {
        var sb = new StringBuilder();
        for (int l = 0; l < 2000; l++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"2026-12-06T12:{l % 60:00}:00Z info {Word(r)} request {Hex(r, 32)} completed in {r.Next(1000)} ms trace={Guid.NewGuid()}\n");
        }

        return sb.ToString();
    }
}
