using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ContainerHardening.TimeZones;

/// <summary>
/// Tells from the app's compiled assemblies whether its code looks time zones up by id, the call that throws
/// TimeZoneNotFoundException on an image without tzdata. It reads metadata only: a call to a method of another assembly
/// is a MemberReference whose parent is a TypeReference, so an assembly that calls
/// <c>TimeZoneInfo.FindSystemTimeZoneById</c> anywhere (even in code that never runs) has that reference.
/// </summary>
/// <remarks>
/// Give it the app's own assemblies (the project's output and its project references), not NuGet or framework
/// assemblies. The framework comes with the base image, and its references to TimeZoneInfo are Local, GetUtcOffset and
/// ConvertTime (System.Private.Xml, System.Net.Mail, DataContractSerialization in .NET 10), none of them a lookup by
/// id; System.Private.CoreLib defines the lookups rather than calls them. A NuGet library that offers a time zone
/// feature has the reference whether or not the app uses that feature, so counting it would push apps onto the larger
/// base for code that never runs, and would read hundreds of files per publish instead of a few. What is missed: a
/// library that looks up an id the app hands it as a string; CH5003's page says how to choose the -extra base then.
/// </remarks>
public static class TimeZoneLookupReader
{
    /// <summary>
    /// The TimeZoneInfo methods that read a zone file under /usr/share/zoneinfo by id or list that folder. Left out on
    /// purpose: Utc, Local, ConvertTime, ConvertTimeToUtc/FromUtc (they work on a TimeZoneInfo the app already has, or on
    /// Local, which falls back to UTC without tzdata unless TZ names a zone: that case is the TZ variable's, see
    /// <see cref="TimeZoneVariable"/>), FromSerializedString and CreateCustomTimeZone (the data comes with the call),
    /// and the Windows/IANA id conversions (those read ICU, not tzdata).
    /// </summary>
    private static readonly string[] LookupMethods =
        ["FindSystemTimeZoneById", "TryFindSystemTimeZoneById", "ConvertTimeBySystemTimeZoneId", "GetSystemTimeZones"];

    /// <summary>
    /// The first lookup in <paramref name="assemblyPaths"/> (in the order given, then metadata order), or null when none
    /// of them looks zones up. A file that is missing, not a PE file, native (no metadata) or damaged counts as not
    /// looking zones up: the runtime could not run managed code from it either, and the compiler output it stands for
    /// is read again once it exists (the image check reads it after publishing).
    /// </summary>
    public static TimeZoneLookup? Find(IEnumerable<string> assemblyPaths)
    {
        foreach (string path in assemblyPaths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (Read(path) is string api)
            {
                return new TimeZoneLookup(Path.GetFileName(path), "TimeZoneInfo." + api);
            }
        }

        return null;
    }

    private static string? Read(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            using var pe = new PEReader(file);
            return pe.HasMetadata ? FindLookup(pe.GetMetadataReader()) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string? FindLookup(MetadataReader reader)
    {
        // Usually one TypeReference names System.TimeZoneInfo, or none: then no MemberReference needs a look.
        var timeZoneInfo = new List<EntityHandle>();
        foreach (TypeReferenceHandle handle in reader.TypeReferences)
        {
            TypeReference type = reader.GetTypeReference(handle);
            if (type.ResolutionScope.Kind != HandleKind.TypeReference
                && reader.StringComparer.Equals(type.Name, "TimeZoneInfo")
                && reader.StringComparer.Equals(type.Namespace, "System"))
            {
                timeZoneInfo.Add(handle);
            }
        }

        if (timeZoneInfo.Count == 0)
        {
            return null;
        }

        foreach (MemberReferenceHandle handle in reader.MemberReferences)
        {
            MemberReference member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || !timeZoneInfo.Contains(member.Parent))
            {
                continue;
            }

            foreach (string method in LookupMethods)
            {
                if (reader.StringComparer.Equals(member.Name, method))
                {
                    return method;
                }
            }
        }

        return null;
    }
}
