using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>One check of the built image: one id, pure, no MSBuild. Findings carry a subject and never a secret value.</summary>
public interface IImageRule
{
    RuleInfo Info { get; }

    /// <summary>
    /// Whether the rule reads Linux conventions (users and /etc/passwd, file modes, paths, shared libraries).
    /// <see cref="ImageRules.Check"/> runs such rules only on images whose config says "os": "linux".
    /// </summary>
    bool LinuxOnly => true;

    IEnumerable<Finding> Check(ImageFacts facts);
}
