using ContainerHardening.Diagnostics;

namespace ContainerHardening.Tasks;

/// <summary>Says, as CH0006, that the image index of a multi-RID publish goes out without the gate.</summary>
public sealed class FlagMultiPlatformPublish : PolicyTask
{
    public string RuntimeIdentifiers { get; set; } = "";

    protected override void ExecuteCore()
    {
        string[] identifiers = RuntimeIdentifiers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Report([Finding.Create(RuleCatalog.MultiPlatformNotGated, string.Join(";", identifiers))]);
    }
}
