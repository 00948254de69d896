namespace ContainerHardening.Image;

/// <summary>
/// container-hardening.lock.json cannot be read or is not a lock file of this version (CH0040). The message is the
/// detail from Strings.resx; <see cref="Line"/> and <see cref="Column"/> are 1-based, 0 when the problem has no place.
/// </summary>
public sealed class BaseImageLockException(string message, int line, int column) : FormatException(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
