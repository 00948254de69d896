using System.Globalization;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets;

/// <summary>Why a file was not (fully) scanned. Binary files without a format the scanner reads are not skips.</summary>
public enum SecretSkipReason
{
    TooLarge,
    ArchiveTooDeep,
    ArchiveBomb,
    ArchiveBudget,
    Unreadable,
    Timeout,
    InvalidArchive,
    InvalidAssembly,
}

/// <summary>A file the scanner gave up on; the caller reports it as the warning CH0032 naming the file.</summary>
/// <param name="Limit">The limit that was hit (bytes, levels, ratio or seconds), or 0 when the reason has none.</param>
public sealed record SecretScanSkip(string Path, SecretSkipReason Reason, long Limit = 0)
{
    public Finding ToFinding() =>
        Finding.Create(RuleCatalog.SecretScanSkipped, Path, Strings.Format(DiagnosticIds.SecretScanSkipped + "_" + Reason.ToString(), Limit.ToString(CultureInfo.InvariantCulture)))
            with { Subject = Path };
}
