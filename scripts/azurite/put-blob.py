#!/usr/bin/env python3
"""Creates a container in Azurite and uploads files into it, signed with Shared Key as the emulator's published development
account (devstoreaccount1), for scripts/bench-storage.sh (curl cannot sign Shared Key).
Usage: put-blob.py BLOB_ENDPOINT CONTAINER [BLOB_NAME FILE]...
  BLOB_ENDPOINT is http://127.0.0.1:PORT/devstoreaccount1; the container is created when it does not exist."""
import base64
import email.utils
import hashlib
import hmac
import sys
import urllib.error
import urllib.parse
import urllib.request

ACCOUNT = "devstoreaccount1"
# Azurite's published development key (documented by Microsoft; not a secret).
KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
VERSION = "2021-12-02"


def send(endpoint, path, query, headers, body=b""):
    url = endpoint.rstrip("/") + "/" + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = dict(headers, **{"x-ms-date": email.utils.formatdate(usegmt=True), "x-ms-version": VERSION})
    content_type = headers.get("Content-Type", "")
    ms = "".join(f"{k}:{v}\n" for k, v in sorted((k.lower(), v) for k, v in headers.items() if k.lower().startswith("x-ms-")))
    resource = f"/{ACCOUNT}{urllib.parse.urlparse(url).path}" + "".join(f"\n{k}:{v}" for k, v in sorted(query.items()))
    to_sign = "\n".join(["PUT", "", "", str(len(body)) if body else "", "", content_type, "", "", "", "", "", ""]) + "\n" + ms + resource
    signature = base64.b64encode(hmac.new(KEY, to_sign.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{signature}"
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    try:
        urllib.request.urlopen(request).close()
    except urllib.error.HTTPError as error:
        if error.code != 409:  # the container exists already
            sys.exit(f"PUT {path}: {error.code} {error.read()[:300]!r}")


def main(endpoint, container, *pairs):
    # An explicit Content-Type: urllib would otherwise add one that is not in the signature.
    send(endpoint, container, {"restype": "container"}, {"Content-Type": "application/octet-stream"})
    for name, file in zip(pairs[::2], pairs[1::2]):
        with open(file, "rb") as handle:
            body = handle.read()
        send(endpoint, f"{container}/{name}", {}, {"x-ms-blob-type": "BlockBlob", "Content-Type": "application/octet-stream"}, body)


if __name__ == "__main__":
    if len(sys.argv) < 3 or len(sys.argv) % 2 == 0:
        sys.exit(__doc__)
    main(*sys.argv[1:])
