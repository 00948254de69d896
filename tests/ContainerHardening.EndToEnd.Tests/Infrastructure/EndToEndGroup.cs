namespace ContainerHardening.Tests.Infrastructure;

/// <summary>
/// All end-to-end tests share one packed package and run one after another: each publish already uses both cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup : ICollectionFixture<LocalPackageFeed>, ICollectionFixture<LocalRegistry>
{
    public const string Name = "end-to-end";
}
