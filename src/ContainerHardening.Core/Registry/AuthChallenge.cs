using System.Net.Http.Headers;

namespace ContainerHardening.Registry;

/// <summary>One parsed <c>WWW-Authenticate</c> challenge: <c>Bearer realm="…",service="…",scope="…"</c> or <c>Basic realm="…"</c>.</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<AuthChallenge> From(HttpHeaders headers) =>
        headers.TryGetValues("WWW-Authenticate", out IEnumerable<string>? values) ? values.SelectMany(Parse).ToArray() : [];

    /// <summary>Parses one header value; a value may hold several challenges (<c>Bearer …, Basic …</c>).</summary>
    public static IEnumerable<AuthChallenge> Parse(string value)
    {
        List<AuthChallenge> challenges = [];
        string? scheme = null;
        Dictionary<string, string> parameters = new(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ',' || char.IsWhiteSpace(value[i])))
            {
                i++;
            }

            int start = i;
            while (i < value.Length && value[i] != '=' && value[i] != ',' && !char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            string token = value.Substring(start, i - start);
            int afterToken = i;
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            if (i < value.Length && value[i] == '=' && token.Length > 0)
            {
                i++;
                while (i < value.Length && char.IsWhiteSpace(value[i]))
                {
                    i++;
                }

                parameters[token] = ReadValue(value, ref i);
            }
            else if (token.Length > 0)
            {
                if (scheme is not null)
                {
                    challenges.Add(new AuthChallenge(scheme, parameters));
                    parameters = new(StringComparer.OrdinalIgnoreCase);
                }

                scheme = token;
                i = afterToken;
            }
        }

        if (scheme is not null)
        {
            challenges.Add(new AuthChallenge(scheme, parameters));
        }

        return challenges;
    }

    private static string ReadValue(string value, ref int i)
    {
        if (i < value.Length && value[i] == '"')
        {
            System.Text.StringBuilder text = new();
            for (i++; i < value.Length && value[i] != '"'; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length)
                {
                    i++;
                }

                text.Append(value[i]);
            }

            i++;
            return text.ToString();
        }

        int start = i;
        while (i < value.Length && value[i] != ',' && !char.IsWhiteSpace(value[i]))
        {
            i++;
        }

        return value.Substring(start, i - start);
    }
}
