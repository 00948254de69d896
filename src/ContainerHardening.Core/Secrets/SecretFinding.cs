using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets;

/// <summary>
/// One secret the scanner found. It carries where the secret is and its fingerprint, never the value.
/// </summary>
/// <param name="DetectorId">The detector that matched, e.g. <c>aws-access-key-id</c> (listed in docs/secrets.md).</param>
/// <param name="Rule">The CH3xxx rule of the detector's family.</param>
/// <param name="Path">The file (archive members as <c>outer.zip!/inner/file</c>) or the value's subject (<c>env:NAME</c>).</param>
/// <param name="Line">1-based line of the value; for an assembly, the ordinal of the user string; 0 for a whole file.</param>
/// <param name="Column">1-based column of the value; 0 for a whole file.</param>
public sealed record SecretFinding(string DetectorId, RuleInfo Rule, string Path, int Line, int Column, SecretFingerprint Fingerprint)
{
    /// <summary>The finding as the rest of the pipeline reports it; <see cref="Finding.Subject"/> is the path.</summary>
    public Finding ToFinding() =>
        Finding.Create(Rule, Path, DetectorId, Line, Fingerprint.Text) with { Subject = Path };
}
