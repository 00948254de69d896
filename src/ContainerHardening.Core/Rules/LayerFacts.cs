namespace ContainerHardening.Rules;

/// <summary>One layer of the image: position (0 = bottom), blob digest, blob size in bytes, and whether the app added it.</summary>
public sealed record LayerFacts(int Index, string Digest, long Size, bool IsAppLayer);
