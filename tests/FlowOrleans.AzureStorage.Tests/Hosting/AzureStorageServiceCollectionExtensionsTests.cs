using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Runtime.AzureStorage.Membership;
using FlowOrleans.Runtime.AzureStorage.Stream;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowOrleans.AzureStorage.Tests.Hosting;

public sealed class AzureStorageServiceCollectionExtensionsTests
{
    private const string ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.DevAccountKey + ";TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    [Fact]
    public void Calling_twice_registers_each_provider_once()
    {
        var services = new ServiceCollection();
        for (var i = 0; i < 2; i++)
        {
            services.AddAzureTableMembership(o => o.ConnectionString = ConnectionString);
            services.AddAzureTableLogStore(o => o.ConnectionString = ConnectionString);
            services.AddAzureTableGrainStorage("checkpoints", o => o.ConnectionString = ConnectionString);
        }

        Assert.Single(services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(services, d => d.ServiceType == typeof(IPartitionLogStore));
        Assert.Single(services, d => d.ServiceType == typeof(IGrainStorage));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<AzureTableMembershipOptions>));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<AzureTableMembershipTable>(provider.GetRequiredService<IMembershipTable>());
        Assert.IsType<AzureTableLogStore>(provider.GetRequiredService<IPartitionLogStore>());
        Assert.IsType<AzureTableGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("checkpoints"));
    }

    [Fact]
    public void Invalid_options_fail_with_the_property_name()
    {
        using var provider = new ServiceCollection()
            .AddAzureTableMembership(o => o.ClusterId = "")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMembershipTable>());

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterId", error.Message, StringComparison.Ordinal);
    }
}
