namespace ContainerHardening.Secrets;

/// <summary>What one scan found: findings sorted by path, line and column, and the files it had to skip.</summary>
public sealed record SecretScanResult(IReadOnlyList<SecretFinding> Findings, IReadOnlyList<SecretScanSkip> Skipped, long BytesScanned)
{
    public static SecretScanResult Empty { get; } = new([], [], 0);
}
