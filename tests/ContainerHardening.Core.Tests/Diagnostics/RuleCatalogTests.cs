using System.Text.RegularExpressions;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Tests.Diagnostics;

/// <summary>Keeps the id catalogue, Strings.resx and docs/rules in step.</summary>
public partial class RuleCatalogTests
{
    private static readonly string[] RequiredSections = ["## What", "## Why", "## How to fix", "## How to suppress", "## Example"];

    [Fact]
    public void Every_id_constant_is_in_the_catalogue_once()
    {
        string[] constants = typeof(DiagnosticIds).GetFields()
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        Assert.Equal(constants.Length, constants.Distinct().Count());
        Assert.Equal(constants.Order(), RuleCatalog.All.Select(r => r.Id).Order());
        Assert.All(constants, id => Assert.Matches(IdPattern(), id));
    }

    [Fact]
    public void Each_id_lies_in_the_range_of_its_category()
    {
        Assert.All(RuleCatalog.All, rule => Assert.Equal((int)rule.Category, rule.Id[2] - '0'));
    }

    [Fact]
    public void Every_rule_has_a_title_and_a_message_and_every_message_names_a_known_id()
    {
        HashSet<string> ids = RuleCatalog.All.Select(r => r.Id).ToHashSet();
        string[] names = Strings.Names().ToArray();

        foreach (RuleInfo rule in RuleCatalog.All)
        {
            Assert.Contains(rule.Id, names);
            Assert.Contains(rule.Id + "_Title", names);
            Assert.StartsWith(rule.Id + ": ", Strings.Get(rule.Id), StringComparison.Ordinal);
        }

        Assert.All(names, name => Assert.Contains(name.Split('_')[0], ids));
    }

    [Fact]
    public void Every_rule_has_a_documentation_page_with_all_sections_and_its_help_link_points_there()
    {
        foreach (RuleInfo rule in RuleCatalog.All)
        {
            string page = Path.Combine(RepositoryRoot.Path, "docs", "rules", rule.Id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            string text = File.ReadAllText(page);
            Assert.StartsWith($"# {rule.Id}: ", text, StringComparison.Ordinal);
            Assert.All(RequiredSections, section => Assert.Contains("\n" + section + "\n", text, StringComparison.Ordinal));
            Assert.EndsWith("/docs/rules/" + rule.Id + ".md", rule.HelpUri.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_documentation_page_belongs_to_a_rule()
    {
        HashSet<string> ids = RuleCatalog.All.Select(r => r.Id).ToHashSet();
        foreach (string page in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs", "rules"), "*.md"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
        }
    }

    [GeneratedRegex("^CH[0-8][0-9]{3}$")]
    private static partial Regex IdPattern();
}
