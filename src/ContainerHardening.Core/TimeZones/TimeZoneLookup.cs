namespace ContainerHardening.TimeZones;

/// <summary>The first place found where the app's own code looks time zones up by id, which needs tzdata in the image.</summary>
/// <param name="Assembly">The file name of the assembly that makes the call ("App.dll").</param>
/// <param name="Api">The member it calls, as the user writes it ("TimeZoneInfo.FindSystemTimeZoneById").</param>
public sealed record TimeZoneLookup(string Assembly, string Api);
