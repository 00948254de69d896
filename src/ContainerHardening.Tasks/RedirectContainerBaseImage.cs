using ContainerHardening.Defaults;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>Points the computed Microsoft base image at the registry named by ContainerHardeningBaseRegistry.</summary>
public sealed class RedirectContainerBaseImage : Microsoft.Build.Utilities.Task
{
    [Required] public string BaseImage { get; set; } = "";
    public string MirrorRegistry { get; set; } = "";

    [Output] public string RedirectedBaseImage { get; private set; } = "";

    public override bool Execute()
    {
        RedirectedBaseImage = BaseImageMirror.Redirect(BaseImage, MirrorRegistry);
        Log.LogMessage(MessageImportance.High, "ContainerHardening: base image {0}", RedirectedBaseImage);
        return true;
    }
}
