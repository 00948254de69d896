namespace ContainerHardening;

/// <summary>
/// This build of the core library. What its caches record (normalized images, layer recordings) depends on its code,
/// not just its version number, so another build — a local change with the same version included — records anew.
/// </summary>
internal static class ToolBuild
{
    public static string Identity { get; } = typeof(ToolBuild).Assembly.ManifestModule.ModuleVersionId.ToString();
}
