using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>What a reader could read, and what it could not (CH6002 warnings naming the file).</summary>
public sealed record SbomReadResult<T>(T Value, IReadOnlyList<Finding> Findings);

/// <summary>Builds CH6002 findings. The path is the subject, so a policy suppression can match it.</summary>
internal static class SbomInputProblem
{
    /// <summary>A problem with a file inside the image: named in the message and the subject only.</summary>
    public static Finding InImage(string path, string detailName, params object?[] args) =>
        Finding.Create(RuleCatalog.SbomInputUnreadable, "/" + path.TrimStart('/'), Strings.Format("CH6002_" + detailName, args))
            with { Subject = "/" + path.TrimStart('/') };

    /// <summary>A problem with a file on the build machine, which the build log can point at.</summary>
    public static Finding OnDisk(string path, string detailName, params object?[] args) =>
        Finding.Create(RuleCatalog.SbomInputUnreadable, path, Strings.Format("CH6002_" + detailName, args))
            with { File = path, Subject = path };
}
