namespace ContainerHardening.Diagnostics;

/// <summary>How a finding is reported. <see cref="None"/> means the rule is switched off.</summary>
public enum Severity
{
    None,
    Info,
    Warning,
    Error,
}
