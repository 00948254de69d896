using System.Security.Cryptography;
using System.Text;
using ContainerHardening.Defaults;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>What <see cref="BaseImagePinning.PinAsync"/> needs: the base image the project names and the lock settings.</summary>
public sealed record BaseImagePinRequest
{
    /// <summary>
    /// ContainerBaseImage as the SDK computed it (the user's value or the SDK's default), before
    /// <see cref="MirrorRegistry"/> redirects it: the lock is keyed by this reference.
    /// </summary>
    public required string BaseImage { get; init; }

    /// <summary>ContainerHardeningBaseRegistry: where an mcr.microsoft.com image is resolved instead.</summary>
    public string MirrorRegistry { get; init; } = "";

    /// <summary>The lock file, absolute or relative to <see cref="ProjectDirectory"/>.</summary>
    public required string LockFile { get; init; }

    public required string ProjectDirectory { get; init; }

    /// <summary>Resolve a reference the lock has no entry for and record it (ContainerHardeningWriteLock; off in CI).</summary>
    public bool RecordMissing { get; init; } = true;

    /// <summary>Resolve the reference again and rewrite its entry even when it has one (ContainerHardeningUpdateLock).</summary>
    public bool Update { get; init; }

    /// <summary>DOTNET_CONTAINER_INSECURE_REGISTRIES: registries the user asked to reach over plain HTTP.</summary>
    public string PlainHttpRegistries { get; init; } = "";
}

/// <summary>The base image the SDK should use, what to tell the user, and what went wrong.</summary>
/// <param name="BaseImage">The request's base image, with <c>@sha256:…</c> appended when the lock pins it.</param>
/// <param name="Message">A progress line for the build log (no diagnostic code), or null.</param>
public sealed record BaseImagePinResult(string BaseImage, string? Message, IReadOnlyList<Finding> Findings);

/// <summary>
/// Pins a base image that is referenced by tag only to the digest recorded for it in container-hardening.lock.json,
/// recording the digest the tag resolves to now when the lock has no entry (or refreshing it on request). A base
/// image that already names a digest is never touched.
/// </summary>
public static class BaseImagePinning
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <param name="resolveDigest">
    /// The digest a registry serves for a tag: the index digest for a multi-platform image, else the manifest digest,
    /// exactly what the SDK pulls for that tag. Throws <see cref="RegistryException"/>.
    /// </param>
    public static async Task<BaseImagePinResult> PinAsync(
        BaseImagePinRequest request, Func<ImageReference, CancellationToken, Task<string>> resolveDigest, CancellationToken cancellationToken = default)
    {
        string baseImage = request.BaseImage.Trim();
        var reference = BaseImageReference.Parse(baseImage);
        if (reference.Digest is not null)
        {
            return new(request.BaseImage, null, []);
        }

        string lockFile = Path.GetFullPath(request.LockFile, request.ProjectDirectory);
        BaseImageLock current;
        try
        {
            current = BaseImageLock.Read(lockFile) ?? BaseImageLock.Empty;
        }
        catch (BaseImageLockException e)
        {
            return new(request.BaseImage, null, [Invalid(lockFile, e)]);
        }

        string key = BaseImageLock.Key(reference);
        string? locked = current.DigestFor(reference);
        if (locked is not null && !request.Update)
        {
            return new(Pin(baseImage, locked), Strings.Format("CH4001_Locked", key, locked, lockFile), []);
        }

        if (locked is null && !request.RecordMissing && !request.Update)
        {
            return new(request.BaseImage, Strings.Format("CH4001_NotRecorded", key, lockFile), []);
        }

        string resolveAt = BaseImageMirror.Redirect(baseImage, request.MirrorRegistry);
        if (!ImageReference.TryParse(resolveAt, out ImageReference? target))
        {
            // Not a reference this client can read; the SDK reports its own error for it.
            return new(request.BaseImage, null, []);
        }

        if (TransportChecks.AsksForPlainHttp(request.PlainHttpRegistries, target.Registry))
        {
            target = target with { Scheme = "http" };
        }

        string digest;
        try
        {
            digest = await resolveDigest(target, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            // Recording is a convenience: without it the publish goes on by tag (and CH4001 says so). A refresh the
            // user asked for must not leave a stale lock behind a green build.
            Finding finding = e.ToFinding();
            return new(request.BaseImage, null, [request.Update ? finding : finding with { Severity = Severity.Warning }]);
        }

        var findings = new List<Finding>();
        try
        {
            WriteEntry(lockFile, reference, digest);
        }
        catch (BaseImageLockException e)
        {
            return new(request.BaseImage, null, [Invalid(lockFile, e)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            findings.Add(Finding.Create(RuleCatalog.BaseImageLockNotWritten, lockFile, e.Message, digest).At(lockFile, 0, 0).About(lockFile));
        }

        string message = locked is null ? Strings.Format("CH4001_Recorded", key, digest, lockFile)
            : locked == digest ? Strings.Format("CH4001_StillCurrent", key, digest, lockFile)
            : Strings.Format("CH4001_Updated", key, locked, digest, lockFile);
        return new(Pin(baseImage, digest), message, findings);
    }

    /// <summary>
    /// Merges the entry into the file as it is now: another project sharing the lock file may have written it since
    /// it was read. A named mutex keeps two builds on this machine from writing it at the same time.
    /// </summary>
    private static void WriteEntry(string lockFile, BaseImageReference reference, string digest)
    {
        using var mutex = new Mutex(initiallyOwned: false, MutexName(lockFile));
        bool owned;
        try
        {
            owned = mutex.WaitOne(LockWait);
        }
        catch (AbandonedMutexException)
        {
            owned = true;
        }

        try
        {
            (BaseImageLock.Read(lockFile) ?? BaseImageLock.Empty).With(reference, digest).Write(lockFile);
        }
        finally
        {
            if (owned)
            {
                mutex.ReleaseMutex();
            }
        }
    }

    private static string Pin(string baseImage, string digest) => baseImage + "@" + digest;

    private static Finding Invalid(string lockFile, BaseImageLockException e) =>
        Finding.Create(RuleCatalog.BaseImageLockInvalid, lockFile, e.Line > 0 ? Strings.Format("CH0040_Line", e.Line) : "", e.Message)
            .At(lockFile, e.Line, e.Column)
            .About(lockFile);

    private static string MutexName(string lockFile)
    {
        string path = OperatingSystem.IsWindows() ? lockFile.ToUpperInvariant() : lockFile;
        return "ContainerHardening.Lock." + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path)), 0, 16);
    }
}
