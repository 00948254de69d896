using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerHardening.Reporting;

/// <summary>The writer settings both report formats share.</summary>
internal static class ReportJson
{
    /// <summary>
    /// Indented for people who open the file; relaxed escaping so messages keep their quotes and dashes readable. The
    /// files are never embedded in HTML, which is what the default encoder guards against.
    /// </summary>
    public static Utf8JsonWriter CreateWriter(Stream stream) =>
        new(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes <paramref name="value"/> under <paramref name="name"/> only when it is known.</summary>
    public static void WriteOptional(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a 1-based line or column only when it is known (the findings use 0 for unknown).</summary>
    public static void WritePositive(this Utf8JsonWriter writer, string name, int value)
    {
        if (value > 0)
        {
            writer.WriteNumber(name, value);
        }
    }
}
