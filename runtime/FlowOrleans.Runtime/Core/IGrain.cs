namespace FlowOrleans.Runtime;

/// <summary>Marker for every grain interface. Grain methods return <see cref="Task"/>, <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>.</summary>
public interface IGrain;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;
