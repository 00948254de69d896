using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>
/// The one exception for an image that cannot be read: a damaged, tampered, malicious or unsupported archive.
/// It carries a CH0020–CH0029 rule and the values for its message, so callers report it as a <see cref="Finding"/>
/// instead of a stack trace. <see cref="ImagePath"/> is the local file or directory; it never holds credentials.
/// </summary>
public sealed class ImageFormatException : Exception
{
    private readonly object?[] _args;

    /// <param name="imagePath">The archive or directory being read; the message's {0}.</param>
    /// <param name="subject">The blob digest or archive entry at fault; the message's {1}.</param>
    /// <param name="details">The remaining message values, in resource order.</param>
    public ImageFormatException(RuleInfo rule, string imagePath, string subject, params object?[] details)
        : this(rule, imagePath, subject, innerException: null, details)
    {
    }

    public ImageFormatException(RuleInfo rule, string imagePath, string subject, Exception? innerException, params object?[] details)
        : base(Strings.Message(rule.Id, [imagePath, subject, .. details]), innerException)
    {
        Rule = rule;
        ImagePath = imagePath;
        Subject = subject;
        _args = [imagePath, subject, .. details];
    }

    public RuleInfo Rule { get; }

    public string Id => Rule.Id;

    public string ImagePath { get; }

    public string Subject { get; }

    /// <summary>The finding a task logs for this failure, pointing at the image file.</summary>
    public Finding ToFinding() => Finding.Create(Rule, _args) with { File = ImagePath };
}
