using ContainerHardening.TimeZones;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace ContainerHardening.Tests.TimeZones;

/// <summary>Tiny assemblies compiled here, as the app's build would compile them, and read back by the reader.</summary>
public sealed class TimeZoneLookupReaderTests() : TemporaryFolderTests("ch-tz-")
{
    private static readonly MetadataReference[] Framework = [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)];

    [Fact]
    public void An_app_that_looks_up_a_zone_by_id_is_found_with_its_assembly_and_the_call()
    {
        string app = Compile("App", """
            public static class Program
            {
                public static System.DateTime Berlin() =>
                    System.TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.UtcNow, System.TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            }
            """);

        Assert.Equal(new TimeZoneLookup("App.dll", "TimeZoneInfo.FindSystemTimeZoneById"), TimeZoneLookupReader.Find([app]));
    }

    [Theory]
    [InlineData("System.TimeZoneInfo.TryFindSystemTimeZoneById(\"Asia/Tokyo\", out _)", "TryFindSystemTimeZoneById")]
    [InlineData("System.TimeZoneInfo.GetSystemTimeZones()", "GetSystemTimeZones")]
    [InlineData("System.TimeZoneInfo.ConvertTimeBySystemTimeZoneId(System.DateTime.UtcNow, \"Asia/Tokyo\")", "ConvertTimeBySystemTimeZoneId")]
    [InlineData("new System.Func<string, System.TimeZoneInfo>(System.TimeZoneInfo.FindSystemTimeZoneById)", "FindSystemTimeZoneById")]
    public void Every_way_to_reach_the_zone_files_by_id_counts(string expression, string api)
    {
        string app = Compile("App", $$"""
            public static class Program
            {
                public static object Run() => {{expression}};
            }
            """);

        Assert.Equal("TimeZoneInfo." + api, TimeZoneLookupReader.Find([app])?.Api);
    }

    [Fact]
    public void Utc_local_time_and_conversions_with_a_zone_in_hand_need_no_lookup()
    {
        string app = Compile("App", """
            using System;

            public static class Program
            {
                public static object[] Run() =>
                [
                    TimeZoneInfo.Utc,
                    TimeZoneInfo.Local,
                    DateTime.Now,
                    TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.Utc),
                    TimeZoneInfo.ConvertTimeToUtc(DateTime.Now),
                    TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.Local),
                    TimeZoneInfo.CreateCustomTimeZone("Ship", TimeSpan.FromHours(2), "Ship", "Ship"),
                    TimeZoneInfo.FromSerializedString(TimeZoneInfo.Utc.ToSerializedString()),
                    TimeZoneInfo.TryConvertIanaIdToWindowsId("Europe/Berlin", out string? windowsId),
                ];
            }
            """);

        Assert.Null(TimeZoneLookupReader.Find([app]));
    }

    [Fact]
    public void A_method_of_the_same_name_on_another_type_is_not_a_lookup()
    {
        string zones = Compile("Contoso.Zones", """
            namespace Contoso
            {
                public static class TimeZoneInfo
                {
                    public static string FindSystemTimeZoneById(string id) => id;
                }
            }
            """);
        string app = Compile("App", """
            public static class Program
            {
                public static string Run() => Contoso.TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            }
            """, zones);

        Assert.Null(TimeZoneLookupReader.Find([app, zones]));
    }

    [Fact]
    public void A_lookup_in_a_project_reference_is_named_after_that_assembly()
    {
        string zones = Compile("Zones", """
            public static class Clock
            {
                public static System.TimeZoneInfo Office() => System.TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            }
            """);
        string app = Compile("App", "public static class Program { public static object Run() => Clock.Office(); }", zones);

        Assert.Equal(new TimeZoneLookup("Zones.dll", "TimeZoneInfo.FindSystemTimeZoneById"), TimeZoneLookupReader.Find([app, zones]));
        Assert.Null(TimeZoneLookupReader.Find([app]));
    }

    [Fact]
    public void Files_that_are_no_readable_assembly_count_as_no_lookup_and_do_not_stop_the_others()
    {
        string lookup = Compile("App", "public static class P { public static object Run() => System.TimeZoneInfo.GetSystemTimeZones(); }");
        byte[] valid = File.ReadAllBytes(lookup);
        string garbage = Write("garbage.dll", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        string truncated = Write("truncated.dll", valid[..(valid.Length / 3)]);
        string headerOnly = Write("header.dll", [(byte)'M', (byte)'Z', .. new byte[510]]);
        string empty = Write("empty.dll", []);
        string missing = Path.Combine(Folder, "missing.dll");

        string[] unreadable = [garbage, truncated, headerOnly, empty, missing, Folder, ""];

        Assert.Null(TimeZoneLookupReader.Find(unreadable));
        Assert.Equal("App.dll", TimeZoneLookupReader.Find([.. unreadable, lookup])?.Assembly);
    }

    private string Compile(string name, string source, params string[] references)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            [.. Framework, .. references.Select(r => MetadataReference.CreateFromFile(r))],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        string path = Path.Combine(Folder, name + ".dll");
        EmitResult result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
