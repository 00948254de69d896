namespace ContainerHardening.Staging;

/// <summary>A published file left out of the container, and why.</summary>
public sealed record ExcludedFile(string RelativePath, string Reason);
