namespace ContainerHardening.Rules;

/// <summary>What the runtime-compatibility rules read from the environment and the RID.</summary>
internal static class RuntimeFacts
{
    public const string InvariantVariable = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";

    /// <summary>The image forces invariant globalization ("true" or "1", as the runtime reads it).</summary>
    public static bool EnvironmentForcesInvariant(ImageFacts facts, out string value) =>
        facts.Environment.TryGetValue(InvariantVariable, out value!)
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>"linux-musl-x64" → ("amd64", musl: true); null for a RID this check does not understand.</summary>
    public static (string Architecture, bool Musl)? ParseRid(string? rid)
    {
        if (rid is null || !rid.StartsWith("linux-", StringComparison.Ordinal))
        {
            return null;
        }

        bool musl = rid.StartsWith("linux-musl-", StringComparison.Ordinal);
        string? architecture = rid[(rid.LastIndexOf('-') + 1)..] switch
        {
            "x64" => "amd64",
            "arm64" => "arm64",
            "arm" => "arm",
            "x86" => "386",
            "s390x" => "s390x",
            "ppc64le" => "ppc64le",
            "riscv64" => "riscv64",
            "loongarch64" => "loong64",
            _ => null,
        };
        return architecture is null ? null : (architecture, musl);
    }
}
