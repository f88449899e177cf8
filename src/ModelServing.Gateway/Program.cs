using ModelServing.Gateway.Hosting;

var app = GatewayApplication.Create(args);
await app.RunAsync();
