using System.Globalization;
using ContainerHardening.Diagnostics;
using ContainerHardening.TimeZones;

namespace ContainerHardening.Defaults;

/// <summary>
/// Decides the hardened container defaults for a project. It fills only what the user left unset and never overrides an
/// explicit choice; explicit choices that are not hardened become findings instead.
/// </summary>
public static class HardenedDefaults
{
    public const string ChiseledFamily = "noble-chiseled";
    public const string ChiseledExtraFamily = "noble-chiseled-extra";

    /// <summary>The UID of the "app" user in the .NET chiseled images; numeric so Kubernetes can verify runAsNonRoot.</summary>
    public const string NonRootUid = "1654";

    /// <summary>The port ASP.NET Core listens on in the .NET images (ASPNETCORE_HTTP_PORTS).</summary>
    public const string HttpPort = "8080";

    public const string CreatedLabel = "org.opencontainers.image.created";
    public const string ArtifactCreatedLabel = "org.opencontainers.artifact.created";
    public const string SourceLabel = "org.opencontainers.image.source";
    public const string RevisionLabel = "org.opencontainers.image.revision";

    private const int FirstUnprivilegedPort = 1024;

    public static ContainerDefaults Compute(ContainerProjectFacts facts)
    {
        var decisions = new List<DefaultsDecision>();
        var findings = new List<Finding>();

        string? family = ChooseFamily(facts, decisions);
        string? user = ChooseUser(facts, decisions, findings);
        IReadOnlyList<ContainerPort> ports = ChoosePorts(facts, decisions, findings);
        var labels = new List<KeyValuePair<string, string>>();
        bool suppressSdkCreated = AddCreatedLabels(facts, labels, decisions, findings);
        AddSourceLabels(facts, labels, decisions);

        return new ContainerDefaults
        {
            ContainerFamily = family,
            ContainerUser = user,
            PortsToAdd = ports,
            LabelsToAdd = labels,
            SuppressSdkCreatedLabel = suppressSdkCreated,
            Decisions = decisions,
            Findings = findings,
        };
    }

    /// <summary>True when the app runs with invariant globalization, i.e. needs neither ICU nor culture data.</summary>
    public static bool IsGlobalizationInvariant(ContainerProjectFacts facts)
    {
        string effective = facts.RuntimeInvariantGlobalizationOption.Length > 0
            ? facts.RuntimeInvariantGlobalizationOption
            : facts.InvariantGlobalization;
        return IsTrue(effective);
    }

    private static string? ChooseFamily(ContainerProjectFacts facts, List<DefaultsDecision> decisions)
    {
        if (facts.ContainerBaseImage.Length > 0)
        {
            decisions.Add(new($"base image '{facts.ContainerBaseImage}' was set by the project; ContainerFamily left alone"));
            return null;
        }

        if (facts.ContainerFamily.Length > 0)
        {
            decisions.Add(new($"ContainerFamily '{facts.ContainerFamily}' was set by the project; left alone"));
            return null;
        }

        string flavour = facts.IsAotPublished ? "native AOT, so runtime-deps"
            : facts.IsSelfContained || facts.IsTrimmed ? "self-contained, so runtime-deps"
            : facts.IsWebProject ? "ASP.NET Core, so aspnet"
            : "framework-dependent, so runtime";

        bool invariant = IsGlobalizationInvariant(facts);
        if (invariant && TimeZoneNeed(facts) is string timeZones)
        {
            decisions.Add(new(
                $"ContainerFamily={ChiseledExtraFamily}: {timeZones}; only the -extra base has tzdata, although the app uses " +
                $"invariant globalization ({flavour})",
                Notable: true));
            return ChiseledExtraFamily;
        }

        if (invariant)
        {
            decisions.Add(new($"ContainerFamily={ChiseledFamily}: chiseled base (no shell, no package manager), {flavour}; the app uses invariant globalization"));
            return ChiseledFamily;
        }

        decisions.Add(new(
            $"ContainerFamily={ChiseledExtraFamily}: the app needs ICU and time zone data because InvariantGlobalization is not true ({flavour}). " +
            $"Set InvariantGlobalization=true if it does not need culture data, for the smaller {ChiseledFamily} base",
            Notable: true));
        return ChiseledExtraFamily;
    }

    /// <summary>Why the app needs tzdata, in words; null when it does not.</summary>
    private static string? TimeZoneNeed(ContainerProjectFacts facts) =>
        facts.TimeZoneLookup is { } lookup
            ? $"the app looks up time zones by id ({lookup.Assembly} calls {lookup.Api}), which throws TimeZoneNotFoundException without tzdata"
            : TimeZoneVariable.NeedsZoneData(facts.EnvironmentTimeZone)
                ? $"the container sets TZ={facts.EnvironmentTimeZone}, which silently becomes UTC without tzdata"
                : null;

    private static string? ChooseUser(ContainerProjectFacts facts, List<DefaultsDecision> decisions, List<Finding> findings)
    {
        if (facts.ContainerUser.Length == 0)
        {
            decisions.Add(new($"ContainerUser={NonRootUid}: the images' non-root 'app' user, numeric so Kubernetes can verify runAsNonRoot"));
            return NonRootUid;
        }

        string userPart = facts.ContainerUser.Split(':')[0].Trim();
        if (userPart == "0" || userPart.Equals("root", StringComparison.Ordinal))
        {
            findings.Add(Finding.Create(RuleCatalog.RunsAsRoot, facts.ContainerUser));
        }
        else if (!uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            findings.Add(Finding.Create(RuleCatalog.NonNumericUser, facts.ContainerUser));
        }

        decisions.Add(new($"ContainerUser '{facts.ContainerUser}' was set by the project; left alone"));
        return null;
    }

    private static IReadOnlyList<ContainerPort> ChoosePorts(ContainerProjectFacts facts, List<DefaultsDecision> decisions, List<Finding> findings)
    {
        foreach (ContainerPort port in facts.ContainerPorts)
        {
            if (port.Number is int number && number < FirstUnprivilegedPort)
            {
                findings.Add(Finding.Create(RuleCatalog.PrivilegedPort, $"{port.Port}/{port.Type}"));
            }
        }

        if (facts.ContainerPorts.Count > 0 || !facts.IsWebProject)
        {
            return [];
        }

        decisions.Add(new($"ContainerPort={HttpPort}/tcp: the unprivileged port ASP.NET Core listens on in the .NET images"));
        return [new ContainerPort(HttpPort)];
    }

    private static bool AddCreatedLabels(
        ContainerProjectFacts facts, List<KeyValuePair<string, string>> labels, List<DefaultsDecision> decisions, List<Finding> findings)
    {
        if (facts.SourceDateEpoch.Length == 0 || IsFalse(facts.GenerateLabels) || IsFalse(facts.GenerateCreatedLabel)
            || facts.ContainerLabelNames.Contains(CreatedLabel))
        {
            return false;
        }

        if (!long.TryParse(facts.SourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            findings.Add(Finding.Create(RuleCatalog.InvalidSourceDateEpoch, facts.SourceDateEpoch));
            return false;
        }

        string created = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        labels.Add(new(CreatedLabel, created));
        labels.Add(new(ArtifactCreatedLabel, created));
        decisions.Add(new($"{CreatedLabel}={created}: from SOURCE_DATE_EPOCH, so the label does not change between identical builds"));
        return true;
    }

    private static void AddSourceLabels(ContainerProjectFacts facts, List<KeyValuePair<string, string>> labels, List<DefaultsDecision> decisions)
    {
        if (IsFalse(facts.GenerateLabels) || facts.PublishRepositoryUrl)
        {
            return;
        }

        string source = RepositoryUrls.ForLabel(facts.RepositoryUrl);
        if (source.Length > 0 && !IsFalse(facts.GenerateSourceLabel) && !facts.ContainerLabelNames.Contains(SourceLabel))
        {
            labels.Add(new(SourceLabel, source));
            decisions.Add(new($"{SourceLabel}={source}"));
        }

        if (facts.SourceRevisionId.Length > 0 && !IsFalse(facts.GenerateRevisionLabel) && !facts.ContainerLabelNames.Contains(RevisionLabel))
        {
            labels.Add(new(RevisionLabel, facts.SourceRevisionId));
            decisions.Add(new($"{RevisionLabel}={facts.SourceRevisionId}"));
        }
    }

    private static bool IsTrue(string value) => value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(string value) => value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
}
