namespace ContainerHardening.Tasks;

/// <summary>
/// Loads the policy once at the start of a container publish and reports what is wrong with it (a policy file that
/// does not parse, an unknown rule id, an expired suppression), so later tasks can use it without repeating that.
/// </summary>
public sealed class CheckHardeningPolicy : PolicyTask
{
    protected override void ExecuteCore()
    {
        if (Policy.PolicyFile is string file)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "ContainerHardening: policy file {0}", file);
        }

        Report(Policy.Problems);
    }
}
