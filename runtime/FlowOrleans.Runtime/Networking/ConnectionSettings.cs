using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Networking;

/// <summary>What every connection of one process shares: who it is, the limits, and how it answers requests.</summary>
/// <param name="Local">The handshake this side sends.</param>
/// <param name="MaxFrameSize">The largest frame accepted or sent, header included.</param>
/// <param name="ConnectTimeout">How long connecting and the handshake may take.</param>
/// <param name="MaxQueuedRequests">How many requests may wait to be written on one connection; a request over it fails at once.</param>
/// <param name="RequestHandler">Runs received requests; null on a client, which takes no requests.</param>
/// <param name="SerializerOptions">Encodes the results of handled requests; null without a request handler.</param>
/// <param name="Logger">The log of the transport.</param>
internal sealed record ConnectionSettings(
    ConnectionHandshake Local,
    int MaxFrameSize,
    TimeSpan ConnectTimeout,
    int MaxQueuedRequests,
    IRequestHandler? RequestHandler,
    JsonSerializerOptions? SerializerOptions,
    ILogger Logger);
