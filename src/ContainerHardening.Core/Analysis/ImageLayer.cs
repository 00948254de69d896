using ContainerHardening.Image;

namespace ContainerHardening.Analysis;

/// <summary>A layer as the pass reads it: its position (0 = bottom), its blob and its uncompressed digest.</summary>
internal sealed record ImageLayer(int Index, Descriptor Descriptor, string DiffId)
{
    public string Digest => Descriptor.Digest;
}
