namespace FlowOrleans.Runtime;

/// <summary>A call missed its deadline. The message names the grain and the method.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// A call could not be delivered or its connection was lost, or grain code on another silo threw (then the
/// message is "Type: message" and <see cref="RemoteExceptionType"/> is set).
/// </summary>
public class GrainCallFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>For an exception thrown by grain code across a message: its full type name; otherwise null.</summary>
    public string? RemoteExceptionType { get; init; }

    /// <summary>For an exception thrown by grain code across a message: its message; otherwise null.</summary>
    public string? RemoteExceptionMessage { get; init; }
}
