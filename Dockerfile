# syntax=docker/dockerfile:1
# ModelServing gateway image. The build stage runs the same scripts the README uses (scripts/setup.sh, scripts/fetch-deps.sh),
# so what is built and tested on a developer machine is what runs here; the runtime logic lives in
# scripts/docker-entrypoint.sh, which is tested outside Docker. The batch prediction CLI is in /app/batch
# (deploy/batch/indexed-job.yaml runs `dotnet /app/batch/modelserving-batch.dll`).
#   CPU: docker build -t modelserving .
#        docker run -p 8501:8501 -v "$PWD/models:/models" modelserving
#   GPU: docker build --target runtime-gpu -t modelserving:gpu .
#        docker run --gpus all -p 8501:8501 -v "$PWD/models:/models" modelserving:gpu

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG CUDA_RUNTIME_IMAGE=nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04

FROM ${DOTNET_SDK_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm openssl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
ENV MODELSERVING_CACHE=/cache
COPY . .
RUN bash scripts/setup.sh Release \
 && dotnet publish src/ModelServing.Gateway -c Release --no-build -o /app \
 && dotnet publish src/ModelServing.BatchCli -c Release --no-build -o /app/batch \
 && cp scripts/docker-entrypoint.sh /app/docker-entrypoint.sh \
 && mkdir -p /models && cp -r models/. /models/

FROM build AS build-cuda
RUN mkdir -p /app/cuda \
 && cp "$(bash scripts/fetch-deps.sh cuda)/package/Plugins/Linux/x64/libonnxruntime_providers_cuda.so" /app/cuda/

# GPU: CUDA 13 + cuDNN 9 runtime with the ASP.NET runtime copied in; the CUDA provider library from the pinned npm package.
FROM ${DOTNET_RUNTIME_IMAGE} AS dotnet-runtime
FROM ${CUDA_RUNTIME_IMAGE} AS runtime-gpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libspng0 ca-certificates libicu74 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system modelserving && useradd --system --gid modelserving --no-create-home modelserving
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build-cuda /app /app
COPY --from=build --chown=modelserving:modelserving /models /models
ENV MODEL_BASE_PATH=/models \
    MODELSERVING_CUDA_PROVIDER=/app/cuda/libonnxruntime_providers_cuda.so \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0 \
    MALLOC_ARENA_MAX=1
EXPOSE 8501
USER modelserving
ENTRYPOINT ["bash", "/app/docker-entrypoint.sh"]

# CPU (the default target): ASP.NET 10 on Debian with TurboJPEG and libspng for the image stages.
FROM ${DOTNET_RUNTIME_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libspng0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system modelserving && useradd --system --gid modelserving --no-create-home modelserving
WORKDIR /app
COPY --from=build /app /app
COPY --from=build --chown=modelserving:modelserving /models /models
# TF Serving's REST port unless the platform says otherwise (AIP_HTTP_PORT on Vertex AI).
ENV MODEL_BASE_PATH=/models \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0 \
    MALLOC_ARENA_MAX=1
EXPOSE 8501
USER modelserving
ENTRYPOINT ["bash", "/app/docker-entrypoint.sh"]
