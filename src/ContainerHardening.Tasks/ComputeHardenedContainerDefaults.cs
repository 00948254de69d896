using ContainerHardening.Defaults;
using ContainerHardening.TimeZones;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerHardening.Tasks;

/// <summary>
/// Chooses hardened values for the container properties the project left unset. Runs before the SDK computes the base
/// image; the targets assign only the outputs that come back non-empty.
/// </summary>
public sealed class ComputeHardenedContainerDefaults : PolicyTask
{
    public string ContainerFamily { get; set; } = "";
    public string ContainerBaseImage { get; set; } = "";
    public string ContainerUser { get; set; } = "";
    public ITaskItem[] ContainerPorts { get; set; } = [];
    public ITaskItem[] ContainerLabels { get; set; } = [];
    public string InvariantGlobalization { get; set; } = "";
    public ITaskItem[] RuntimeHostConfigurationOptions { get; set; } = [];
    public ITaskItem[] FrameworkReferences { get; set; } = [];

    /// <summary>The app's own compiled assemblies, read for time zone lookups (see <see cref="TimeZoneLookupReader"/>).</summary>
    public ITaskItem[] AppAssemblies { get; set; } = [];

    /// <summary>The ContainerEnvironmentVariable items: a TZ naming a zone needs tzdata.</summary>
    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];
    public bool IsSelfContained { get; set; }
    public bool IsAotPublished { get; set; }
    public bool IsTrimmed { get; set; }
    public string RepositoryUrl { get; set; } = "";
    public string SourceRevisionId { get; set; } = "";
    public string SourceDateEpoch { get; set; } = "";
    public bool PublishRepositoryUrl { get; set; }
    public string GenerateLabels { get; set; } = "";
    public string GenerateSourceLabel { get; set; } = "";
    public string GenerateRevisionLabel { get; set; } = "";
    public string GenerateCreatedLabel { get; set; } = "";

    [Output] public string ChosenContainerFamily { get; private set; } = "";
    [Output] public string ChosenContainerUser { get; private set; } = "";
    [Output] public ITaskItem[] AddedContainerPorts { get; private set; } = [];
    [Output] public ITaskItem[] AddedContainerLabels { get; private set; } = [];
    [Output] public bool SuppressSdkCreatedLabel { get; private set; }

    protected override void ExecuteCore()
    {
        var facts = new ContainerProjectFacts
        {
            ContainerFamily = ContainerFamily,
            ContainerBaseImage = ContainerBaseImage,
            ContainerUser = ContainerUser,
            ContainerPorts = ContainerPorts.Select(p => new ContainerPort(p.ItemSpec, TypeOf(p))).ToList(),
            ContainerLabelNames = ContainerLabels.Select(l => l.ItemSpec).ToHashSet(StringComparer.Ordinal),
            InvariantGlobalization = InvariantGlobalization,
            RuntimeInvariantGlobalizationOption = ProjectItems.InvariantGlobalizationOption(RuntimeHostConfigurationOptions),
            TimeZoneLookup = TimeZoneLookupReader.Find(ProjectItems.AppAssemblyPaths(AppAssemblies, ProjectDirectory)),
            EnvironmentTimeZone = ProjectItems.EnvironmentVariable(ContainerEnvironmentVariables, TimeZoneVariable.Name),
            IsWebProject = ProjectItems.UsesAspNetCore(FrameworkReferences),
            IsSelfContained = IsSelfContained,
            IsAotPublished = IsAotPublished,
            IsTrimmed = IsTrimmed,
            RepositoryUrl = RepositoryUrl,
            SourceRevisionId = SourceRevisionId,
            SourceDateEpoch = SourceDateEpoch,
            PublishRepositoryUrl = PublishRepositoryUrl,
            GenerateLabels = GenerateLabels,
            GenerateSourceLabel = GenerateSourceLabel,
            GenerateRevisionLabel = GenerateRevisionLabel,
            GenerateCreatedLabel = GenerateCreatedLabel,
        };

        ContainerDefaults defaults = HardenedDefaults.Compute(facts);

        foreach (DefaultsDecision decision in defaults.Decisions)
        {
            Log.LogMessage(decision.Notable ? MessageImportance.High : MessageImportance.Low, "ContainerHardening: {0}", decision.Text);
        }

        // One line at minimal verbosity says what was filled in; the reasons are at detailed verbosity.
        string[] chosen =
        [
            .. defaults.ContainerFamily is null ? Array.Empty<string>() : [$"ContainerFamily={defaults.ContainerFamily}"],
            .. defaults.ContainerUser is null ? Array.Empty<string>() : [$"ContainerUser={defaults.ContainerUser}"],
            .. defaults.PortsToAdd.Select(p => $"ContainerPort={p.Port}/{p.Type}"),
        ];
        if (chosen.Length > 0)
        {
            Log.LogMessage(MessageImportance.High, "ContainerHardening: hardened defaults {0}", string.Join(", ", chosen));
        }

        Report(defaults.Findings);

        ChosenContainerFamily = defaults.ContainerFamily ?? "";
        ChosenContainerUser = defaults.ContainerUser ?? "";
        AddedContainerPorts = defaults.PortsToAdd
            .Select(p => (ITaskItem)new TaskItem(p.Port, new Dictionary<string, string> { ["Type"] = p.Type }))
            .ToArray();
        AddedContainerLabels = defaults.LabelsToAdd
            .Select(l => (ITaskItem)new TaskItem(l.Key, new Dictionary<string, string> { ["Value"] = l.Value }))
            .ToArray();
        SuppressSdkCreatedLabel = defaults.SuppressSdkCreatedLabel;
    }

    private static string TypeOf(ITaskItem port)
    {
        string type = port.GetMetadata("Type");
        return type.Length > 0 ? type : "tcp";
    }
}
