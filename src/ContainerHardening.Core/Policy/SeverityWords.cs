using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>The words a user writes for a severity, in the policy file and in MSBuild items alike.</summary>
public static class SeverityWords
{
    /// <summary>Reads error, warning, info or none, in any letter case (MSBuild users write "Error" as often as "error").</summary>
    public static bool TryParse(string word, out Severity severity)
    {
        switch (word.Trim().ToUpperInvariant())
        {
            case "ERROR":
                severity = Severity.Error;
                return true;
            case "WARNING":
                severity = Severity.Warning;
                return true;
            case "INFO":
                severity = Severity.Info;
                return true;
            case "NONE":
                severity = Severity.None;
                return true;
            default:
                severity = default;
                return false;
        }
    }
}
