using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerHardening.Image;

/// <summary>
/// The image configuration (OCI image config, identical in shape to the Docker v1 image JSON). The runtime settings
/// sit under <see cref="Config"/> with Docker's PascalCase names in both formats.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public required RootFilesystem RootFs { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryEntry>? History { get; init; }
}

/// <summary>What a container started from the image runs, as whom and where.</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    /// <summary>Ports such as "8080/tcp". The JSON holds them as the keys of an object whose values are always empty.</summary>
    [JsonPropertyName("ExposedPorts")]
    [JsonConverter(typeof(ObjectKeysConverter))]
    public IReadOnlyList<string>? ExposedPorts { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>The layers' uncompressed digests, bottom layer first.</summary>
public sealed record RootFilesystem
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public required IReadOnlyList<string> DiffIds { get; init; }
}

/// <summary>One build step; steps with <see cref="EmptyLayer"/> set added no layer.</summary>
public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool EmptyLayer { get; init; }
}

/// <summary>Reads a JSON object's property names, in document order, and ignores their values.</summary>
internal sealed class ObjectKeysConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object whose property names are the values.");
        }

        var keys = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return keys;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (string key in value)
        {
            writer.WriteStartObject(key);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
