using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1002 for the built image: an exposed port below 1024.</summary>
internal sealed class ImagePrivilegedPortRule : IImageRule
{
    private const int FirstUnprivilegedPort = 1024;

    public RuleInfo Info => RuleCatalog.PrivilegedPort;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        ExposedPort.All(facts)
            .Where(port => port.Number is int number && number < FirstUnprivilegedPort)
            .Select(port => Finding.CreateVariant(Info, "Image", port.Text).About(port.Text));
}
