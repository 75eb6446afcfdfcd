namespace ModelRelease.HubEmulator.Http;

/// <summary>Endpoint metadata naming an endpoint for fault rules and statistics.</summary>
public sealed record HubEndpointName(string Name);
