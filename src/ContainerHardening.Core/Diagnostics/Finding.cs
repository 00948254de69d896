namespace ContainerHardening.Diagnostics;

/// <summary>
/// One thing a check found. The message is already formatted and never holds a secret value:
/// subjects are names, paths and digests.
/// </summary>
public sealed record Finding(RuleInfo Rule, Severity Severity, string Message, string? File = null, int Line = 0, int Column = 0)
{
    /// <summary>A finding at the rule's default severity, with the message from Strings.resx filled with <paramref name="args"/>.</summary>
    public static Finding Create(RuleInfo rule, params object?[] args) =>
        new(rule, rule.DefaultSeverity, Strings.Message(rule.Id, args));
}
