using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>Reads the SDK's items the same way in every task that needs them.</summary>
internal static class ProjectItems
{
    /// <summary>The System.Globalization.Invariant runtime option the SDK derives from InvariantGlobalization; "" when absent.</summary>
    public static string InvariantGlobalizationOption(IEnumerable<ITaskItem> runtimeHostConfigurationOptions) =>
        runtimeHostConfigurationOptions
            .Where(o => o.ItemSpec == "System.Globalization.Invariant")
            .Select(o => o.GetMetadata("Value"))
            .LastOrDefault() ?? "";

    /// <summary>The app's own assemblies (the project's output and its project references) as full paths.</summary>
    public static IEnumerable<string> AppAssemblyPaths(IEnumerable<ITaskItem> appAssemblies, string projectDirectory) =>
        appAssemblies.Where(a => a.ItemSpec.Length > 0).Select(a => Path.GetFullPath(a.ItemSpec, projectDirectory));

    /// <summary>The value of the ContainerEnvironmentVariable item <paramref name="name"/> (the last one wins); "" when unset.</summary>
    public static string EnvironmentVariable(IEnumerable<ITaskItem> containerEnvironmentVariables, string name) =>
        containerEnvironmentVariables
            .Where(v => v.ItemSpec == name)
            .Select(v => v.GetMetadata("Value"))
            .LastOrDefault() ?? "";

    /// <summary>Whether the project references the ASP.NET Core shared framework (a web app).</summary>
    public static bool UsesAspNetCore(IEnumerable<ITaskItem> frameworkReferences) =>
        frameworkReferences.Any(f => f.ItemSpec == "Microsoft.AspNetCore.App");
}
