using System.Diagnostics;

namespace ContainerHardening.Pipeline;

/// <summary>Loads an image archive into the local docker or podman, as the SDK does for a publish without a registry.</summary>
public static class LocalDaemon
{
    private static readonly string[] Tools = ["docker", "podman"];

    /// <param name="Tool">The command that was run (docker or podman).</param>
    /// <param name="Message">What the tool said when it failed; empty on success.</param>
    public sealed record LoadResult(bool Succeeded, string Tool, string Message);

    /// <param name="preferred">The SDK's LocalRegistry: "Docker", "Podman", or empty to take whichever is installed (docker first, as the SDK does).</param>
    public static LoadResult Load(string archive, string preferred)
    {
        string? tool = preferred.Length > 0 ? preferred.ToLowerInvariant() : Tools.FirstOrDefault(IsOnPath);
        if (tool is null)
        {
            return new LoadResult(false, "docker/podman", "neither docker nor podman is installed");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("load");
        start.ArgumentList.Add("-i");
        start.ArgumentList.Add(archive);
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? new LoadResult(true, tool, "") : new LoadResult(false, tool, errors.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new LoadResult(false, tool, e.Message);
        }
    }

    private static bool IsOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
