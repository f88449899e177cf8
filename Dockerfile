# syntax=docker/dockerfile:1
# ModelServing gateway image. The build stage runs the same scripts the README uses (scripts/setup.sh),
# so what is built and tested on a developer machine is what runs here; the runtime logic lives in
# scripts/docker-entrypoint.sh, which is tested outside Docker. The batch prediction CLI is in /app/batch
# (deploy/batch/indexed-job.yaml runs `dotnet /app/batch/modelserving-batch.dll`).
#   CPU: docker build -t modelserving .
#        docker run -p 8501:8501 -p 8500:8500 -v "$PWD/models:/models" modelserving
#   GPU: docker build --target runtime-gpu -t modelserving:gpu .
#        docker run --gpus all -p 8501:8501 -p 8500:8500 -v "$PWD/models:/models" modelserving:gpu
# Ports: REST 8501 (AIP_HTTP_PORT on Vertex AI), gRPC 8500 (GRPC_PORT; 0 turns it off), TF Serving's two ports.

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

# The GPU flavour: the same projects against Microsoft.ML.OnnxRuntime.Gpu.Linux (scripts/check-gpu-flavour.sh builds and
# checks the same flavour outside Docker: it falls back to the CPU with one log line where CUDA is missing).
FROM build AS build-cuda
RUN dotnet publish src/ModelServing.Gateway -c Release -p:OnnxRuntimeFlavor=GpuLinux -o /app-gpu \
 && dotnet publish src/ModelServing.BatchCli -c Release -p:OnnxRuntimeFlavor=GpuLinux -o /app-gpu/batch \
 && cp scripts/docker-entrypoint.sh /app-gpu/docker-entrypoint.sh

# GPU: CUDA 13 + cuDNN 9 runtime (what ONNX Runtime 1.32's CUDA provider links) with the ASP.NET runtime copied in.
# Models that name no execution provider run on CUDA here, and fall back to the CPU with one log line saying what is missing.
FROM ${DOTNET_RUNTIME_IMAGE} AS dotnet-runtime
FROM ${CUDA_RUNTIME_IMAGE} AS runtime-gpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libspng0 ca-certificates libicu74 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system modelserving && useradd --system --gid modelserving --no-create-home modelserving
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build-cuda /app-gpu /app
COPY --from=build --chown=modelserving:modelserving /models /models
ENV MODEL_BASE_PATH=/models \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0 \
    MALLOC_ARENA_MAX=1
EXPOSE 8501 8500
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
# TF Serving's REST port unless the platform says otherwise (AIP_HTTP_PORT on Vertex AI), and its gRPC port.
ENV MODEL_BASE_PATH=/models \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0 \
    MALLOC_ARENA_MAX=1
EXPOSE 8501 8500
USER modelserving
ENTRYPOINT ["bash", "/app/docker-entrypoint.sh"]
