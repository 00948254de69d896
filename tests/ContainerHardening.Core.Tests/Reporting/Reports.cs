using System.Text;
using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ContainerHardening.Tests.Reporting;

/// <summary>Sample reports and the schema check the report tests share.</summary>
internal static class Reports
{
    public const string Image = "localhost:5000/app:1";

    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>An absolute root that exists on no machine, so nothing depends on the test's folder.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ch-sample-repo"));

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    public static HardeningReport Empty { get; } = new(Image, Digest, "1.2.3", Root, [], [], [], new Dictionary<string, long>());

    /// <summary>Every kind of entry: each severity, findings with and without a file, a subject, a file outside the root, suppressions.</summary>
    public static HardeningReport Full { get; } = Empty with
    {
        Rules = [RuleCatalog.RunsAsRoot, RuleCatalog.PrivilegedPort, RuleCatalog.NonNumericUser],
        Findings =
        [
            new Finding(RuleCatalog.NonNumericUser, Severity.Info, "ContainerUser is 'app', a name.", Subject: "app"),
            new Finding(RuleCatalog.PrivilegedPort, Severity.Warning, "ContainerPort 80 is below 1024.", InRoot("src", "App", "App.csproj"), 12, 5),
            new Finding(RuleCatalog.RunsAsRoot, Severity.Error, "ContainerUser is 'root'."),
            new Finding(RuleCatalog.PrivilegedPort, Severity.Warning, "ContainerPort 22 is below 1024.", Path.Combine(Path.GetTempPath(), "elsewhere", "Shared.props"), 3),

            // Not in Rules: a producer that forgot to list its rule still gets a valid ruleIndex.
            new Finding(RuleCatalog.StagingFailed, Severity.Error, "The published files could not be copied.", InRoot("My App", "out dir")),
        ],
        Suppressed =
        [
            new SuppressedFinding(
                new Finding(RuleCatalog.PrivilegedPort, Severity.Warning, "ContainerPort 443 is below 1024.", Subject: "443/tcp"),
                "The pod runs with NET_BIND_SERVICE.",
                new SuppressionSource(InRoot("container-hardening.yaml"), 7)),
        ],
        Timings = new Dictionary<string, long> { ["open"] = 35, ["analyze"] = 412 },
    };

    public static string Sarif(HardeningReport report) => Write(SarifWriter.Write, report);

    public static string Json(HardeningReport report) => Write(JsonReportWriter.Write, report);

    public static async Task AssertValidAsync(string schemaFile, string json)
    {
        Assert.Empty(await ValidateAsync(schemaFile, json));
    }

    /// <summary>
    /// The schema errors as "kind at path", with the errors nested under a union type (SARIF's "array or null") or a
    /// subschema brought to the top, so a failing assertion says which property is wrong.
    /// </summary>
    public static async Task<string[]> ValidateAsync(string schemaFile, string json)
    {
        JsonSchema schema = await JsonSchema.FromFileAsync(schemaFile);
        return schema.Validate(json).SelectMany(Flatten).Select(e => $"{e.Kind} at {e.Path}").Distinct().ToArray();
    }

    private static IEnumerable<ValidationError> Flatten(ValidationError error) => error switch
    {
        // "Not null either" says nothing about the value that was given.
        MultiTypeValidationError union => union.Errors.Where(e => e.Key != JsonObjectType.Null).SelectMany(e => e.Value).SelectMany(Flatten),
        ChildSchemaValidationError child when child.Errors.Count > 0 => child.Errors.Values.SelectMany(errors => errors).SelectMany(Flatten),
        _ => [error],
    };

    private static string Write(Action<Stream, HardeningReport> write, HardeningReport report)
    {
        using var stream = new MemoryStream();
        write(stream, report);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
