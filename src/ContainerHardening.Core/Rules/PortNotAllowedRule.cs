using System.Globalization;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1004: an exposed port that the policy's allowedPorts does not list (only when the policy sets the list).</summary>
internal sealed class PortNotAllowedRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.PortNotAllowed;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.Policy.AllowedPorts is not IReadOnlyList<int> allowed)
        {
            return [];
        }

        string list = string.Join(", ", allowed.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return ExposedPort.All(facts)
            .Where(port => port.Number is not int number || !allowed.Contains(number))
            .Select(port => Finding.Create(Info, port.Text, list).About(port.Text));
    }
}
