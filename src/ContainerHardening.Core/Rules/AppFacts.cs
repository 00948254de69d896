using ContainerHardening.TimeZones;

namespace ContainerHardening.Rules;

/// <summary>What the build knows about the app that the image bytes cannot tell.</summary>
/// <param name="InvariantGlobalization">The project sets InvariantGlobalization: the app needs no ICU.</param>
/// <param name="SelfContained">The runtime ships inside the app directory.</param>
/// <param name="PublishAot">The app is a native AOT binary.</param>
/// <param name="UsesAspNetCore">The app references the Microsoft.AspNetCore.App framework.</param>
/// <param name="TimeZoneLookup">
/// Where the app's own code looks up time zones by id (TimeZoneInfo.FindSystemTimeZoneById and friends); null when it
/// does not.
/// </param>
/// <param name="RuntimeIdentifier">The RID the app was published for ("linux-x64", "linux-musl-arm64"); null when unknown.</param>
/// <param name="AssemblyName">The app's assembly name, which is also the apphost's file name.</param>
/// <param name="TargetFrameworkVersion">The target framework's version ("10.0"); null when unknown.</param>
public sealed record AppFacts(
    bool InvariantGlobalization = false,
    bool SelfContained = false,
    bool PublishAot = false,
    bool UsesAspNetCore = false,
    TimeZoneLookup? TimeZoneLookup = null,
    string? RuntimeIdentifier = null,
    string? AssemblyName = null,
    string? TargetFrameworkVersion = null)
{
    public static AppFacts Unknown { get; } = new();

    /// <summary>The app looks up time zones by id, so it needs tzdata in the image.</summary>
    public bool UsesTimeZones => TimeZoneLookup is not null;

    /// <summary>The app needs a shared .NET runtime installed in the image.</summary>
    public bool FrameworkDependent => !SelfContained && !PublishAot;
}
