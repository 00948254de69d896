using System.Text.Json.Serialization;

namespace ContainerHardening.Image;

/// <summary>
/// The image documents' JSON contract, generated at compile time: reflection-based serialization spends a fifth of a
/// second warming up in every fresh build process, more than the rest of an unchanged rebuild's image work.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(DockerArchiveSource.ArchiveManifest[]))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
