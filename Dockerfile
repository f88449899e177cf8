# syntax=docker/dockerfile:1
# ModelServing gateway image. The build stage runs the same scripts/setup.sh the README uses, so what is built and tested
# on a developer machine is what runs here. Thin on purpose: the logic lives in the scripts.
#   docker build -t modelserving .
#   docker run -p 8501:8501 -v "$PWD/models:/models" modelserving

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm openssl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ENV MODELSERVING_CACHE=/cache
RUN bash scripts/setup.sh Release \
 && dotnet publish src/ModelServing.Gateway -c Release --no-build -o /app \
 && mkdir -p /models && cp -r models/. /models/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --system modelserving && useradd --system --gid modelserving --no-create-home modelserving
WORKDIR /app
COPY --from=build /app /app
COPY --from=build /models /models
# TF Serving's REST port unless the platform says otherwise (AIP_HTTP_PORT on Vertex AI).
ENV MODEL_REPOSITORY=/models \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0
EXPOSE 8501
USER modelserving
ENTRYPOINT ["dotnet", "/app/ModelServing.Gateway.dll"]
