using System.Globalization;
using System.Resources;

namespace ContainerHardening.Diagnostics;

/// <summary>
/// Reads Strings.resx. A message resource is named by its id and its value starts with "CHnnnn: ", like the SDK's
/// messages; the prefix is stripped here because the id travels separately as the diagnostic code.
/// </summary>
internal static class Strings
{
    private static readonly ResourceManager Resources = new("ContainerHardening.Diagnostics.Strings", typeof(Strings).Assembly);

    public static string Title(string id) => Get(id + "_Title");

    public static string Message(string id, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Template(id), args);

    /// <summary>
    /// The message "&lt;id&gt;_&lt;variant&gt;" filled with <paramref name="args"/>: the same rule worded for another
    /// source (the image config rather than the project). Its value starts with "&lt;id&gt;: " like the main message.
    /// </summary>
    public static string VariantMessage(string id, string variant, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Template(id, id + "_" + variant), args);

    /// <summary>The message of <paramref name="id"/> without its prefix and with its {0} placeholders unfilled.</summary>
    public static string Template(string id) => Template(id, id);

    private static string Template(string id, string name)
    {
        string template = Get(name);
        string prefix = id + ": ";
        if (!template.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Resource '{name}' must start with '{prefix}'.");
        }

        return template.Substring(prefix.Length);
    }

    /// <summary>A resource without an id prefix (a phrase inside a message) filled with <paramref name="args"/>.</summary>
    public static string Format(string name, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name), args);

    public static string Get(string name) =>
        Resources.GetString(name, CultureInfo.InvariantCulture)
        ?? throw new InvalidOperationException($"Missing resource '{name}' in Strings.resx.");

    /// <summary>Every resource name, for the catalogue consistency tests.</summary>
    public static IEnumerable<string> Names()
    {
        // Not disposed: the ResourceManager caches this set and serves every later lookup from it.
        ResourceSet set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)
            ?? throw new InvalidOperationException("Strings.resx is not embedded.");
        foreach (System.Collections.DictionaryEntry entry in set)
        {
            yield return (string)entry.Key;
        }
    }
}
