using System.Globalization;
using System.Security;
using System.Text;

namespace ContainerHardening.Tests.Infrastructure;

/// <summary>
/// A small fluent builder for throwaway SDK projects that reference the freshly packed ContainerHardening package.
/// (MSBuild.ProjectCreation is not available here; this covers what the tests need.)
/// </summary>
internal sealed class TestProject
{
    private const string WebProgram = """
        var app = WebApplication.Create(args);
        app.MapGet("/", () => "hardened");
        app.Run();
        """;

    private const string ConsoleProgram = """
        Console.WriteLine("hardened");
        """;

    /// <summary>A console program that looks a time zone up by id: it needs tzdata in the image, ICU or not.</summary>
    public const string TimeZoneProgram = """
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Console.WriteLine(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, berlin));
        """;

    private static readonly Dictionary<string, string?> FixedCommitDates = new()
    {
        ["GIT_AUTHOR_DATE"] = "2023-11-14T22:13:20Z",
        ["GIT_COMMITTER_DATE"] = "2023-11-14T22:13:20Z",
    };

    private readonly string _sdk;
    private readonly List<(string Name, string Value)> _properties = [];
    private readonly List<string> _items = [];
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private bool _referencePackage = true;
    private bool _gitRepository;

    private TestProject(string name, string sdk, string program)
    {
        Name = name;
        _sdk = sdk;
        _files["Program.cs"] = program;
        WithProperty("TargetFramework", "net10.0")
            .WithProperty("ImplicitUsings", "enable")
            .WithProperty("Nullable", "enable");
    }

    public string Name { get; }

    public static TestProject Web(string name) => new TestProject(name, "Microsoft.NET.Sdk.Web", WebProgram)
        .WithFile("appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }""");

    public static TestProject Console(string name) => new TestProject(name, "Microsoft.NET.Sdk", ConsoleProgram)
        .WithProperty("OutputType", "Exe");

    public TestProject WithProperty(string name, string value)
    {
        _properties.Add((name, value));
        return this;
    }

    public TestProject WithItem(string type, string include, params (string Name, string Value)[] metadata)
    {
        string attributes = string.Concat(metadata.Select(m => $" {m.Name}=\"{SecurityElement.Escape(m.Value)}\""));
        _items.Add($"<{type} Include=\"{SecurityElement.Escape(include)}\"{attributes} />");
        return this;
    }

    public TestProject WithFile(string relativePath, string content)
    {
        _files[relativePath] = content;
        return this;
    }

    public TestProject WithoutPackage()
    {
        _referencePackage = false;
        return this;
    }

    /// <summary>
    /// Makes the project folder a git clone with one commit and an origin, as a CI checkout is. The commit's dates are
    /// fixed, so two projects with the same files are clones of the same commit.
    /// </summary>
    public TestProject InGitRepository()
    {
        _gitRepository = true;
        return this;
    }

    /// <summary>Writes the project, its nuget.config (the local feed for our package, nuget.org for the rest) and files.</summary>
    public CreatedProject Create(LocalPackageFeed feed)
    {
        string directory = Path.Combine(feed.NewProjectRoot(), Name);
        Directory.CreateDirectory(directory);

        var project = new StringBuilder();
        project.AppendLine(CultureInfo.InvariantCulture, $"<Project Sdk=\"{_sdk}\">");
        project.AppendLine("  <PropertyGroup>");
        foreach ((string name, string value) in _properties)
        {
            project.AppendLine(CultureInfo.InvariantCulture, $"    <{name}>{SecurityElement.Escape(value)}</{name}>");
        }

        project.AppendLine("  </PropertyGroup>");
        project.AppendLine("  <ItemGroup>");
        if (_referencePackage)
        {
            project.AppendLine(CultureInfo.InvariantCulture, $"    <PackageReference Include=\"ContainerHardening\" Version=\"{feed.Version}\" />");
        }

        foreach (string item in _items)
        {
            project.AppendLine("    " + item);
        }

        project.AppendLine("  </ItemGroup>");
        project.AppendLine("</Project>");
        File.WriteAllText(Path.Combine(directory, Name + ".csproj"), project.ToString());

        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Directory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="ContainerHardening" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        foreach ((string relative, string content) in _files)
        {
            string path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        if (_gitRepository)
        {
            foreach (string[] git in new[]
            {
                new[] { "init", "-q" },
                new[] { "remote", "add", "origin", "https://github.com/example/" + Name + ".git" },
                new[] { "add", "-A" },
                new[] { "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "test project" },
            })
            {
                ProcessResult result = ProcessRunner.Run("git", git, directory, FixedCommitDates);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"git {string.Join(' ', git)} failed:\n{result.Output}");
                }
            }
        }

        return new CreatedProject(Name, directory);
    }
}

/// <summary>A project on disk, ready to publish.</summary>
internal sealed record CreatedProject(string Name, string Directory)
{
    public string ArchivePath => Path.Combine(Directory, "image.tar");

    /// <summary>
    /// Runs a real `dotnet publish -t:PublishContainer` with the base images taken from the local registry. Unless
    /// <paramref name="toArchive"/> is false, the image goes to <see cref="ArchivePath"/>. A binlog is kept beside it.
    /// </summary>
    public ProcessResult Publish(bool toArchive = true, params string[] extraArguments) => Publish(null, toArchive, extraArguments);

    /// <summary>As <see cref="Publish(bool, string[])"/>, to the archive, with variables set in the build's environment.</summary>
    public ProcessResult PublishWithEnvironment(IReadOnlyDictionary<string, string?> environment, params string[] extraArguments) =>
        Publish(environment, toArchive: true, extraArguments);

    private ProcessResult Publish(IReadOnlyDictionary<string, string?>? environment, bool toArchive, string[] extraArguments)
    {
        var arguments = new List<string>
        {
            "publish", "-c", "Release", "-t:PublishContainer", "-v:n",
            $"-p:ContainerHardeningBaseRegistry={LocalRegistry.Host}",
            $"-bl:{Path.Combine(Directory, "publish.binlog")}",
        };
        if (toArchive)
        {
            arguments.Add($"-p:ContainerArchiveOutputPath={ArchivePath}");
        }

        arguments.AddRange(extraArguments);
        return ProcessRunner.Run("dotnet", arguments, Directory, environment);
    }

    public ImageArchive ReadImage() => ImageArchive.Read(ArchivePath);
}
