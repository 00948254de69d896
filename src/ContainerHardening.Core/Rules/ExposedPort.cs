using System.Globalization;

namespace ContainerHardening.Rules;

/// <summary>An "ExposedPorts" key of the image config: "8080/tcp", or a bare "8080".</summary>
internal sealed record ExposedPort(string Text, int? Number)
{
    public static IEnumerable<ExposedPort> All(ImageFacts facts) =>
        (facts.Container.ExposedPorts ?? []).Select(text =>
        {
            string number = text.Split('/')[0];
            return new ExposedPort(text, int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : null);
        });
}
