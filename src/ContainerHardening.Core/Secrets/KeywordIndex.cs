using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContainerHardening.Secrets;

/// <summary>
/// One pass over the text that finds every detector keyword at once: an Aho-Corasick automaton over ASCII, folded to
/// lower case, compiled to a dense transition table. (<c>SearchValues&lt;string&gt;</c> would do the same job but only
/// exists from .NET 9, and the core targets .NET 8.) Non-ASCII characters never start or continue a keyword.
/// </summary>
internal sealed class KeywordIndex
{
    private const int Alphabet = 128;

    private readonly int[] _next;
    private readonly int[][] _outputs;
    private readonly int[] _lengths;

    /// <param name="keywords">ASCII keywords; case does not matter.</param>
    public KeywordIndex(IReadOnlyList<string> keywords)
    {
        _lengths = keywords.Select(k => k.Length).ToArray();
        var goTo = new List<int[]> { NewRow() };
        var outputs = new List<List<int>> { new() };
        for (int k = 0; k < keywords.Count; k++)
        {
            int state = 0;
            foreach (char raw in keywords[k])
            {
                int c = Fold(raw);
                if (c == 0)
                {
                    throw new ArgumentException("Keywords must be printable ASCII.", nameof(keywords));
                }

                if (goTo[state][c] < 0)
                {
                    goTo[state][c] = goTo.Count;
                    goTo.Add(NewRow());
                    outputs.Add([]);
                }

                state = goTo[state][c];
            }

            outputs[state].Add(k);
        }

        // Breadth-first: failure links, then the full transition table (a DFA, no failure walks while scanning).
        int[] fail = new int[goTo.Count];
        _next = new int[goTo.Count * Alphabet];
        var queue = new Queue<int>();
        for (int c = 0; c < Alphabet; c++)
        {
            int s = goTo[0][c];
            _next[c] = s < 0 ? 0 : s;
            if (s > 0)
            {
                queue.Enqueue(s);
            }
        }

        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            outputs[state].AddRange(outputs[fail[state]]);
            for (int c = 0; c < Alphabet; c++)
            {
                int s = goTo[state][c];
                if (s < 0)
                {
                    _next[(state * Alphabet) + c] = _next[(fail[state] * Alphabet) + c];
                }
                else
                {
                    fail[s] = _next[(fail[state] * Alphabet) + c];
                    _next[(state * Alphabet) + c] = s;
                    queue.Enqueue(s);
                }
            }
        }

        _outputs = outputs.Select(o => o.Count == 0 ? null! : o.Distinct().ToArray()).ToArray();

        // A state with outputs is stored complemented (negative), so the hot loop tests the sign instead of loading its outputs.
        for (int i = 0; i < _next.Length; i++)
        {
            if (_outputs[_next[i]] is not null)
            {
                _next[i] = ~_next[i];
            }
        }
    }

    /// <summary>Calls <paramref name="onHit"/> with (keyword index, start of the keyword) for every occurrence, in text order of their ends.</summary>
    public void Scan<TState>(ReadOnlySpan<char> text, ref TState state, HitHandler<TState> onHit)
    {
        ref int next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref byte fold = ref MemoryMarshal.GetArrayDataReference(FoldTable);
        int s = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];

            // The table is states x 128, s is always a state and the fold table covers every char value with a class below
            // 128 (non-ASCII is class 0): the index is always in range, so no bounds check or branch is needed.
            int t = Unsafe.Add(ref next, (s << 7) | Unsafe.Add(ref fold, c));
            if (t >= 0)
            {
                s = t;
                continue;
            }

            s = ~t;
            foreach (int k in _outputs[s])
            {
                onHit(ref state, k, i - _lengths[k] + 1);
            }
        }
    }

    public delegate void HitHandler<TState>(ref TState state, int keyword, int start);

    private static readonly byte[] FoldTable = BuildFoldTable();

    private static byte[] BuildFoldTable()
    {
        byte[] table = new byte[char.MaxValue + 1];
        for (int c = 0; c < Alphabet; c++)
        {
            table[c] = (byte)Fold((char)c);
        }

        return table;
    }

    private static int Fold(char c) =>
        c is >= 'A' and <= 'Z' ? c + 32 : c is > ' ' and < (char)Alphabet ? c : c == ' ' ? ' ' : 0;

    private static int[] NewRow()
    {
        int[] row = new int[Alphabet];
        Array.Fill(row, -1);
        return row;
    }
}
