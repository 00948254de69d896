using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Sbom;

/// <summary>Which SBOM documents a publish writes (ContainerSbomFormat).</summary>
[Flags]
public enum SbomFormats
{
    None = 0,
    CycloneDx = 1,
    Spdx = 2,
    All = CycloneDx | Spdx,
}

public static class SbomFormatWords
{
    private const string PropertyName = "ContainerSbomFormat";

    /// <summary>Reads "cyclonedx;spdx" (the default when empty), "cyclonedx", "spdx" or "none", in any letter case.</summary>
    public static SbomFormats Parse(string? words, ICollection<Finding> problems)
    {
        if (string.IsNullOrWhiteSpace(words))
        {
            return SbomFormats.All;
        }

        SbomFormats formats = SbomFormats.None;
        foreach (string word in words.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (word.ToUpperInvariant())
            {
                case "CYCLONEDX":
                    formats |= SbomFormats.CycloneDx;
                    break;
                case "SPDX":
                    formats |= SbomFormats.Spdx;
                    break;
                case "NONE":
                    break;
                default:
                    problems.Add(SeverityInputs.InvalidValue(PropertyName, ExpectedValue.SbomFormat, word, file: null));
                    break;
            }
        }

        return formats;
    }
}
