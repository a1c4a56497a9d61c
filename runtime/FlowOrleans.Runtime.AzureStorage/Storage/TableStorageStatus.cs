using System.Net;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>Reads the HTTP status out of a table client exception, to tell lost races from real failures.</summary>
internal static class TableStorageStatus
{
    /// <summary>True for 412 Precondition Failed (stale ETag), 409 Conflict (row exists) and 404 Not Found.</summary>
    public static bool IsLostRace(StorageException exception) =>
        exception.RequestInformation?.HttpStatusCode is (int)HttpStatusCode.PreconditionFailed
            or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound;

    /// <summary>The HTTP status, or 0 when the request did not get one.</summary>
    public static int StatusOf(StorageException exception) => exception.RequestInformation?.HttpStatusCode ?? 0;
}
