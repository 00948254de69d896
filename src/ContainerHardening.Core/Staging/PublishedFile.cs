namespace ContainerHardening.Staging;

/// <summary>A file the publish produced: where it lies now, and its path relative to the app directory.</summary>
public sealed record PublishedFile(string SourcePath, string RelativePath);
