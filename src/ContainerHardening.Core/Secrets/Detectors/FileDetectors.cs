using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets.Detectors;

/// <summary>
/// A private key file by its conventional name (<c>id_rsa</c>, <c>id_ed25519</c>, …). It reports only when the
/// content scan found no key in it, so a readable PEM is reported once, at its line.
/// </summary>
internal sealed class SshKeyFileDetector() : SecretDetector("ssh-private-key-file", RuleCatalog.PrivateKey, 1)
{
    private static readonly string[] Names = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", "identity"];

    public override int Inspect(TextScanContext context, int hit) => hit + 1;

    public override void InspectFile(TextScanContext context)
    {
        if (Names.Contains(context.FileName, StringComparer.Ordinal) && !context.Text.IsWhiteSpace() && !context.HasFinding(Rule))
        {
            context.ReportFile(this, SecretFingerprint.Of(context.Text.Trim()));
        }
    }
}

/// <summary>A user-secrets store (<c>secrets.json</c>) copied into the image: its presence is the finding.</summary>
internal sealed class UserSecretsFileDetector() : SecretDetector("user-secrets-file", RuleCatalog.CredentialFile, 1)
{
    public override int Inspect(TextScanContext context, int hit) => hit + 1;

    public override void InspectFile(TextScanContext context)
    {
        ReadOnlySpan<char> content = context.Text.Trim();
        if (context.FileName == "secrets.json" && content.Length > 2 && !content.SequenceEqual("{}"))
        {
            context.ReportFile(this, SecretFingerprint.Of(content));
        }
    }
}
