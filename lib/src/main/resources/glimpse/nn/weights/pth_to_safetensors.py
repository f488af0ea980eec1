"""Converts a PyTorch checkpoint (.pth/.pt) into safetensors with nothing but torch (Debian's
python3-torch; Debian has no python3-safetensors).

    python3 pth_to_safetensors.py IN.pth OUT.safetensors      (./glimpse weights convert IN OUT runs it)

The checkpoint is read by torch.load(weights_only=True), PyTorch's restricted unpickler: it rebuilds
tensors, dicts and lists only and refuses any other global a pickle names (os.system, eval, ...), so a
checkpoint that tries to run code fails here instead of running. A state dict nested under "model",
"state_dict" or "model_state" (DeiT's checkpoints use "model") is unwrapped; entries that are not
tensors are listed and dropped.

The output follows the safetensors format: an 8-byte little-endian header length N, N bytes of JSON
{name: {dtype, shape, data_offsets}} padded with spaces to a multiple of 8, then the tensors'
little-endian bytes back to back, in name order.
"""
import json
import struct
import sys

import torch

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
          torch.uint8: "U8", torch.bool: "BOOL"}


def tensor_bytes(t):
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:          # numpy has no bfloat16: the same 16 bits as int16
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def save(tensors, path, metadata=None):
    """Writes {name: tensor} as safetensors (the writer the tests use too)."""
    if sys.byteorder != "little":
        raise SystemExit("this writer assumes a little-endian machine")
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        if t.dtype not in DTYPES:
            raise SystemExit(f"tensor {name}: dtype {t.dtype} has no safetensors name")
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def state_dict(checkpoint):
    """The state dict, and the top-level entries left beside it when it was nested under a key."""
    if not isinstance(checkpoint, dict):
        raise SystemExit(f"the checkpoint holds a {type(checkpoint).__name__}, not a state dict of tensors")
    for key in ("model", "state_dict", "model_state"):
        if isinstance(checkpoint.get(key), dict):
            others = [str(k) for k in checkpoint if k != key]
            print(f"state dict under '{key}'; other entries not converted: {', '.join(sorted(others)) or 'none'}")
            return checkpoint[key]
    return checkpoint


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: pth_to_safetensors.py IN.pth OUT.safetensors")
    source, target = argv[1], argv[2]
    try:
        checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    except Exception as e:  # the restricted unpickler's refusal, or a damaged file
        raise SystemExit(f"{source}: refused by torch.load(weights_only=True): {type(e).__name__}: {e}")
    entries = state_dict(checkpoint)
    tensors = {k: v for k, v in entries.items() if isinstance(v, torch.Tensor)}
    dropped = sorted(k for k in entries if k not in tensors)
    if dropped:
        print(f"dropped {len(dropped)} non-tensor entries: {', '.join(map(str, dropped[:10]))}")
    save(tensors, target, {"format": "pt", "source": source.rsplit("/", 1)[-1]})
    print(f"wrote {target}: {len(tensors)} tensors")


if __name__ == "__main__":
    main(sys.argv)
