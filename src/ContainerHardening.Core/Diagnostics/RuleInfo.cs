namespace ContainerHardening.Diagnostics;

/// <summary>
/// What the catalogue knows about one rule: its stable id, where it belongs, how loud it is by default,
/// and where the user reads more. Title and message texts live in Strings.resx under the id.
/// </summary>
public sealed record RuleInfo(string Id, RuleCategory Category, Severity DefaultSeverity, string? Benchmark = null)
{
    public const string ProjectUri = "https://github.com/container-hardening/container-hardening";

    public const string DocumentationRoot = ProjectUri + "/blob/main/docs/rules/";

    public string Title => Strings.Title(Id);

    public Uri HelpUri => new(DocumentationRoot + Id + ".md");
}
