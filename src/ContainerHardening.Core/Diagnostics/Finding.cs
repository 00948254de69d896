namespace ContainerHardening.Diagnostics;

/// <summary>
/// One thing a check found. The message is already formatted and never holds a secret value:
/// subjects are names, paths and digests. <paramref name="Subject"/> names what inside the image the finding is about
/// (a path, a user, a layer digest) when it has no source file; reports use it as the logical location.
/// </summary>
public sealed record Finding(RuleInfo Rule, Severity Severity, string Message, string? File = null, int Line = 0, int Column = 0, string? Subject = null)
{
    /// <summary>A finding at the rule's default severity, with the message from Strings.resx filled with <paramref name="args"/>.</summary>
    public static Finding Create(RuleInfo rule, params object?[] args) =>
        new(rule, rule.DefaultSeverity, Strings.Message(rule.Id, args));
}
