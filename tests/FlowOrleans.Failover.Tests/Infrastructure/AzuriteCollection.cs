using FlowOrleans.AzureStorage.Tests;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>Shares one Azurite (started on a free port) among the failover tests.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
