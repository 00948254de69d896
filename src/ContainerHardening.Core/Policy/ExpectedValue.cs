namespace ContainerHardening.Policy;

/// <summary>Resource names of the CH0016 phrases that say what a value must be, or what was found instead.</summary>
internal static class ExpectedValue
{
    public const string Mapping = "CH0016_Mapping";
    public const string Sequence = "CH0016_Sequence";
    public const string Text = "CH0016_Text";
    public const string PositiveInteger = "CH0016_PositiveInteger";
    public const string Port = "CH0016_Port";
    public const string Severity = "CH0016_Severity";
    public const string Mode = "CH0016_Mode";
    public const string SbomFormat = "CH0016_SbomFormat";
    public const string Date = "CH0016_Date";
    public const string Nothing = "CH0016_Nothing";
    public const string KeyOf = "CH0016_KeyOf";
}
