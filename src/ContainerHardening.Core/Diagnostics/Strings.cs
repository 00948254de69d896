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

    public static string Message(string id, params object?[] args)
    {
        string template = Get(id);
        string prefix = id + ": ";
        if (!template.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Resource '{id}' must start with '{prefix}'.");
        }

        return string.Format(CultureInfo.InvariantCulture, template.Substring(prefix.Length), args);
    }

    /// <summary>A resource that completes a message, such as "CH0029_LayerCount"; it has no id prefix of its own.</summary>
    public static string Detail(string name, params object?[] args) =>
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
