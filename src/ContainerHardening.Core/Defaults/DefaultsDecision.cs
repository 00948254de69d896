namespace ContainerHardening.Defaults;

/// <summary>
/// One thing the defaults decided, in words. <paramref name="Notable"/> decisions are ones the user should act on
/// (shown at normal verbosity); the rest are a record of what was chosen (detailed verbosity).
/// </summary>
public sealed record DefaultsDecision(string Text, bool Notable = false);
