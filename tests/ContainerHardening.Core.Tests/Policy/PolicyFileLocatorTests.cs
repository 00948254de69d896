using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public sealed class PolicyFileLocatorTests() : TemporaryFolderTests("ch-policy-")
{
    [Fact]
    public void The_nearest_policy_file_above_the_project_wins()
    {
        string project = CreateDirectory("repo/src/App");
        WriteFile("repo/container-hardening.yml");
        string nearer = WriteFile("repo/src/container-hardening.yml");

        Assert.Equal(new PolicyFileLocation(nearer), PolicyFileLocator.Find(project));
    }

    [Fact]
    public void A_policy_file_in_the_project_directory_is_found()
    {
        string project = CreateDirectory("App");
        string policy = WriteFile("App/container-hardening.yml");

        Assert.Equal(policy, PolicyFileLocator.Find(project).Path);
    }

    [Fact]
    public void The_yaml_extension_is_accepted_and_yml_wins_when_both_exist()
    {
        string project = CreateDirectory("App");
        string yaml = WriteFile("App/container-hardening.yaml");
        Assert.Equal(yaml, PolicyFileLocator.Find(project).Path);

        string yml = WriteFile("App/container-hardening.yml");
        Assert.Equal(yml, PolicyFileLocator.Find(project).Path);
    }

    [Fact]
    public void No_policy_file_anywhere_is_not_a_problem()
    {
        // The temp directory's ancestors (/tmp, /) hold no policy file on a test machine.
        Assert.Equal(new PolicyFileLocation(null), PolicyFileLocator.Find(CreateDirectory("App")));
    }

    [Fact]
    public void An_explicit_path_wins_over_the_search_and_is_relative_to_the_project()
    {
        string project = CreateDirectory("App");
        WriteFile("App/container-hardening.yml");
        string chosen = WriteFile("policies/strict.yml");

        Assert.Equal(chosen, PolicyFileLocator.Find(project, "../policies/strict.yml").Path);
    }

    [Fact]
    public void An_explicit_path_that_does_not_exist_is_an_error()
    {
        string project = CreateDirectory("App");

        PolicyFileLocation location = PolicyFileLocator.Find(project, "missing.yml");

        Assert.Null(location.Path);
        Assert.Equal(DiagnosticIds.PolicyFileNotFound, location.Problem?.Rule.Id);
        Assert.Contains(Path.Combine(project, "missing.yml"), location.Problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gone.yml")]
    [InlineData("a-directory.yml")]
    public void A_file_that_cannot_be_read_is_a_finding_not_an_exception(string name)
    {
        CreateDirectory("a-directory.yml");
        string path = Path.Combine(Folder, name);

        PolicyLoadResult result = PolicyLoader.Load(path);

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.PolicyFileUnreadable, path), (finding.Rule.Id, finding.File));
        Assert.Empty(result.Policy.Suppressions);
    }

    [Fact]
    public void A_file_on_disk_is_parsed_with_its_path_in_findings()
    {
        string path = WriteFile("container-hardening.yml", "rules:\n  CH1002: loud\n");

        Finding finding = Assert.Single(PolicyLoader.Load(path).Findings);

        Assert.Equal((DiagnosticIds.PolicyInvalidValue, path, 2, 11), (finding.Rule.Id, finding.File, finding.Line, finding.Column));
    }

    private string CreateDirectory(string relative) => Directory.CreateDirectory(Path.Combine(Folder, relative)).FullName;

    private string WriteFile(string relative, string text = "")
    {
        string path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
