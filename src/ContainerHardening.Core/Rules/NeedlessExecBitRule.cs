using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH2005: regular files the app layer adds under the app directory with an execute bit that are neither ELF binaries
/// ("\x7fELF") nor scripts ("#!"), told apart by the first bytes the <see cref="FileHeadCollector"/> kept. The SDK
/// marks every file 0755 today, so this is one finding per image with a count and a few examples.
/// </summary>
internal sealed class NeedlessExecBitRule : IImageRule
{
    private static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private static readonly byte[] Shebang = [(byte)'#', (byte)'!'];

    public RuleInfo Info => RuleCatalog.NeedlessExecBit;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        string? apphost = facts.App.AssemblyName is string name ? facts.AppPath + "/" + name : null;
        string[] needless = facts.Filesystem.Entries.Values
            .Where(entry => entry.Kind == EntryKind.File
                && entry.LayerIndex >= facts.BaseLayerCount
                && facts.IsAppPath(entry.Path)
                && entry.Path != apphost
                && FilePermissions.HasAnyExecuteBit(entry)
                && !IsProgram(facts.AppFileHeads.GetValueOrDefault(entry.Path)))
            .Select(entry => entry.Path)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (needless.Length > 0)
        {
            yield return Finding.Create(Info, needless.Length, Examples.Of(needless)).About(facts.AppDirectory);
        }
    }

    private static bool IsProgram(byte[]? head) =>
        head is not null && (head.AsSpan().StartsWith(ElfMagic) || head.AsSpan().StartsWith(Shebang));
}
