using System.Net;

namespace Orchestrator.Serve;

/// <summary>Where the dashboard listens and over which artifacts folder.</summary>
public sealed record ServeOptions(string ArtifactsPath)
{
    public const string TokenFileName = "serve.token";

    /// <summary>127.0.0.1 unless <c>--serve-host</c> names another address.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;

    /// <summary>0: a free port, chosen when it starts.</summary>
    public int Port { get; init; }

    public string TokenPath => Path.Combine(ArtifactsPath, TokenFileName);
}
