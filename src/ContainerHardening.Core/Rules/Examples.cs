namespace ContainerHardening.Rules;

/// <summary>Image-wide findings list a count and a few example paths instead of one finding per file.</summary>
internal static class Examples
{
    public const int Shown = 5;

    public static string Of(IEnumerable<string> normalizedPaths) =>
        string.Join(", ", normalizedPaths.Take(Shown).Select(ImageFacts.Absolute));
}
