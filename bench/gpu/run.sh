#!/bin/sh
# Inklab's GPU bench, carried to a GPU machine that has no Node and no network: unpacks Node and
# Dawn, finds Vulkan (the loader carried here when the machine has none; an ICD file for
# NVIDIA's driver when the machine has its libraries but no ICD file), then trains the lab's CNN
# on WebGPU and in the machine's own PyTorch (CUDA), interleaved, and writes result.json.
# Extra arguments go to the bench, e.g. --batches 1,128,1024 --steps 20 --rounds 3.
set -eu
cd "$(dirname "$0")"

[ -x node ] || { gunzip -c node.gz > node.part && chmod +x node.part && mv node.part node; }
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$dawn" ] || { gunzip -c "$dawn.gz" > "$dawn.part" && mv "$dawn.part" "$dawn"; }

has_lib() {
  ldconfig -p 2>/dev/null | grep -q "$1" ||
    ls /usr/lib/x86_64-linux-gnu/"$1" /usr/lib64/"$1" /usr/lib/"$1" >/dev/null 2>&1
}
if ! has_lib libvulkan.so.1; then
  echo "run.sh: no Vulkan loader on this machine; using the one carried in lib/" >&2
  export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
if [ -z "${VK_ICD_FILENAMES:-}" ] &&
  ! ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1 &&
  has_lib libGLX_nvidia.so.0; then
  echo "run.sh: NVIDIA's driver without a Vulkan ICD file; writing nvidia_icd.json" >&2
  printf '{"file_format_version": "1.0.0", "ICD": {"library_path": "libGLX_nvidia.so.0", "api_version": "1.3.0"}}\n' > nvidia_icd.json
  export VK_ICD_FILENAMES="$PWD/nvidia_icd.json"
fi

exec ./node gpu-bench.mjs --data data --pytorch pytorch_cnn.py --python "${PYTHON:-python3}" --out result.json "$@"
