using System.Buffers;
using System.Buffers.Binary;

namespace ContainerHardening.Secrets;

/// <summary>What <see cref="PeMetadataReader.Read"/> found at the start of a file that begins with "MZ".</summary>
internal enum PeKind
{
    /// <summary>The headers are not a PE file's; nothing past the head was read, so the file can still be read as text.</summary>
    NotPe,

    /// <summary>A PE file without .NET metadata (native code): nothing for the scanner.</summary>
    Native,

    /// <summary>A .NET assembly; <see cref="PeMetadata.Metadata"/> holds its metadata block.</summary>
    Managed,

    /// <summary>The headers promise metadata the stream does not deliver (truncated, or laid out backwards).</summary>
    Damaged,
}

internal readonly record struct PeMetadata(PeKind Kind, byte[]? Metadata = null);

/// <summary>
/// Reads a .NET assembly's metadata from a forward-only stream. The PE headers sit in the first kilobytes and the
/// metadata block a known distance further on, so the bytes in between (IL, precompiled code, resources) are skipped
/// rather than held: a 30 MB framework assembly costs the few megabytes of its metadata, not its size.
/// Offsets follow the PE/COFF specification and ECMA-335 II.25.
/// </summary>
internal static class PeMetadataReader
{
    private const int PeHeaderPointerOffset = 0x3C;
    private const ushort Pe32Magic = 0x10B;
    private const ushort Pe32PlusMagic = 0x20B;
    private const int CliHeaderDirectory = 14;
    private const int SectionHeaderBytes = 40;

    /// <param name="head">The file's first bytes, already read from <paramref name="rest"/>.</param>
    /// <param name="rest">The stream after the head; read forward only.</param>
    public static PeMetadata Read(ReadOnlySpan<byte> head, Stream rest, long maxMetadataBytes)
    {
        if (!TryReadHeaders(head, out Section[] sections, out uint cliHeaderRva))
        {
            return new PeMetadata(PeKind.NotPe);
        }

        if (cliHeaderRva == 0)
        {
            return new PeMetadata(PeKind.Native);
        }

        var file = new ForwardFile(head, rest);
        Span<byte> cliHeader = stackalloc byte[16];
        if (FileOffset(sections, cliHeaderRva) is not long cliOffset || !file.TryRead(cliOffset, cliHeader))
        {
            return new PeMetadata(file.Consumed ? PeKind.Damaged : PeKind.NotPe);
        }

        uint metadataRva = BinaryPrimitives.ReadUInt32LittleEndian(cliHeader[8..]);
        uint metadataSize = BinaryPrimitives.ReadUInt32LittleEndian(cliHeader[12..]);
        if (metadataSize == 0 || metadataSize > maxMetadataBytes || FileOffset(sections, metadataRva) is not long metadataOffset)
        {
            return new PeMetadata(PeKind.Damaged);
        }

        byte[] metadata = new byte[metadataSize];
        return file.TryRead(metadataOffset, metadata) ? new PeMetadata(PeKind.Managed, metadata) : new PeMetadata(PeKind.Damaged);
    }

    private static bool TryReadHeaders(ReadOnlySpan<byte> head, out Section[] sections, out uint cliHeaderRva)
    {
        sections = [];
        cliHeaderRva = 0;
        if (head.Length < PeHeaderPointerOffset + 4)
        {
            return false;
        }

        int pe = BinaryPrimitives.ReadInt32LittleEndian(head[PeHeaderPointerOffset..]);
        if (pe < 0 || pe > head.Length - 24 || !head[pe..].StartsWith("PE\0\0"u8))
        {
            return false;
        }

        int coff = pe + 4;
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(head[(coff + 2)..]);
        int optionalHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(head[(coff + 16)..]);
        int optional = coff + 20;
        int sectionTable = optional + optionalHeaderSize;
        if (optionalHeaderSize < 2 || sectionTable + (sectionCount * SectionHeaderBytes) > head.Length)
        {
            return false;
        }

        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(head[optional..]);
        (int directoryCountOffset, int directories) = magic switch
        {
            Pe32Magic => (92, 96),
            Pe32PlusMagic => (108, 112),
            _ => (-1, -1),
        };
        if (directories < 0 || directories + ((CliHeaderDirectory + 1) * 8) > optionalHeaderSize)
        {
            // Too short an optional header for a CLI directory: a valid native image, or not a PE file at all.
            return directories >= 0 && directoryCountOffset + 4 <= optionalHeaderSize;
        }

        uint directoryCount = BinaryPrimitives.ReadUInt32LittleEndian(head[(optional + directoryCountOffset)..]);
        cliHeaderRva = directoryCount > CliHeaderDirectory
            ? BinaryPrimitives.ReadUInt32LittleEndian(head[(optional + directories + (CliHeaderDirectory * 8))..])
            : 0;

        sections = new Section[sectionCount];
        for (int i = 0; i < sectionCount; i++)
        {
            ReadOnlySpan<byte> header = head.Slice(sectionTable + (i * SectionHeaderBytes), SectionHeaderBytes);
            sections[i] = new Section(
                VirtualAddress: BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
                Size: Math.Max(BinaryPrimitives.ReadUInt32LittleEndian(header[8..]), BinaryPrimitives.ReadUInt32LittleEndian(header[16..])),
                RawDataOffset: BinaryPrimitives.ReadUInt32LittleEndian(header[20..]));
        }

        return true;
    }

    private static long? FileOffset(Section[] sections, uint rva)
    {
        foreach (Section section in sections)
        {
            if (rva >= section.VirtualAddress && rva - section.VirtualAddress < section.Size)
            {
                return section.RawDataOffset + (long)(rva - section.VirtualAddress);
            }
        }

        return null;
    }

    private readonly record struct Section(uint VirtualAddress, uint Size, uint RawDataOffset);

    /// <summary>The file as its head plus a forward-only rest: a read may only go forward of what was read before.</summary>
    private sealed class ForwardFile(ReadOnlySpan<byte> head, Stream rest)
    {
        private readonly byte[] _head = head.ToArray();
        private long _position = head.Length;

        /// <summary>Whether bytes past the head were read, so the file can no longer be read again from its start.</summary>
        public bool Consumed { get; private set; }

        public bool TryRead(long offset, Span<byte> target)
        {
            if (offset < _head.Length)
            {
                int inHead = (int)Math.Min(target.Length, _head.Length - offset);
                _head.AsSpan((int)offset, inHead).CopyTo(target);
                if (inHead == target.Length)
                {
                    return true;
                }

                // A block that starts in the head (a small assembly's metadata) goes on with the bytes right after it.
                offset = _head.Length;
                target = target[inHead..];
            }

            if (offset < _position)
            {
                return false;
            }

            Consumed = true;
            if (!Skip(offset - _position))
            {
                return false;
            }

            int read = rest.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
            _position += read;
            return read == target.Length;
        }

        private bool Skip(long count)
        {
            byte[] scratch = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (count > 0)
                {
                    int read = rest.Read(scratch, 0, (int)Math.Min(count, scratch.Length));
                    if (read == 0)
                    {
                        return false;
                    }

                    count -= read;
                    _position += read;
                }

                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }
}
