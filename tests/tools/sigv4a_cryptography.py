#!/usr/bin/env python3
"""SigV4A cross-check with a second implementation: Python `cryptography`.

Run by tests/sigv4a_cryptography.rs (not a generator: it answers on stdout).
Reads JSON lines on stdin, one per signature awssig made:

    {"akid": ..., "secret": ..., "x": hex, "y": hex, "sts": text, "sig": hex DER}

For each it
  1. derives the key pair from akid/secret with its own implementation of
     the SigV4A KDF (NIST SP 800-108 counter mode, HMAC-SHA256, hashlib/hmac)
     and `cryptography`'s EC arithmetic, and compares the public key with
     awssig's (x, y);
  2. verifies awssig's signature over the string to sign with
     `cryptography` (ECDSA P-256, SHA-256);
  3. signs the string to sign with `cryptography` (random nonce), for awssig
     to verify in return.

Writes one JSON line per input: {"key_ok": bool, "sig_ok": bool, "py_sig": hex}.
"""
import hashlib
import hmac
import json
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.exceptions import InvalidSignature

# The order of P-256 (FIPS 186-4, D.1.2.3).
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
LABEL = b"AWS4-ECDSA-P256-SHA256"


def derive(akid: str, secret: str) -> ec.EllipticCurvePrivateKey:
    key = b"AWS4A" + secret.encode()
    for counter in range(1, 255):
        fixed = (1).to_bytes(4, "big") + LABEL + b"\x00" + akid.encode() + bytes([counter]) + (256).to_bytes(4, "big")
        k = int.from_bytes(hmac.new(key, fixed, hashlib.sha256).digest(), "big")
        if k <= N - 2:
            return ec.derive_private_key(k + 1, ec.SECP256R1())
    raise ValueError("no key")


def main() -> None:
    keys = {}
    for line in sys.stdin:
        c = json.loads(line)
        ident = (c["akid"], c["secret"])
        if ident not in keys:
            keys[ident] = derive(*ident)
        priv = keys[ident]
        nums = priv.public_key().public_numbers()
        key_ok = (format(nums.x, "064x"), format(nums.y, "064x")) == (c["x"], c["y"])
        sts = c["sts"].encode()
        try:
            priv.public_key().verify(bytes.fromhex(c["sig"]), sts, ec.ECDSA(hashes.SHA256()))
            sig_ok = True
        except (InvalidSignature, ValueError):
            sig_ok = False
        py_sig = priv.sign(sts, ec.ECDSA(hashes.SHA256())).hex()
        print(json.dumps({"key_ok": key_ok, "sig_ok": sig_ok, "py_sig": py_sig}), flush=True)


if __name__ == "__main__":
    main()
