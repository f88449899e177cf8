"""An external gRPC client for the gateway: Debian's grpcio and protobuf, with stubs generated from the repository's protos/
by Debian's grpc_tools.protoc into a temporary directory. Runs a fixed list of cases and prints one JSON object:
case name -> what came back.

Usage: /usr/bin/python3 client.py HOST:PORT PROTOS_DIR HEALTH_PROTOS_DIR JPEG_FILE
"""
import atexit
import importlib
import json
import os
import shutil
import struct
import sys
import tempfile

import grpc
import grpc_tools
from grpc_tools import protoc

TARGET, PROTOS, HEALTH_PROTOS, JPEG_FILE = sys.argv[1:5]
WELL_KNOWN = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")  # google/protobuf/*.proto shipped with grpc_tools


def generate(out):
    """Generates the messages of every .proto under PROTOS, the stubs of the services called, and the health service."""
    sources = [os.path.relpath(os.path.join(d, f), PROTOS) for d, _, fs in os.walk(PROTOS) for f in fs if f.endswith(".proto")]
    services = ["tensorflow_serving/apis/prediction_service.proto", "tensorflow_serving/apis/model_service.proto", "kserve/grpc_predict_v2.proto"]
    # Health as top-level modules (health_pb2): Python's own grpc package owns the name "grpc"; the wire name comes from the
    # proto's package line, not from the path.
    health = os.path.join(HEALTH_PROTOS, "grpc", "health", "v1")
    for includes, args in (([PROTOS], ["--python_out=" + out] + sources), ([PROTOS], ["--grpc_python_out=" + out] + services),
                           ([health], ["--python_out=" + out, "--grpc_python_out=" + out, "health.proto"])):
        if protoc.main(["protoc"] + ["-I" + i for i in includes + [WELL_KNOWN]] + args) != 0:
            raise SystemExit("protoc failed for " + " ".join(args[1:]))


OUT = tempfile.mkdtemp(prefix="ms-grpc-python-")
atexit.register(shutil.rmtree, OUT, ignore_errors=True)
generate(OUT)
sys.path.insert(0, OUT)
m = {name: importlib.import_module(name) for name in [
    "tensorflow.core.framework.tensor_pb2", "tensorflow_serving.apis.predict_pb2", "tensorflow_serving.apis.get_model_metadata_pb2",
    "tensorflow_serving.apis.get_model_status_pb2", "tensorflow_serving.apis.prediction_service_pb2_grpc",
    "tensorflow_serving.apis.model_service_pb2_grpc", "kserve.grpc_predict_v2_pb2", "kserve.grpc_predict_v2_pb2_grpc",
    "health_pb2", "health_pb2_grpc"]}
tensor_pb2 = m["tensorflow.core.framework.tensor_pb2"]
predict_pb2 = m["tensorflow_serving.apis.predict_pb2"]
metadata_pb2 = m["tensorflow_serving.apis.get_model_metadata_pb2"]
status_pb2 = m["tensorflow_serving.apis.get_model_status_pb2"]
v2 = m["kserve.grpc_predict_v2_pb2"]
health_pb2 = m["health_pb2"]
DT = tensor_pb2.tensorflow_dot_core_dot_framework_dot_types__pb2
STATES = status_pb2.ModelVersionStatus.State

channel = grpc.insecure_channel(TARGET)
prediction = m["tensorflow_serving.apis.prediction_service_pb2_grpc"].PredictionServiceStub(channel)
models = m["tensorflow_serving.apis.model_service_pb2_grpc"].ModelServiceStub(channel)
inference = m["kserve.grpc_predict_v2_pb2_grpc"].GRPCInferenceServiceStub(channel)
health = m["health_pb2_grpc"].HealthStub(channel)
with open(JPEG_FILE, "rb") as f:
    JPEG = f.read()


def tensor(dtype, size, **fields):
    t = tensor_pb2.TensorProto(dtype=dtype, **fields)
    t.tensor_shape.dim.add(size=size)
    return t


def floats(values):
    return tensor(DT.DT_FLOAT, len(values), float_val=values)


def packed(values):
    return tensor(DT.DT_FLOAT, len(values), tensor_content=struct.pack("<%df" % len(values), *values))


def predict(name, inputs):
    request = predict_pb2.PredictRequest()
    request.model_spec.name = name
    for key, value in inputs.items():
        request.inputs[key].CopyFrom(value)
    return request


def loans(make):
    return {"income": make([2000, 8000]), "credit_cards": make([2, 0]), "age": make([45, 30])}


def tensor_values(t):
    """Decodes a TensorProto into {dtype, shape, values} (numbers, or UTF-8 strings for DT_STRING)."""
    kinds = {DT.DT_FLOAT: ("float_val", "f"), DT.DT_DOUBLE: ("double_val", "d"), DT.DT_INT32: ("int_val", "i"), DT.DT_INT64: ("int64_val", "q")}
    if t.dtype == DT.DT_STRING:
        values = [s.decode("utf-8") for s in t.string_val]
    elif t.dtype in kinds and t.tensor_content:
        code = kinds[t.dtype][1]
        values = list(struct.unpack("<%d%s" % (len(t.tensor_content) // struct.calcsize(code), code), t.tensor_content))
    elif t.dtype in kinds:
        values = list(getattr(t, kinds[t.dtype][0]))
    else:
        values = None
    return {"dtype": DT.DataType.Name(t.dtype), "shape": [d.size for d in t.tensor_shape.dim], "values": values}


def infer_values(output, raw, index):
    """Decodes a v2 output from its typed contents or from raw_output_contents[index]."""
    if len(raw) > index:
        code = {"FP32": "f", "FP64": "d", "INT32": "i", "INT64": "q"}.get(output.datatype)
        content = raw[index]
        if code:
            return list(struct.unpack("<%d%s" % (len(content) // struct.calcsize(code), code), content))
        strings, at = [], 0
        while at < len(content):
            (length,) = struct.unpack_from("<I", content, at)
            strings.append(content[at + 4:at + 4 + length].decode("utf-8"))
            at += 4 + length
        return strings
    c = output.contents
    if output.datatype == "BYTES":
        return [b.decode("utf-8") for b in c.bytes_contents]
    typed = {"FP32": c.fp32_contents, "FP64": c.fp64_contents, "INT32": c.int_contents, "INT64": c.int64_contents, "BOOL": c.bool_contents}
    return list(typed.get(output.datatype, []))


def tensors(outputs):
    return {k: tensor_values(v) for k, v in outputs.items()}


def infer_outputs(r):
    return {o.name: {"datatype": o.datatype, "shape": list(o.shape), "values": infer_values(o, r.raw_output_contents, i)} for i, o in enumerate(r.outputs)}


def fp32(name, values):
    return v2.ModelInferRequest.InferInputTensor(name=name, datatype="FP32", shape=[len(values)], contents=v2.InferTensorContents(fp32_contents=values))


def metadata(r):
    signature_map = metadata_pb2.SignatureDefMap()
    r.metadata["signature_def"].Unpack(signature_map)
    signature = signature_map.signature_def["serving_default"]

    def infos(infos_map):
        return {k: {"dtype": DT.DataType.Name(v.dtype), "shape": [d.size for d in v.tensor_shape.dim]} for k, v in infos_map.items()}

    return {"model": r.model_spec.name, "version": str(r.model_spec.version.value), "inputs": infos(signature.inputs),
            "outputs": infos(signature.outputs), "method_name": signature.method_name}


def model_metadata(r):
    def infos(ts):
        return [{"name": t.name, "datatype": t.datatype, "shape": list(t.shape)} for t in ts]

    return {"name": r.name, "versions": list(r.versions), "platform": r.platform, "inputs": infos(r.inputs), "outputs": infos(r.outputs)}


def error_code_name(status):
    return status.DESCRIPTOR.fields_by_name["error_code"].enum_type.values_by_number[status.error_code].name


bad_loans = {"income": tensor(DT.DT_STRING, 1, string_val=[b"x"]), "credit_cards": floats([1]), "age": floats([1])}
raw_request = v2.ModelInferRequest(model_name="loans", id="raw", inputs=[
    v2.ModelInferRequest.InferInputTensor(name=n, datatype="FP32", shape=[2]) for n in ("income", "credit_cards", "age")])
raw_request.raw_input_contents.extend([struct.pack("<2f", *v) for v in ([2000, 8000], [2, 0], [45, 30])])
bad_v2 = v2.ModelInferRequest(model_name="loans", inputs=[
    fp32("income", [1, 2]), v2.ModelInferRequest.InferInputTensor(name="credit_cards", datatype="FP32", shape=[3], contents=v2.InferTensorContents(fp32_contents=[1])),
    fp32("age", [1, 2])])
image = tensor(DT.DT_STRING, 1, string_val=[JPEG])

CASES = {
    "tf_predict_loans": (prediction.Predict, predict("loans", loans(floats)), lambda r: tensors(r.outputs)),
    "tf_predict_loans_packed": (prediction.Predict, predict("loans", loans(packed)), lambda r: tensors(r.outputs)),
    "tf_predict_orientation": (prediction.Predict, predict("text-orientation", {"image": image}), lambda r: tensors(r.outputs)),
    "tf_metadata_loans": (prediction.GetModelMetadata,
                          metadata_pb2.GetModelMetadataRequest(model_spec={"name": "loans"}, metadata_field=["signature_def"]), metadata),
    "tf_status_loans": (models.GetModelStatus, status_pb2.GetModelStatusRequest(model_spec={"name": "loans"}), lambda r: [
        {"version": str(s.version), "state": STATES.Name(s.state), "error_code": error_code_name(s.status)} for s in r.model_version_status]),
    "tf_bad_input": (prediction.Predict, predict("loans", bad_loans), lambda r: None),
    "tf_unknown_model": (prediction.Predict, predict("nosuch", loans(floats)), lambda r: None),
    "v2_server_live": (inference.ServerLive, v2.ServerLiveRequest(), lambda r: r.live),
    "v2_server_ready": (inference.ServerReady, v2.ServerReadyRequest(), lambda r: r.ready),
    "v2_model_metadata": (inference.ModelMetadata, v2.ModelMetadataRequest(name="loans"), model_metadata),
    "v2_infer_typed": (inference.ModelInfer, v2.ModelInferRequest(model_name="loans", id="typed", inputs=[
        fp32("income", [2000, 8000]), fp32("credit_cards", [2, 0]), fp32("age", [45, 30])]),
        lambda r: {"model_name": r.model_name, "id": r.id, "outputs": infer_outputs(r)}),
    "v2_infer_raw": (inference.ModelInfer, raw_request, lambda r: {"model_name": r.model_name, "id": r.id, "outputs": infer_outputs(r)}),
    "v2_bad_input": (inference.ModelInfer, bad_v2, lambda r: None),
    "health_check": (health.Check, health_pb2.HealthCheckRequest(service=""),
                     lambda r: health_pb2.HealthCheckResponse.ServingStatus.Name(r.status)),
}

results = {}
for name, (method, request, summarize) in CASES.items():
    try:
        results[name] = {"code": "OK", "result": summarize(method(request, timeout=60))}
    except grpc.RpcError as error:
        results[name] = {"code": error.code().name, "details": error.details()}
print(json.dumps(results))
channel.close()
