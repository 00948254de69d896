namespace ContainerHardening.Diagnostics;

/// <summary>
/// One thing a check found. The message is already formatted and never holds a secret value:
/// subjects are names, paths and digests.
/// </summary>
/// <param name="Subject">
/// What the finding is about (an image path, an environment variable name, a layer digest): policy suppressions match
/// it without parsing the message, and reports use it as the logical location when there is no source file.
/// </param>
public sealed record Finding(RuleInfo Rule, Severity Severity, string Message, string? File = null, int Line = 0, int Column = 0, string? Subject = null)
{
    /// <summary>A finding at the rule's default severity, with the message from Strings.resx filled with <paramref name="args"/>.</summary>
    public static Finding Create(RuleInfo rule, params object?[] args) =>
        new(rule, rule.DefaultSeverity, Strings.Message(rule.Id, args));

    /// <summary>A finding with the message variant "&lt;id&gt;_&lt;variant&gt;" (see <see cref="Strings.VariantMessage"/>).</summary>
    public static Finding CreateVariant(RuleInfo rule, string variant, params object?[] args) =>
        new(rule, rule.DefaultSeverity, Strings.VariantMessage(rule.Id, variant, args));

    /// <summary>This finding about <paramref name="subject"/> (an image path, an environment variable name, a digest).</summary>
    public Finding About(string subject) => this with { Subject = subject };

    /// <summary>This finding placed at a position in a file the user edits.</summary>
    public Finding At(string? file, int line, int column) => this with { File = file, Line = line, Column = column };
}
