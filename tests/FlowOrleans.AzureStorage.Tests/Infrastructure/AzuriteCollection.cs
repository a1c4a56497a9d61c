namespace FlowOrleans.AzureStorage.Tests;

/// <summary>Shares one Azurite among all test classes marked <c>[Collection(AzuriteCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
