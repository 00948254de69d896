using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>One check of the built image: one id, pure, no MSBuild. Findings carry a subject and never a secret value.</summary>
public interface IImageRule
{
    RuleInfo Info { get; }

    IEnumerable<Finding> Check(ImageFacts facts);
}
