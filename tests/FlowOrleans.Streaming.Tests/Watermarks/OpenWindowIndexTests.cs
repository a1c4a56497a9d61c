using System.Text.Json;
using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.Streaming.Tests.Watermarks;

public class OpenWindowIndexTests
{
    [Fact]
    public void Due_windows_are_returned_once_and_closable_after_allowed_lateness()
    {
        var index = new OpenWindowIndex();
        Assert.True(index.Register(new(0, 10, 0)));
        Assert.True(index.Register(new(0, 10, 1)));
        Assert.False(index.Register(new(0, 10, 1)));
        Assert.True(index.Register(new(10, 20, 0)));

        Assert.Empty(index.TakeDue(9));
        Assert.Equal([new(0, 10, 0), new OpenWindowRef(0, 10, 1)], index.TakeDue(10));
        Assert.Empty(index.TakeDue(15));
        Assert.False(index.Register(new(0, 10, 0)));
        Assert.Empty(index.TakeClosable(14, 5));
        Assert.Equal(2, index.TakeClosable(15, 5).Count);
        Assert.Equal(1, index.Count);

        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(index, StreamStateJsonContext.Default.OpenWindowIndex),
            StreamStateJsonContext.Default.OpenWindowIndex)!;
        Assert.Equal([new OpenWindowRef(10, 20, 0)], copy.TakeDue(long.MaxValue));
    }
}
