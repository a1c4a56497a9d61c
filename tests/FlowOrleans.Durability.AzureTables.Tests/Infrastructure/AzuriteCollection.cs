using FlowOrleans.AzureStorage.Tests;

namespace FlowOrleans.Durability.AzureTables.Tests;

/// <summary>Shares one Azurite (started on a free port) among the table storage tests.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
