namespace ContainerHardening.Registry;

/// <summary>How a blob got into the target repository.</summary>
public enum BlobPushOutcome
{
    /// <summary>The repository had it already (HEAD answered 200); nothing was sent.</summary>
    AlreadyExists,

    /// <summary>The registry linked it from another repository (cross-repository mount, 201).</summary>
    Mounted,

    /// <summary>Uploaded in one PUT.</summary>
    UploadedMonolithic,

    /// <summary>Uploaded in PATCH chunks and closed with a PUT.</summary>
    UploadedChunked,
}

/// <summary>The result of pushing a manifest under one or more tags.</summary>
/// <param name="ReferrersTagUpdated">
/// True when the manifest has a subject and the registry does not index referrers (no <c>OCI-Subject</c> answer), so
/// the client added it to the fallback index tagged <c>sha256-&lt;hex&gt;</c> of the subject.
/// </param>
public sealed record ManifestPushResult(RegistryDescriptor Manifest, bool ReferrersTagUpdated);
