using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime.Tests;

public class MessageTests
{
    [Fact]
    public async Task RequestRoundTripsThroughAMessageBodyAndIsInvoked()
    {
        await using var silo = await TestSilo.StartAsync();
        var messages = silo.Host.Services.GetRequiredService<MessageDispatcher>();
        var add = GrainCodeRegistry.GetInterface(typeof(ICounterGrain)).FindMethod("Add(int)")!;
        var request = add.CreateRequest();
        var reader = new Utf8JsonReader("[5]"u8);
        request.ReadArguments(ref reader, silo.Host.Services.GetRequiredService<GrainStorageSerializer>().Options);
        var target = new GrainId("CounterGrain", Guid.NewGuid().ToString("N"));

        var message = messages.CreateRequestMessage(target, request);
        Assert.Equal("[5]", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal("FlowOrleans.Runtime.Tests.ICounterGrain", message.InterfaceName);
        Assert.Equal("Add(int)", message.MethodId);

        var response = await messages.HandleRequestAsync(message);
        Assert.Equal(MessageDirection.Response, response.Direction);
        Assert.Equal(message.CorrelationId, response.CorrelationId);
        Assert.Equal(5, messages.ReadResponse<int>(response));
        Assert.Equal(5, await silo.Grains.GetGrain<ICounterGrain>(target.Key).Get());
    }

    [Fact]
    public async Task ReferencesSerializeAsIdAndInterfaceAndCompareEqual()
    {
        await using var silo = await TestSilo.StartAsync();
        var options = silo.Host.Services.GetRequiredService<GrainStorageSerializer>().Options;
        var peer = silo.Grains.GetGrain<IPeerGrain>(12);

        var json = JsonSerializer.Serialize(peer, options);
        Assert.Equal("{\"type\":\"PeerGrain\",\"key\":\"12\",\"interface\":\"FlowOrleans.Runtime.Tests.IPeerGrain\"}", json);
        var back = JsonSerializer.Deserialize<IPeerGrain>(json, options)!;
        Assert.Equal(peer, back);
        Assert.Equal("12:x", await back.Echo("x"));
    }

    [Fact]
    public async Task FailedRemoteStyleCallCarriesExceptionTypeAndMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var messages = silo.Host.Services.GetRequiredService<MessageDispatcher>();
        var fail = GrainCodeRegistry.GetInterface(typeof(ILifecycleGrain)).FindMethod("Fail(string)")!;
        var request = fail.CreateRequest();
        var reader = new Utf8JsonReader("[\"bad\"]"u8);
        request.ReadArguments(ref reader, JsonSerializerOptions.Default);

        var response = await messages.HandleRequestAsync(messages.CreateRequestMessage(new GrainId("lifecycle", "m"), request));
        Assert.Equal(typeof(InvalidOperationException).FullName, response.ExceptionType);
        Assert.Equal("bad", response.ExceptionMessage);
    }
}
