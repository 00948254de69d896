using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContainerHardening.Normalization;

/// <summary>
/// Recognises an unchanged rebuild before the SDK's archive is opened. The SDK writes new bytes on every publish
/// (its timestamps), but what the normalized image is made of is known from the build: the app files it was staged
/// from, the SDK's manifest and config with their timestamps normalized away, the image's names and the options.
/// Their hash is recorded next to the output with the digests it produced; the same hash later, with the output
/// untouched since (see <see cref="OutputStamp"/>), means the same image.
/// </summary>
public sealed class NormalizationInputs(string recordFile)
{
    public const string Extension = ".inputs";

    /// <summary>The key of these inputs, or null when the SDK's documents cannot be read (the image is then normalized in full).</summary>
    /// <param name="appFilesFingerprint">The staged app files' fingerprint (<see cref="Staging.StagedApp.Fingerprint"/>).</param>
    /// <param name="imageNames">Repository and tags: they go into the layout's index.json.</param>
    public static string? Key(string sdkManifest, string sdkConfig, string appFilesFingerprint, IEnumerable<string> imageNames, NormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (appFilesFingerprint.Length == 0 || Parse(sdkManifest) is not JsonObject manifest || Parse(sdkConfig) is not JsonObject config
            || manifest["layers"] is not JsonArray layers || config["rootfs"]?["diff_ids"] is not JsonArray diffIds
            || diffIds.Count != layers.Count)
        {
            return null;
        }

        int appIndex = options.AppLayerIndex ?? layers.Count - 1;
        if (appIndex < 0 || appIndex >= layers.Count)
        {
            return null;
        }

        string stamp = ImageNormalizer.Stamp(options.Timestamp);
        var parts = new List<string>
        {
            ToolBuild.Identity,
            appFilesFingerprint,
            string.Join(",", imageNames),
            string.Join(",", options.Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), options.AppDirectory, options.AppHost ?? "",
                options.DropExcludedFiles, options.KeepDebugSymbols, options.Layout, appIndex),
            string.Join(",", options.ExecutableFiles.Order(StringComparer.Ordinal)),
        };

        // The base layers as the SDK names them; the app layer's digest changes with every publish and is left out.
        parts.AddRange(layers.Where((_, i) => i != appIndex).Select(layer => layer?.ToJsonString() ?? ""));
        manifest.Remove("layers");
        manifest.Remove("config");
        ImageNormalizer.SetCreated(manifest["annotations"] as JsonObject, stamp);
        parts.Add(manifest.ToJsonString());
        parts.Add(Encoding.UTF8.GetString(ImageNormalizer.RewriteConfig(Encoding.UTF8.GetBytes(config.ToJsonString()), appIndex, "", stamp)));
        return ContentKey.Of(parts);
    }

    /// <summary>What the run that recorded <paramref name="key"/> produced, or null when the record holds another key.</summary>
    internal (NormalizationResult Result, string IndexDigest)? Find(string key)
    {
        string[] lines = File.Exists(recordFile) ? File.ReadAllLines(recordFile) : [];
        return lines is [var recordedKey, var index, var manifest, var config, var appLayer, var appDiffId] && recordedKey == key
            ? (new NormalizationResult(manifest, config, appLayer, appDiffId, [], []) { ReusedOutput = true }, index)
            : null;
    }

    internal void Record(string? key, NormalizedImage image)
    {
        if (key is not null)
        {
            NormalizationResult result = image.Result;
            File.WriteAllLines(recordFile, [key, image.IndexDigest, result.ManifestDigest, result.ConfigDigest, result.AppLayerDigest, result.AppLayerDiffId]);
        }
    }

    internal void Delete() => File.Delete(recordFile);

    private static JsonNode? Parse(string json)
    {
        try
        {
            return json.Length > 0 ? JsonNode.Parse(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
