using Microsoft.OpenApi;

namespace ModelServing.Gateway.OpenApi;

/// <summary>Swagger (OpenAPI) generation by Swashbuckle: the document at <c>/swagger/v1/swagger.json</c> (also <c>/swagger.json</c>) and the UI at <c>/swagger</c>.</summary>
internal static class SwaggerSetup
{
    public static IServiceCollection AddGatewaySwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ModelServing gateway",
                Version = "v1",
                Description = "Serves ONNX models over the TensorFlow Serving REST API, the Vertex AI custom-container contract and health probes.",
            });
            options.OperationFilter<ExampleOperationFilter>();
            options.DocumentFilter<ModelPathsDocumentFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "ModelServing.Gateway.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseGatewaySwagger(this WebApplication app)
    {
        // AzureML scoring clients fetch the document at /swagger.json.
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/swagger.json")
            {
                context.Request.Path = "/swagger/v1/swagger.json";
            }

            return next(context);
        });
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "ModelServing gateway v1"));
        return app;
    }
}
