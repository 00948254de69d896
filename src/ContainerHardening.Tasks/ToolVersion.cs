using System.Reflection;

namespace ContainerHardening.Tasks;

/// <summary>The version of ContainerHardening that reports and SBOMs name as their producer.</summary>
internal static class ToolVersion
{
    public static string Value { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
}
