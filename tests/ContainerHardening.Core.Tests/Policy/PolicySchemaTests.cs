using System.Globalization;
using System.Text.Json.Nodes;
using ContainerHardening.Policy;
using NJsonSchema;

namespace ContainerHardening.Tests.Policy;

/// <summary>The published JSON schema and the policy reader agree on the sample policies.</summary>
public class PolicySchemaTests
{
    private static readonly string SamplesDirectory = Path.Combine(RepositoryRoot.Path, "samples", "policies");

    public static TheoryData<string> Samples => new(Directory.GetFiles(SamplesDirectory, "*.yml").Select(Path.GetFileName)!);

    [Fact]
    public void There_are_sample_policies()
    {
        Assert.True(Samples.Count >= 2);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_sample_policy_validates_against_the_schema(string sample)
    {
        JsonSchema schema = await LoadSchema();

        Assert.Empty(schema.Validate(YamlToJson(File.ReadAllText(Path.Combine(SamplesDirectory, sample)))));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_sample_policy_is_read_without_findings(string sample)
    {
        Assert.Empty(PolicyLoader.Load(Path.Combine(SamplesDirectory, sample)).Findings);
    }

    [Theory]
    [InlineData("rule:\n  CH1002: error")]
    [InlineData("rules:\n  CH12: error")]
    [InlineData("rules:\n  CH1002: fatal")]
    [InlineData("options:\n  maxImageSizeMb: \"300\"")]
    [InlineData("options:\n  allowedPorts: [70000]")]
    [InlineData("suppressions:\n  - rule: CH1002\n    path: /app/**")]
    [InlineData("suppressions:\n  - rule: CH1002\n    reason: r\n    expires: 31.03.2027")]
    public async Task A_bad_policy_fails_the_schema_and_the_reader(string yaml)
    {
        JsonSchema schema = await LoadSchema();

        Assert.NotEmpty(schema.Validate(YamlToJson(yaml)));
        Assert.NotEmpty(PolicyParser.Parse(yaml, "bad.yml").Findings);
    }

    private static Task<JsonSchema> LoadSchema() =>
        JsonSchema.FromFileAsync(Path.Combine(RepositoryRoot.Path, "docs", "container-hardening.schema.json"));

    /// <summary>Converts with the reader's own YAML tree, so the schema sees the types the reader sees.</summary>
    private static string YamlToJson(string yaml) => ToJson(YamlTree.Read(yaml)!)?.ToJsonString() ?? "null";

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMapping map => new JsonObject(map.Entries.Select(entry => KeyValuePair.Create(((YamlScalar)entry.Key).Value, ToJson(entry.Value)))),
        YamlSequence list => new JsonArray(list.Items.Select(ToJson).ToArray()),
        YamlScalar { IsNull: true } => null,
        YamlScalar { IsPlain: true, Value: var text } when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) => JsonValue.Create(number),
        YamlScalar scalar => JsonValue.Create(scalar.Value),
        _ => throw new ArgumentException("Unsupported YAML node " + node, nameof(node)),
    };
}
