namespace FlowOrleans.Runtime;

/// <summary>A call missed its deadline. The message names the grain and the method.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>A call could not be delivered or its connection was lost.</summary>
public class GrainCallFailedException(string message, Exception? inner = null) : Exception(message, inner);
