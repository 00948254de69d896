using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>Which policy file applies to a project, or why none can be used.</summary>
/// <param name="Path">The full path of the policy file; null when there is none.</param>
/// <param name="Problem">Set when the user named a file that does not exist.</param>
public sealed record PolicyFileLocation(string? Path, Finding? Problem = null);

/// <summary>Finds the policy file that applies to a project, the way MSBuild finds the nearest Directory.Build.props.</summary>
public static class PolicyFileLocator
{
    /// <summary>The file names looked for in each directory; when both exist, the first wins.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["container-hardening.yml", "container-hardening.yaml"];

    /// <summary>
    /// The explicit policy file when one is given (a relative path starts at <paramref name="projectDirectory"/>),
    /// otherwise the nearest policy file in <paramref name="projectDirectory"/> or any directory above it.
    /// </summary>
    public static PolicyFileLocation Find(string projectDirectory, string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            string full = Path.GetFullPath(explicitPath, projectDirectory);
            return File.Exists(full)
                ? new(full)
                : new(null, Finding.Create(RuleCatalog.PolicyFileNotFound, full));
        }

        for (DirectoryInfo? dir = new(Path.GetFullPath(projectDirectory)); dir is not null; dir = dir.Parent)
        {
            foreach (string name in FileNames)
            {
                string candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate))
                {
                    return new(candidate);
                }
            }
        }

        return new(null);
    }
}
