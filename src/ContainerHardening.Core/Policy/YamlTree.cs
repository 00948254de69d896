using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ContainerHardening.Policy;

/// <summary>A YAML node with the 1-based line and column where it starts.</summary>
internal abstract record YamlNode(int Line, int Column);

/// <param name="IsPlain">False for quoted and block scalars: only a plain scalar can be a number or a date.</param>
internal sealed record YamlScalar(int Line, int Column, string Value, bool IsPlain) : YamlNode(Line, Column)
{
    /// <summary>True for an empty plain scalar, which YAML reads as null (<c>key:</c> with nothing after it).</summary>
    public bool IsNull => IsPlain && Value.Length == 0;
}

internal sealed record YamlSequence(int Line, int Column, IReadOnlyList<YamlNode> Items) : YamlNode(Line, Column);

/// <summary>
/// A mapping with its entries in file order. Duplicate keys are kept (YamlDotNet's representation model would stop at
/// the first one) so the policy reader can report every duplicate at its own position.
/// </summary>
internal sealed record YamlMapping(int Line, int Column, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> Entries) : YamlNode(Line, Column);

/// <summary>Builds a <see cref="YamlNode"/> tree from YamlDotNet's event parser.</summary>
internal static class YamlTree
{
    /// <summary>The first document's root, or null when the text holds no document (empty or only comments).</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static YamlNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            return ReadNode(parser, new Dictionary<AnchorName, YamlNode>());
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some broken input (an unclosed flow sequence followed by a
            // mapping); report it like its other syntax errors, after the last event it did read.
            Mark last = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(last, last, "The YAML cannot be read past this point.", e);
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<AnchorName, YamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out AnchorAlias? alias))
        {
            return anchors.TryGetValue(alias.Value, out YamlNode? target)
                ? target
                : throw new AnchorNotFoundException(alias.Start, alias.End, $"Anchor '{alias.Value}' is not defined before this alias.");
        }

        NodeEvent start = parser.Consume<NodeEvent>();
        int line = checked((int)start.Start.Line);
        int column = checked((int)start.Start.Column);
        YamlNode node = start switch
        {
            Scalar scalar => new YamlScalar(line, column, scalar.Value, scalar.Style == ScalarStyle.Plain),
            SequenceStart => new YamlSequence(line, column, ReadItems(parser, anchors)),
            MappingStart => new YamlMapping(line, column, ReadEntries(parser, anchors)),
            _ => throw new System.Diagnostics.UnreachableException("An alias is consumed above; the other node events are these three."),
        };
        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor] = node;
        }

        return node;
    }

    private static List<YamlNode> ReadItems(IParser parser, Dictionary<AnchorName, YamlNode> anchors)
    {
        var items = new List<YamlNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(parser, anchors));
        }

        return items;
    }

    private static List<KeyValuePair<YamlNode, YamlNode>> ReadEntries(IParser parser, Dictionary<AnchorName, YamlNode> anchors)
    {
        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            YamlNode key = ReadNode(parser, anchors);
            entries.Add(new(key, ReadNode(parser, anchors)));
        }

        return entries;
    }
}
