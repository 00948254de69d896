using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH5007: a self-contained or native AOT app (which brings no OpenSSL of its own) on an image without libssl.so.3 (or 1.1).</summary>
internal sealed class OpenSslMissingRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.OpenSslMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (!facts.App.FrameworkDependent && !facts.HasFileNamed("libssl.so.3") && !facts.HasFileNamed("libssl.so.1.1"))
        {
            string kind = Strings.Get(DiagnosticIds.OpenSslMissing + (facts.App.PublishAot ? "_Aot" : "_SelfContained"));
            yield return Finding.Create(Info, kind).About("libssl.so.3");
        }
    }
}
