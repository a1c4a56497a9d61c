using System.Text.Json;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.FileStoreWriter;

// Usage: FlowOrleans.Runtime.FileStoreWriter <directory>
// Writes versions 1, 2, 3, ... of one big state forever, printing "wrote N" after each write.
var storage = new FileGrainStorage(args[0], new GrainStorageSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
var id = new GrainId("writer", "big");
var state = new GrainState<BigState>();
await storage.ReadStateAsync("state", id, state, default);
for (var version = 1; ; version++)
{
    state.State = BigState.Create(version);
    await storage.WriteStateAsync("state", id, state, default);
    Console.WriteLine($"wrote {version}");
}
