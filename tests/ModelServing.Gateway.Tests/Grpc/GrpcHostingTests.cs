using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Tests.TestSupport;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>The gRPC listener beside REST: ports, which routes answer where, TLS through Kestrel's configuration.</summary>
public sealed class GrpcHostingTests
{
    [Fact]
    public async Task Start_GrpcOn_ServesBothPortsWithoutOverridingAddresses()
    {
        using var repository = new TestRepository().WithLoans();
        var grpcPort = GatewayProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var gateway = await GatewayProcess.StartReadyAsync(repository.Root, new Dictionary<string, string>(), "--grpc-port", grpcPort);
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:" + grpcPort);

        var health = await new HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(ServingStatus.Serving, health.Status);
        Assert.DoesNotContain("Overriding address", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Now listening on: http://127.0.0.1:" + grpcPort, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GrpcPortIsTheRestPort_FailsSayingHowToMoveIt()
    {
        using var repository = new TestRepository().WithLoans();

        var error = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Create(
            ["--urls", "http://127.0.0.1:18977", "--grpc-port", "18977", "--model-repository", repository.Root]));

        Assert.Equal("The gRPC port 18977 is also a REST port: set GRPC_PORT (or --grpc-port) to another port, or to 0 to turn gRPC off.", error.Message);
    }

    [Fact]
    public async Task GrpcListener_RestRoute_NotFound()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        using var client = new HttpClient
        {
            BaseAddress = new Uri("http://" + host.Channel!.Target),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var onGrpc = await client.GetAsync("/readyz");
        var onRest = await host.GetJsonAsync("/readyz");

        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);
        Assert.Equal(200, onRest.Status);
    }

    [Fact]
    public async Task RestListenerSpeakingHttp2_GrpcCall_Unimplemented()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root, "--Kestrel:EndpointDefaults:Protocols", "Http2");
        using var restChannel = GrpcChannel.ForAddress(host.Client.BaseAddress!);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new HealthClient(restChannel).CheckAsync(new HealthCheckRequest()));
        var onGrpc = await new HealthClient(host.Channel!).CheckAsync(new HealthCheckRequest());

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(ServingStatus.Serving, onGrpc.Status);
    }

    [Fact]
    public async Task GrpcEndpointCertificate_CallOverTls_Served()
    {
        using var repository = new TestRepository().WithLoans();
        using var certificate = SelfSigned();
        var pfx = Path.Combine(repository.Root, "grpc-tls.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        await using var host = await GatewayHost.StartWithGrpcAsync(
            repository.Root,
            "--Kestrel:Endpoints:Grpc:Certificate:Path", pfx,
            "--Kestrel:Endpoints:Grpc:Certificate:Password", "test-password");
        var thumbprint = certificate.GetCertHashString();
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint;
        using var tls = GrpcChannel.ForAddress("https://" + host.Channel!.Target, new GrpcChannelOptions { HttpHandler = handler });

        var overTls = await new HealthClient(tls).CheckAsync(new HealthCheckRequest());
        var cleartext = await Assert.ThrowsAsync<RpcException>(async () =>
            await new HealthClient(host.Channel).CheckAsync(new HealthCheckRequest()));

        Assert.Equal(ServingStatus.Serving, overTls.Status);
        Assert.NotEqual(StatusCode.OK, cleartext.StatusCode);
        Assert.Equal(200, (await host.GetJsonAsync("/readyz")).Status); // REST stays as it was
    }

    [Fact]
    public async Task MaxReceiveMessageBytes_LargerRequest_ResourceExhausted()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root, "--Grpc:MaxReceiveMessageBytes", "1024");
        var client = new HealthClient(host.Channel!);

        var under = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckAsync(new HealthCheckRequest { Service = new string('a', 1000) }));
        var over = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckAsync(new HealthCheckRequest { Service = new string('a', 1100) }));

        Assert.Equal(StatusCode.NotFound, under.StatusCode); // read and answered: no such service
        Assert.Equal(StatusCode.ResourceExhausted, over.StatusCode);
    }

    [Fact]
    public async Task MaxReceiveMessageBytes_MessageAboveRestBodyLimit_Served()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root, "--Limits:MaxRequestBodyBytes", "1024");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new HealthClient(host.Channel!).CheckAsync(new HealthCheckRequest { Service = new string('a', 64 * 1024) }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task MaxSendMessageBytes_LargerResponse_ResourceExhausted()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root, "--Grpc:MaxSendMessageBytes", "64");

        var small = await new HealthClient(host.Channel!).CheckAsync(new HealthCheckRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcReflectionTests.AskAsync(
            host, new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" }));

        Assert.Equal(ServingStatus.Serving, small.Status);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
