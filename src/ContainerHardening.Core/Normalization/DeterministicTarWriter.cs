using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace ContainerHardening.Normalization;

/// <summary>
/// Writes tar entries whose bytes depend only on what is passed in: owner 0:0 with empty user and group names, one
/// fixed mtime, no atime or ctime. Entries are ustar headers written by <see cref="TarWriter"/>. A name or link that
/// ustar cannot hold (longer than 100 bytes or not ASCII) gets a PAX extended header with only <c>path</c> or
/// <c>linkpath</c>, written here because <see cref="TarWriter"/> names its PAX headers "PaxHeaders.&lt;process id&gt;"
/// and always adds an mtime record, which would make two runs differ.
/// </summary>
internal sealed class DeterministicTarWriter : IDisposable
{
    private const int BlockSize = 512;
    private const int UstarNameBytes = 100;
    private const string PaxHeaderName = "././@PaxHeader";

    private readonly Stream _output;
    private readonly TarWriter _writer;
    private readonly DateTimeOffset _modificationTime;

    public DeterministicTarWriter(Stream output, DateTimeOffset modificationTime)
    {
        _output = output;
        _modificationTime = modificationTime;

        // TarWriter writes each header and its data straight to the stream, so a hand-written header can go in between.
        _writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
    }

    /// <param name="name">The entry's path; directories get a trailing "/" here.</param>
    /// <param name="data">A regular file's content; its length must be known (a seekable stream).</param>
    public void Write(TarEntryType type, string name, UnixFileMode mode, Stream? data = null, string? linkName = null, int deviceMajor = 0, int deviceMinor = 0)
    {
        if (type == TarEntryType.Directory && !name.EndsWith('/'))
        {
            name += "/";
        }

        var records = new List<(string Key, string Value)>(2);
        string headerName = FitsUstar(name) ? name : Placeholder(name, "path", records);
        string? headerLink = linkName is null || FitsUstar(linkName) ? linkName : Placeholder(linkName, "linkpath", records);
        if (records.Count > 0)
        {
            WritePaxHeader(records);
        }

        var entry = new UstarTarEntry(type, headerName)
        {
            Mode = mode,
            Uid = 0,
            Gid = 0,
            ModificationTime = _modificationTime,
        };
        if (data is not null)
        {
            entry.DataStream = data;
        }

        if (headerLink is not null)
        {
            entry.LinkName = headerLink;
        }

        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = deviceMajor;
            entry.DeviceMinor = deviceMinor;
        }

        _writer.WriteEntry(entry);
    }

    /// <summary>Writes the end-of-archive blocks.</summary>
    public void Dispose() => _writer.Dispose();

    private static bool FitsUstar(string value) =>
        value.Length <= UstarNameBytes && value.All(char.IsAscii) && !value.Contains('\0', StringComparison.Ordinal);

    /// <summary>The PAX record carries the real value; the ustar field gets an ASCII stand-in that readers ignore.</summary>
    private static string Placeholder(string value, string key, List<(string Key, string Value)> records)
    {
        records.Add((key, value));
        string ascii = new(value.Select(c => char.IsAscii(c) && c != '\0' ? c : '_').ToArray());
        return ascii.Length <= UstarNameBytes ? ascii : ascii[..UstarNameBytes];
    }

    private void WritePaxHeader(List<(string Key, string Value)> records)
    {
        byte[] body = Encoding.UTF8.GetBytes(string.Concat(records.Select(r => PaxRecord(r.Key, r.Value))));
        byte[] header = new byte[BlockSize];
        Field(header, 0, 100, PaxHeaderName);
        Field(header, 100, 8, "0000644");
        Field(header, 108, 8, "0000000");
        Field(header, 116, 8, "0000000");
        Field(header, 124, 12, Octal(body.Length, 11));
        Field(header, 136, 12, Octal(_modificationTime.ToUnixTimeSeconds(), 11));
        header[156] = (byte)'x';
        Field(header, 257, 6, "ustar");
        Field(header, 263, 2, "00");
        "        "u8.CopyTo(header.AsSpan(148));
        int checksum = header.Sum(b => b);
        Field(header, 148, 8, Octal(checksum, 6) + "\0 ");

        _output.Write(header);
        _output.Write(body);
        _output.Write(new byte[(BlockSize - (body.Length % BlockSize)) % BlockSize]);
    }

    /// <summary>"&lt;length&gt; key=value\n", where the length counts the whole record, its own digits included.</summary>
    private static string PaxRecord(string key, string value)
    {
        int rest = Encoding.UTF8.GetByteCount($" {key}={value}\n");
        int length = rest + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + rest != length)
        {
            length = length.ToString(CultureInfo.InvariantCulture).Length + rest;
        }

        return $"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n";
    }

    private static string Octal(long value, int digits) => Convert.ToString(value, 8).PadLeft(digits, '0');

    private static void Field(byte[] header, int offset, int length, string value)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit its tar header field.");
        }

        bytes.CopyTo(header, offset);
    }
}
